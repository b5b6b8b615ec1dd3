"""Members' registrations to events: a seat, or a place on the waitlist
(every change goes through events.services)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import MemberProfile


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet):
    """Registrations, by status and by event (whatever its translation)."""

    def for_event(self, event):
        return self.filter(event__translation_key=event.translation_key)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self):
        """Waitlisted registrations, first in line first."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlist_position")

    def active(self):
        """Confirmed or waitlisted: not cancelled."""
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def cancelled(self):
        return self.filter(status=RegistrationStatus.CANCELLED)


class Registration(models.Model):
    """A member's seat at an event, or their place on its waitlist.

    Every change to an event's registrations happens in `events.services`,
    inside one transaction holding a row lock on the event, so the
    capacity is never exceeded and waitlist positions stay 1, 2, 3… in the
    order members registered.
    """

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("seat confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    listed = models.BooleanField(
        _("show me among the attendees"),
        default=False,
        help_text=_(
            "Members see your name and institution in the list of who is coming, "
            "and the event on your profile."
        ),
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                condition=~Q(status="cancelled"),
                name="events_one_active_registration_per_member",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="events_waitlist_position_only_when_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="events_reg_event_status")]

    def __str__(self):
        return f"{self.member} — {self.event} ({self.get_status_display()})"

    @property
    def is_confirmed(self):
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == RegistrationStatus.WAITLISTED


def registered_translation_keys(user):
    """Translation keys of the events the member holds a seat or a waitlist
    place for (one query), to badge them on listings."""
    if not user.is_authenticated:
        return set()
    return set(
        Registration.objects.active()
        .filter(member=user)
        .values_list("event__translation_key", flat=True)
    )


def is_organiser(user):
    """Whether ``user`` organises events: they see every registrant (the
    same permission as the registrants' report in the admin)."""
    return user.is_authenticated and user.has_perm("events.view_registration")


def attendees(event, viewer):
    """Who is coming to ``event``, as ``viewer`` may see it (one query).

    Members see the confirmed members who chose to be listed and whose
    profile shows in the directory (a hidden profile is never listed);
    organisers see every seat and waitlist place, listed or not."""
    registrations = (
        Registration.objects.for_event(event)
        .active()
        .select_related("member__profile__institution")
        .order_by("status", "waitlist_position", "created_at", "pk")
    )
    if not is_organiser(viewer):
        registrations = registrations.filter(
            status=RegistrationStatus.CONFIRMED,
            listed=True,
            member__profile__in=MemberProfile.objects.in_directory(),
        )
    return list(registrations)
