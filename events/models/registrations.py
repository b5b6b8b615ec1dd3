"""Members' registrations to events: a seat, or a place on the waitlist
(every change goes through events.services)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import MemberProfile
from core import fragments


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


#: The translation keys of the events a member holds a seat or a waitlist
#: place for (`registered_translation_keys`), cached per member.
REGISTERED_KEY = "events:registered:1:{member}"
#: How long a member's keys stay cached (every change forgets them sooner).
REGISTERED_TIMEOUT = 600


def registered_translation_keys(user):
    """Translation keys of the events the member holds a seat or a waitlist
    place for, to badge them on listings: one query, then cached for the
    member (read through the request's read-ahead like any entry,
    core/readahead.py) until one of their registrations is saved or deleted
    (`forget_registered_keys`). With FRAGMENT_CACHE_TIMEOUT at 0 nothing is
    cached."""
    if not user.is_authenticated:
        return set()
    cached = settings.FRAGMENT_CACHE_TIMEOUT > 0
    key = REGISTERED_KEY.format(member=user.pk)
    keys = cache.get(key) if cached else None
    if keys is None:
        keys = frozenset(
            Registration.objects.active()
            .filter(member=user)
            .values_list("event__translation_key", flat=True)
        )
        if cached:
            cache.set(key, keys, REGISTERED_TIMEOUT)
    return set(keys)


def forget_registered_keys(member_id):
    """A registration of the member changed: read their keys again, now and
    once the transaction commits (a request that read the rows before the
    commit may have cached them again in between)."""
    key = REGISTERED_KEY.format(member=member_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


#: The event page's registration figures: seats taken, waitlist length and
#: the member's own active registration (id, event, status, waitlist place,
#: listed), over the registrations of every translation of the event.
#: Written out rather than built by the ORM: built, the same query cost
#: about 1.3 ms of CPU to compile and 4-5 ms in all on the bench's loaded
#: machine, written 0.1 ms and 0.2 ms (PostgreSQL and SQLite both read
#: FILTER).
_SUMMARY_SQL = """
SELECT
    COUNT(*) FILTER (WHERE r.status = %(confirmed)s),
    COUNT(*) FILTER (WHERE r.status = %(waitlisted)s),
    MAX(r.id) FILTER (WHERE {mine}),
    MAX(r.event_id) FILTER (WHERE {mine}),
    MAX(r.status) FILTER (WHERE {mine}),
    MAX(r.waitlist_position) FILTER (WHERE {mine}),
    COUNT(*) FILTER (WHERE {mine} AND r.listed)
FROM {registration} r
WHERE r.event_id IN (SELECT p.id FROM {page} p WHERE p.translation_key = %(key)s)
"""


#: The event page's registration figures for one member (`registration_summary`),
#: cached under the content version they were read at.
SUMMARY_KEY = "events:summary:1:{event}:{member}:{version}"


def registration_summary(event, member):
    """``(confirmed, waitlisted, registration)`` for the event page, in one
    query: the seats taken, the length of the waitlist and the member's own
    seat or waitlist place (a `Registration` holding what the page shows of
    it, or None).

    Cached for the member alone, under the event's translation key and the
    content version (core/fragments.py), read *before* the rows: every save
    or delete of a registration and every promotion from the waitlist bumps
    that version, now and again at commit (events.signal_handlers,
    events.services), so a registration, a cancellation or a promotion
    shows at once, and figures read before a change are stored under a
    version no later request reads. With FRAGMENT_CACHE_TIMEOUT at 0 they
    are read on every view; an unreachable cache reads them from the database."""
    timeout = settings.FRAGMENT_CACHE_TIMEOUT
    key = None
    if timeout and member.is_authenticated:
        key = SUMMARY_KEY.format(
            event=event.translation_key, member=member.pk, version=fragments.version()
        )
        row = cache.get(key)
        if row is not None:
            return _summary(row, member)
    row = _read_summary(event, member)
    if key is not None:
        cache.set(key, row, timeout)
    return _summary(row, member)


def _read_summary(event, member):
    """The row of `_SUMMARY_SQL` for the event and the member."""
    from wagtail.models import Page

    quote = connection.ops.quote_name
    sql = _SUMMARY_SQL.format(
        registration=quote(Registration._meta.db_table),
        page=quote(Page._meta.db_table),
        mine="r.member_id = %(member)s AND r.status <> %(cancelled)s",
    )
    key = Page._meta.get_field("translation_key").get_db_prep_value(
        event.translation_key, connection
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "confirmed": RegistrationStatus.CONFIRMED.value,
                "waitlisted": RegistrationStatus.WAITLISTED.value,
                "cancelled": RegistrationStatus.CANCELLED.value,
                "member": member.pk,
                "key": key,
            },
        )
        return tuple(cursor.fetchone())


def _summary(row, member):
    confirmed, waitlisted, pk, event_id, status, position, listed = row
    registration = None
    if pk is not None:
        # At most one active registration per member and event.
        registration = Registration(
            pk=pk,
            event_id=event_id,
            member=member,
            status=status,
            waitlist_position=position,
            listed=bool(listed),
        )
    return confirmed, waitlisted, registration


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
