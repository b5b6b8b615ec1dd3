"""Member-facing pages: my profile, a member's profile, the directory, and
the member's own data (export, deletion)."""

import json

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Case, F, Q, Subquery, When
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core.pagination import paginate
from core.ratelimit import over_rate_limit
from core.security import can_view_page, visible_to

from . import bookmarks, mentions, sections, speakers
from .comments import discussions_version, member_recent_comments
from .forms import MemberProfileForm
from .models import Bookmark, Institution, InstitutionKind, MemberProfile, Person, Topic

DIRECTORY_PAGE_SIZE = 24
BOOKMARKS_PAGE_SIZE = 20


def edit_profile(request):
    """The member edits their profile and chooses what others see."""
    profile = MemberProfile.for_user(request.user)
    form = MemberProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=profile,
        language_code=get_language(),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("members:edit_profile")
    return render(request, "community/edit_profile.html", {"form": form, "profile": profile})


def member_profile(request, pk):
    """A member's profile, as they chose to show it. Hidden profiles, and
    accounts whose address is not verified, are visible to their owner only.

    Its body is cached (`{% members_fragment %}`, community/member_cache.py)
    per member, viewer's groups and "is it me": what it needs is read only
    when it is rendered. A warm profile of another member costs one query,
    the check that they are listed (and their name)."""
    is_self = pk == request.user.pk
    if is_self:
        member = request.user
        profile = MemberProfile.objects.select_related("institution").filter(
            user=member
        ).first() or MemberProfile.for_user(member)
    else:
        # Verified, active and shown in the directory, or not found.
        profile = (
            MemberProfile.objects.in_directory()
            .select_related("user", "institution")
            .filter(user_id=pk)
            .first()
        )
        if profile is None:
            raise Http404
        member = profile.user
    sections_shown = SimpleLazyObject(lambda: sections.profile_sections(member, request.user))
    return render(
        request,
        "community/member_profile.html",
        {
            "member": member,
            "profile": profile,
            "is_self": is_self,
            "topics": SimpleLazyObject(
                lambda: list(profile.topics.filter(locale__language_code=get_language()))
            ),
            "shared": SimpleLazyObject(lambda: list(shared_resources(member, request.user))),
            "recent_comments": SimpleLazyObject(
                lambda: member_recent_comments(member, request.user)
            ),
            "profile_sections": sections_shown,
            "discussions_version": SimpleLazyObject(discussions_version),
            # Events listed end: the cached body lasts no longer than the first.
            "ending": lambda: [
                item.end
                for _key, _label, pages in sections_shown
                for item in pages
                if getattr(item, "end", None)
            ],
        },
    )


SHARED_SHOWN = 20


def shared_resources(member, viewer):
    """The live resources the member shared that ``viewer`` may see, newest
    first, as the apps that let members share them tell (registered in
    `community.sections`)."""
    finders = sections.shared_page_finders()
    if not finders:
        return Page.objects.none()
    shared = Q()
    for find in finders:
        shared |= Q(pk__in=find(member))
    return (
        visible_to(Page.objects.live().filter(shared), viewer)
        .select_related("locale")  # the profile marks titles in another language
        .order_by("-first_published_at")[:SHARED_SHOWN]
    )


def directory(request):
    """Members who show their profile: search by name, job title or
    institution; filter by institution, kind of institution, region, topic.

    The filters and the cards are the same for every member: cached per
    address (`{% members_fragment %}`, community/member_cache.py), read only
    when rendered."""
    query = request.GET.get("q", "").strip()[:100]
    institution_id = request.GET.get("institution", "")
    kind = request.GET.get("kind", "")
    region = request.GET.get("region", "").strip()[:100]
    topic_slug = request.GET.get("topic", "")
    filters = request.GET.copy()
    filters.pop("page", None)
    listing = SimpleLazyObject(
        lambda: _directory_listing(request, query, institution_id, kind, region, topic_slug)
    )
    return render(
        request,
        "community/directory.html",
        {
            "listing": listing,
            "members": SimpleLazyObject(lambda: listing["members"]),
            "query": query,
            "filter_query": filters.urlencode(),
            "kinds": InstitutionKind.choices,
            "selected": {
                "institution": institution_id,
                "kind": kind,
                "region": region,
                "topic": topic_slug,
            },
        },
    )


