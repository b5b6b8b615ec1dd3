"""Demo member activity (issue 17): the demo member's bookmarks, an upcoming
event with members listed among its attendees (and one hidden profile that
never shows there), and the reason of the demo's flagged comment.

Speakers need nothing here: every person of the demo who speaks at an event
or gave a talk has a page already (community.speakers).

``load_member_activity()`` is idempotent.
"""

from django.contrib.auth import get_user_model
from django_comments.models import CommentFlag

from community.models import Bookmark, CommentFlagReason, FlagReason
from events import services
from events.models import EventPage, Registration
from resources.models import CaseStudyPage, GuidePage, TalkPage

from . import members as members_data
from .comments import DEMO_MEMBER

#: Demo members who register for the demo's next open event and chose to be listed.
LISTED = 4


def _first(model, count=1):
    return list(model.objects.live().filter(locale__language_code="fr").order_by("path")[:count])


def load_member_activity():
    """Bookmarks, listed attendees, a flag's reason; return a one-line summary."""
    User = get_user_model()
    member = User.objects.filter(email=DEMO_MEMBER).first()
    if member is None:
        return "no demo member: nothing to do"
    kept = [*_first(GuidePage, 2), *_first(TalkPage), *_first(CaseStudyPage)]
    event = next(
        (
            page
            for page in EventPage.objects.live()
            .filter(locale__language_code="fr")
            .upcoming()
            .order_by("start", "pk")
            if page.registration_is_open()
        ),
        None,
    )
    if event is not None:
        kept.append(event)
    for page in kept:
        Bookmark.objects.get_or_create(member=member, page=page)

    listed = 0
    if event is not None:
        emails = [item["email"] for item in members_data.MEMBERS]
        attendees = [member, *User.objects.filter(email__in=emails).order_by("pk")]
        for user in attendees[: LISTED + 2]:
            try:
                registration, _created = services.register(event, user, notify=False)
            except services.RegistrationError:
                break
            Registration.objects.filter(pk=registration.pk).update(listed=True)
            listed += 1

    for flag in CommentFlag.objects.filter(flag=CommentFlag.SUGGEST_REMOVAL):
        CommentFlagReason.objects.get_or_create(
            flag=flag,
            defaults={
                "reason": FlagReason.SPAM,
                "details": "Lien promotionnel sans rapport avec la discussion.",
            },
        )
    return f"{len(kept)} bookmarks for the demo member, {listed} members listed on “{event}”"
