"""Member-facing pages: my profile, a member's profile, the directory, and
the member's own data (export, deletion)."""

import json

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.pagination import paginate

from . import mentions, sections
from .forms import MemberProfileForm
from .models import Institution, InstitutionKind, MemberProfile, Topic

DIRECTORY_PAGE_SIZE = 24


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
    accounts whose address is not verified, are visible to their owner only."""
    is_self = pk == request.user.pk
    if is_self:
        member = request.user
    else:
        member = get_object_or_404(get_user_model().objects.verified_members(), pk=pk)
    profile = (
        MemberProfile.objects.select_related("institution")
        .prefetch_related("topics")
        .filter(user=member)
        .first()
    )
    if not is_self and (profile is None or not profile.visible_in_directory):
        raise Http404
    if profile is None:
        profile = MemberProfile.for_user(member)
    topics = profile.topics.filter(locale__language_code=get_language())
    return render(
        request,
        "community/member_profile.html",
        {
            "member": member,
            "profile": profile,
            "is_self": is_self,
            "topics": topics,
            "shared": shared_resources(member),
        },
    )


SHARED_SHOWN = 20


def shared_resources(member):
    """The live resources the member shared, newest first, as the apps that
    let members share them tell (registered in `community.sections`)."""
    finders = sections.shared_page_finders()
    if not finders:
        return Page.objects.none()
    shared = Q()
    for find in finders:
        shared |= Q(pk__in=find(member))
    return Page.objects.live().filter(shared).order_by("-first_published_at")[:SHARED_SHOWN]


def directory(request):
    """Members who show their profile: search by name, job title or
    institution; filter by institution, kind of institution, region, topic."""
    language = get_language()
    profiles = (
        MemberProfile.objects.in_directory()
        .select_related("user", "institution")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        for word in query.split()[:5]:
            profiles = profiles.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(job_title__icontains=word)
                | Q(institution__name__icontains=word)
                | Q(institution__short_name__icontains=word)
            )
    institution_id = request.GET.get("institution", "")
    if institution_id.isdigit():
        profiles = profiles.filter(institution_id=institution_id)
    kind = request.GET.get("kind", "")
    if kind in InstitutionKind.values:
        profiles = profiles.filter(institution__kind=kind)
    region = request.GET.get("region", "").strip()[:100]
    if region:
        profiles = profiles.filter(institution__region=region)
    topics = Topic.objects.filter(locale__language_code=language)
    topic_slug = request.GET.get("topic", "")
    topic = topics.filter(slug=topic_slug).first() if topic_slug else None
    if topic is not None:
        # Members pick topics in their own language: match every translation.
        profiles = profiles.filter(topics__translation_key=topic.translation_key).distinct()

    page = paginate(request, profiles, per_page=DIRECTORY_PAGE_SIZE)
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "community/directory.html",
        {
            "members": page,
            "query": query,
            "filter_query": filters.urlencode(),
            "institutions": Institution.objects.only("pk", "name"),
            "kinds": InstitutionKind.choices,
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
            "selected": {
                "institution": institution_id,
                "kind": kind,
                "region": region,
                "topic": topic_slug,
            },
        },
    )


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
    unverified accounts are never offered)."""
    query = request.GET.get("q", "")[:80]
    return JsonResponse({"results": mentions.suggestions(query)})