def _directory_listing(request, query, institution_id, kind, region, topic_slug):
    """What the directory's cached part shows: the page of members, the
    filters' choices and how many filters apply."""
    language = get_language()
    profiles = (
        MemberProfile.objects.in_directory()
        .select_related("user", "institution")
        .order_by("user__last_name", "user__first_name", "user_id")  # an index
    )
    if query:
        for word in query.split()[:5]:
            profiles = profiles.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(job_title__icontains=word)
                | Q(institution__name__icontains=word)
                | Q(institution__short_name__icontains=word)
            )
    if institution_id.isdigit():
        profiles = profiles.filter(institution_id=institution_id)
    if kind in InstitutionKind.values:
        profiles = profiles.filter(institution__kind=kind)
    if region:
        profiles = profiles.filter(institution__region=region)
    topics = list(Topic.objects.filter(locale__language_code=language))
    topic = next((t for t in topics if t.slug == topic_slug), None) if topic_slug else None
    if topic is not None:
        # Members pick topics in their own language: match every translation.
        profiles = profiles.filter(topics__translation_key=topic.translation_key).distinct()
    return {
        "members": paginate(request, profiles, per_page=DIRECTORY_PAGE_SIZE),
        "institutions": Institution.objects.only("pk", "name"),
        "regions": (
            Institution.objects.exclude(region="")
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        ),
        "topics": topics,
        "active_filter_count": sum(
            bool(applied)
            for applied in (
                query,
                institution_id.isdigit(),
                kind in InstitutionKind.values,
                region,
                topic,
            )
        ),
    }


def member_data(user):
    """Everything CM Hub keeps about the member, as JSON-ready data."""
    profile = MemberProfile.objects.filter(user=user).select_related("institution").first()
    data = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "groups": list(user.groups.values_list("name", flat=True)),
        },
        "profile": None,
    }
    if profile is not None:
        data["profile"] = {
            "institution": profile.institution.name if profile.institution else None,
            "job_title": profile.job_title,
            "bio": profile.bio,
            "linkedin_url": profile.linkedin_url,
            "x_handle": profile.x_handle,
            "website": profile.website,
            "avatar": profile.avatar.name or None,
            "languages": profile.languages,
            "topics": list(profile.topics.values_list("name", flat=True)),
            "visible_in_directory": profile.visible_in_directory,
            "show_email": profile.show_email,
            "show_social": profile.show_social,
            "digest_frequency": profile.digest_frequency,
        }
    # What the apps above community keep (registrations, proposals…).
    data.update(sections.member_data(user))
    return data


