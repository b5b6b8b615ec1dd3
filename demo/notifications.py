"""The demo member's follows and unread notifications, so that `make run`
shows the bell, the notifications page and the "Suivis" page filled in.

Notifications are written directly (not through `notifications.notify`):
the demo's members are fictional and must get no e-mail. Each has a key,
so loading the demo again adds nothing."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django_comments_xtd.models import XtdComment

from community.models import Institution, Person, Topic
from events.models import EventReminder, Registration, ReminderKind
from events.reminders import AHEAD
from notifications.follows import follow
from notifications.models import Notification
from resources.models import GuideIndexPage, GuidePage, TalkPage

from .comments import DEMO_MEMBER


def _live(model, language="fr"):
    return model.objects.live().filter(locale__language_code=language).order_by("path")


def _notification(member, key, kind, page=None, url="", actor=None, **context):
    if actor is not None:
        context["actor"] = str(actor)
    if page is not None:
        context.setdefault("title", page.title)
        url = url or page.url
    _notification, created = Notification.objects.get_or_create(
        recipient=member,
        key=f"demo:{key}",
        defaults={"kind": kind, "page": page, "url": url, "actor": actor, "context": context},
    )
    return created


def load_notifications():
    """Follows and unread notifications of the demo member; a summary line."""
    member = get_user_model().objects.filter(email=DEMO_MEMBER).first()
    if member is None:
        return "no demo member"
    section = _live(GuideIndexPage).first()
    followed = [
        obj
        for obj in (
            section,
            Topic.objects.filter(locale__language_code="fr").order_by("name").first(),
            Person.objects.filter(locale__language_code="fr").order_by("last_name").first(),
            Institution.objects.order_by("name").first(),
        )
        if obj is not None
    ]
    for obj in followed:
        follow(member, obj)

    created = 0
    guide_type = ContentType.objects.get_for_model(GuidePage)
    mine = XtdComment.norel_objects.filter(user=member, content_type=guide_type).first()
    reply = (
        XtdComment.norel_objects.filter(parent_id=mine.pk)
        .exclude(pk=mine.pk)
        .select_related("user")
        .first()
        if mine
        else None
    )
    if reply is not None:
        page = GuidePage.objects.get(pk=int(reply.object_pk))
        created += _notification(
            member, "reply", "reply", page, url=f"{page.url}#c{reply.pk}", actor=reply.user
        )
    talk = _live(TalkPage).first()
    author = (
        get_user_model()
        .objects.exclude(pk=member.pk)
        .filter(comment_comments__isnull=False)
        .first()
    )
    if talk is not None and author is not None:
        created += _notification(member, "mention", "mention", talk, actor=author)
    newest = _live(GuidePage).order_by("-first_published_at").first()
    if newest is not None and section is not None:
        created += _notification(
            member,
            "followed",
            "followed",
            newest,
            followed=section.title,
            followed_key=str(section.translation_key),
            followed_language=section.locale.language_code,
        )
    # The reminder of an event that does start within a day (the scheduler's
    # rule), recorded as sent so that the scheduler does not send it again.
    now = timezone.now()
    registration = (
        Registration.objects.confirmed()
        .filter(member=member, event__live=True, event__start__gt=now)
        .filter(event__start__lte=now + AHEAD[ReminderKind.DAY_BEFORE])
        .select_related("event")
        .order_by("event__start", "event_id")
        .first()
    )
    if registration is not None:
        EventReminder.objects.get_or_create(registration=registration, kind=ReminderKind.DAY_BEFORE)
        with translation.override(None):
            created += _notification(
                member, "reminder", "reminder", registration.event, when="within a day"
            )
    return f"{len(followed)} follows and {created} new notifications for {DEMO_MEMBER}"
