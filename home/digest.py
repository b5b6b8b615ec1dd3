"""The digest e-mail: what is new on CM Hub for a member, in their language.

`manage.py send_digest` (run by cron, e.g. every Monday morning) enqueues one
`send_member_digest` task per member due. A member is due when they chose
the weekly digest and their last one is at least a week old. The e-mail
lists the resources published since then in the topics they follow (their
topics of expertise; all topics when they chose none), the upcoming events
and the discussions active in the period. Nothing new: no e-mail.

The digest lives in `home` because it reads every content app (community
may not import resources or events).
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_tasks import task

from community.models import DigestFrequency, MemberProfile
from core.emails import site_email
from core.links import public_url
from core.security import visible_to
from events.models import EventPage
from notifications.api import channel_for, visible_notifications
from notifications.kinds import Channel
from resources.models import RESOURCE_MODELS

PERIOD = datetime.timedelta(days=7)
#: A little slack, so a cron run a few minutes early still finds last week's members due.
SLACK = datetime.timedelta(hours=1)
MAX_RESOURCES = 10
MAX_EVENTS = 5
MAX_DISCUSSIONS = 5
MAX_FOLLOWED = 10


def members_due(now=None):
    """Active members with a verified address and the weekly digest (the
    default, also for members without a profile yet) whose last one is at
    least a week old."""
    now = now or timezone.now()
    return (
        get_user_model()
        .objects.verified_members()
        .filter(
            # Members who never opened their profile have the default: weekly.
            Q(profile__isnull=True)
            | Q(
                Q(profile__digest_sent_at__isnull=True)
                | Q(profile__digest_sent_at__lte=now - PERIOD + SLACK),
                profile__digest_frequency=DigestFrequency.WEEKLY,
            )
        )
        .order_by("pk")
    )


def enqueue_digests(now=None):
    """One task per member due; returns how many were enqueued."""
    now = now or timezone.now()
    count = 0
    for user_id in members_due(now).values_list("pk", flat=True).iterator():
        send_member_digest.enqueue(user_id, now.isoformat())
        count += 1
    return count


def new_resources(language, since, until, topic_keys, user=None):
    """Live resources first published in the period, in the member's topics,
    that ``user`` may see."""
    found = []
    for model in RESOURCE_MODELS:
        pages = visible_to(model.objects.live(), user).filter(
            locale__language_code=language,
            first_published_at__gte=since,
            first_published_at__lt=until,
        )
        if topic_keys:
            pages = pages.filter(topics__translation_key__in=topic_keys).distinct()
        found.extend(pages.order_by("-first_published_at")[:MAX_RESOURCES])
    found.sort(key=lambda page: page.first_published_at, reverse=True)
    return found[:MAX_RESOURCES]


def upcoming_events(language, now, user=None):
    events = visible_to(EventPage.objects.live(), user)
    return list(events.filter(locale__language_code=language).upcoming(now)[:MAX_EVENTS])


def active_discussions(language, since, until, user=None):
    """Pages in the member's language with public comments in the period,
    the most commented first, among those ``user`` may see."""
    if not apps.is_installed("django_comments_xtd"):
        return []
    from django.db.models import Count
    from wagtail.models import Page

    XtdComment = apps.get_model("django_comments_xtd", "XtdComment")
    counts = (
        XtdComment.objects.filter(
            submit_date__gte=since,
            submit_date__lt=until,
            is_public=True,
            is_removed=False,
        )
        .values("object_pk")
        .annotate(count=Count("pk"))
        .order_by("-count")[:50]
    )
    by_pk = {int(row["object_pk"]): row["count"] for row in counts if row["object_pk"].isdigit()}
    pages = visible_to(Page.objects.live(), user)
    pages = pages.filter(pk__in=by_pk, locale__language_code=language).specific()
    discussions = [(page, by_pk[page.pk]) for page in pages]
    discussions.sort(key=lambda item: -item[1])
    return discussions[:MAX_DISCUSSIONS]


def followed_news(user, since, until):
    """What was published in what the member follows during the period (their
    "followed" notifications, pages they may still see), unless they turned
    those notifications off."""
    if channel_for(user, "followed") == Channel.OFF:
        return []
    return list(
        visible_notifications(user)
        .filter(kind="followed", created_at__gte=since, created_at__lt=until)
        .order_by("-created_at")[:MAX_FOLLOWED]
    )


def digest_email(user, since, until):
    """The digest e-mail for the member, or None when there is nothing new."""
    profile = MemberProfile.for_user(user)
    language = user.preferred_language
    topic_keys = list(profile.topics.values_list("translation_key", flat=True))
    with translation.override(language):
        # Nothing from a page the member may not see (view restrictions).
        resources = new_resources(language, since, until, topic_keys, user)
        discussions = active_discussions(language, since, until, user)
        followed = followed_news(user, since, until)
        events = upcoming_events(language, until, user)
        if not (resources or discussions or followed):
            return None
        context = {
            "member": user,
            "resources": resources,
            "events": events,
            "discussions": discussions,
            "followed": followed,
            "profile_url": public_url(reverse("members:edit_profile")),
        }
        subject = _("What's new on CM Hub this week")
        return site_email(subject, "home/email/digest.txt", context, user.email)


@task()
def send_member_digest(user_id: int, until: str):
    """Send one member's digest for the week ending at `until` (ISO date-time)."""
    until_at = parse_datetime(until)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    profile = MemberProfile.for_user(user)
    since = max(profile.digest_sent_at or until_at - PERIOD, until_at - PERIOD)
    email = digest_email(user, since, until_at)
    if email is not None:
        email.send()
    MemberProfile.objects.filter(pk=profile.pk).update(digest_sent_at=until_at)
