"""The kinds of notification, what each says and how a member gets it by
default. Apps name a kind when they call `notifications.notify`."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class Channel:
    """How a member wants one kind of notification."""

    SITE = "site"  # on the notifications page only
    EMAIL = "email"  # on the page and by e-mail
    OFF = "off"  # not at all

    choices = [
        (SITE, _("In the site")),
        (EMAIL, _("In the site and by e-mail")),
        (OFF, _("Not at all")),
    ]


@dataclass(frozen=True)
class Kind:
    """One kind of notification.

    ``message`` is formatted with the notification's context (plus ``actor``,
    the name of who caused it). ``own_email``: the app that notifies sends
    its own, richer e-mail (it asks `wants_email` first), so the generic one
    is not sent."""

    code: str
    label: str
    message: str
    default: str = Channel.SITE
    own_email: bool = False


KINDS = {
    kind.code: kind
    for kind in (
        Kind(
            "reply",
            _("Replies to my comments"),
            _("%(actor)s replied to your comment on “%(title)s”."),
        ),
        Kind(
            "mention",
            _("Mentions of me in comments"),
            _("%(actor)s mentioned you in a comment on “%(title)s”."),
            default=Channel.EMAIL,
        ),
        Kind(
            "waitlist",
            _("A seat freed up for me on a waitlist"),
            _("A seat has freed up for you: “%(title)s”. Your registration is confirmed."),
            default=Channel.EMAIL,
            own_email=True,
        ),
        Kind(
            "proposal",
            _("My proposals (sent back, published, not published)"),
            _("Your proposal “%(title)s”: %(status)s."),
            default=Channel.EMAIL,
            own_email=True,
        ),
        Kind(
            "followed",
            _("New resources and events in what I follow"),
            _("New in %(followed)s: “%(title)s”."),
        ),
        Kind(
            "reminder",
            _("Reminders of events I am registered for"),
            _("Reminder: “%(title)s” starts %(when)s."),
            default=Channel.EMAIL,
        ),
        Kind(
            "moderation",
            _("A moderator removed my comment"),
            _("A moderator removed your comment on “%(title)s”. Reason: %(reason)s"),
            default=Channel.EMAIL,
        ),
    )
}