def download_my_data(request):
    """The member's data as a JSON file (right of access and portability)."""
    body = json.dumps(member_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cmhub-my-data.json"'
    return response


def anonymise_comments(user):
    """Comments copy their author's name, e-mail and IP address; blank them
    (the comment's user link itself is SET_NULL by the deletion)."""
    if apps.is_installed("django_comments"):
        Comment = apps.get_model("django_comments", "Comment")
        Comment.objects.filter(user=user).update(
            user_name=_("Former member"), user_email="", user_url="", ip_address=None
        )


def delete_account(request):
    """Deleting the account, after the member types their e-mail address.

    The user row is deleted: the profile, registrations and feed tokens go
    with it (CASCADE); what others keep a reference to (pages' revisions,
    invitations sent) forgets the author (SET_NULL). Comments keep their
    text but lose the name, address and IP copied into them.
    """
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm_email", "").strip().lower() == request.user.email.lower():
            user = request.user
            logout(request)
            with transaction.atomic():
                anonymise_comments(user)
                user.delete()
            messages.success(request, _("Your account and your data have been deleted."))
            return redirect("account_login")
        error = _("Type your e-mail address exactly to confirm.")
    return render(request, "community/delete_account.html", {"error": error})


def mention_suggestions(request):
    """Members to mention in a comment, as JSON, for the comment form's
    autocomplete: only members the directory lists (hidden profiles and
    unverified accounts are never offered). A member asking more than
    ``MENTION_AUTOCOMPLETE_RATE_LIMIT`` times a minute gets a 429 (JSON,
    with the reason): the list then stays closed, the comment form works."""
    if over_rate_limit(request, "mention-suggest", settings.MENTION_AUTOCOMPLETE_RATE_LIMIT):
        message = _("You are asking for suggestions very quickly. Please wait a minute.")
        response = JsonResponse({"error": message, "results": []}, status=429)
        response["Retry-After"] = "60"
        return response
    query = request.GET.get("q", "")[:80]
    return JsonResponse({"results": mentions.suggestions(query)})


@require_POST
def toggle_bookmark(request, page_id):
    """Add the page to the member's bookmarks, or take it out. A form post
    (back to the page, with a message) or, from the page's script, a JSON
    answer. Only live pages of a bookmarkable type the member may view."""
    page = get_object_or_404(Page.objects.live().specific(), pk=page_id)
    if not bookmarks.is_bookmarkable(page) or not can_view_page(page, request.user):
        raise Http404
    deleted, _rows = Bookmark.objects.filter(member=request.user, page=page).delete()
    bookmarked = not deleted
    if bookmarked:
        Bookmark.objects.get_or_create(member=request.user, page=page)
    message = _("Added to your bookmarks.") if bookmarked else _("Removed from your bookmarks.")
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"bookmarked": bookmarked, "message": message})
    messages.success(request, message)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(page.get_url(request))


def my_bookmarks(request):
    """ "My bookmarks": the pages the member kept, newest first, by kind,
    20 per page. Pages the member may no longer see are left out."""
    kinds = bookmarks.bookmark_kinds()
    kind = request.GET.get("kind", "")
    if kind not in dict(kinds):
        kind = ""
    page = paginate(
        request,
        bookmarks.visible_bookmarks(request.user, kind or None).only("pk", "page_id", "created_at"),
        per_page=BOOKMARKS_PAGE_SIZE,
    )
    pages = (
        Page.objects.filter(pk__in=[b.page_id for b in page.object_list])
        .annotate(language=F("locale__language_code"))
        .specific()
        .in_bulk()
    )
    translations = _translations_in_active_language(pages.values(), request.user)
    items = []
    for bookmark in page.object_list:
        target = pages.get(bookmark.page_id)
        if target is not None:
            shown = translations.get(target.translation_key, target)
            items.append({"bookmark": bookmark, "page": target, "shown": shown})
    return render(
        request,
        "community/bookmarks.html",
        {
            "items": items,
            "bookmarks": page,
            "kinds": kinds,
            "kind": kind,
            "filter_query": f"kind={kind}" if kind else "",
        },
    )


def _translations_in_active_language(pages, member):
    """translation key → the live translation, in the language the member
    reads, of those of ``pages`` (annotated with their ``language``) kept in
    another language, that the member may view: an English reader sees
    "Webinar: handling a backlash" for the French webinar they kept. No
    query when all are in that language."""
    language = get_language()
    keys = [page.translation_key for page in pages if page.language != language]
    if not keys:
        return {}
    translated = Page.objects.live().filter(
        translation_key__in=keys, locale__language_code=language
    )
    return {page.translation_key: page for page in visible_to(translated, member).specific()}


def speaker(request, pk, slug):
    """A speaker's page: photo, role, institution, bio, and the talks and
    events (live, that the member may view) where they speak, as the apps
    that own them register (community.speakers). The person is shown in the
    active language: the address of another translation, or with another
    name, leads to this one."""
    person = (
        Person.objects.filter(
            translation_key=Subquery(Person.objects.filter(pk=pk).values("translation_key")[:1])
        )
        .select_related("institution", "photo", "locale")
        .order_by(
            Case(When(locale__language_code=get_language(), then=0), default=1),
            Case(When(pk=pk, then=0), default=1),
        )
        .first()
    )
    if person is None:
        raise Http404
    if person.pk != pk or slug != person.slug:
        return redirect(person.get_absolute_url())
    return render(
        request,
        "community/speaker.html",
        {"person": person, "sections": speakers.speaker_sections(person, request.user)},
    )
