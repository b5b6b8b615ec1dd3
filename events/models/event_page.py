"""The event page: a workshop, training, webinar, talk or meet-up, its
speakers, and the queries and admin form that go with it."""

import datetime
import zoneinfo
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import PageManager, PageQuerySet
from wagtail.search import index

from community.models import Country, Institution, Speaker, TimeZone, Topic
from core.blocks import BaseStreamBlock
from core.models import BasePage

from ..blocks import ProgramBlock
from .registrations import (
    Registration,
    RegistrationStatus,
    attendees,
    is_organiser,
    registration_summary,
)

#: "Only N places left" shows from this number of free seats down.
FEW_PLACES_LEFT = 5


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training module")
    WEBINAR = "webinar", _("Webinar / video conference")
    TALK = "talk", _("Talk")
    MEETUP = "meetup", _("Meet-up")


class EventPageQuerySet(PageQuerySet):
    """Event pages, with the filters and counts listings need."""

    def upcoming(self, now=None):
        """Events not yet over, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        """Events that are over, most recent first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def overlapping(self, first_day, last_day):
        """Events that take place on at least one day from `first_day` to
        `last_day`, days being read in each event's own time zone."""
        condition = Q()
        for zone_name in TimeZone.values:
            zone = zoneinfo.ZoneInfo(zone_name)
            starts = datetime.datetime.combine(first_day, datetime.time(), tzinfo=zone)
            ends = datetime.datetime.combine(
                last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
            )
            condition |= Q(time_zone=zone_name, start__lt=ends, end__gte=starts)
        return self.filter(condition)

    def about(self, topic_key):
        """Events tagged with the topic of translation key ``topic_key`` (a
        value or a subquery), in whichever language it was tagged."""
        return self.filter(
            Exists(
                EventPage.topics.through.objects.filter(
                    eventpage=OuterRef("pk"), topic__translation_key=topic_key
                )
            )
        )

    def with_registration_counts(self):
        """Annotate `confirmed_count` and `waitlist_count` (one query, whatever
        the number of events; registrations live on the original page, found
        through the translation key)."""
        return self.annotate(
            confirmed_count=_registration_count(RegistrationStatus.CONFIRMED),
            waitlist_count=_registration_count(RegistrationStatus.WAITLISTED),
        )


def set_registration_counts(events):
    """Set `confirmed_count` and `waitlist_count` on ``events`` (a list) from
    one grouped query on their registrations: for a short list, cheaper than
    `with_registration_counts()`'s subqueries, which the database may run
    for every event it considers before the LIMIT."""
    counts = {}
    rows = (
        Registration.objects.filter(
            event__translation_key__in={event.translation_key for event in events},
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
        )
        .values_list("event__translation_key", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for key, status, count in rows:
        counts[key, status] = count
    for event in events:
        key = event.translation_key
        event.confirmed_count = counts.get((key, RegistrationStatus.CONFIRMED), 0)
        event.waitlist_count = counts.get((key, RegistrationStatus.WAITLISTED), 0)
    return events


def _registration_count(status):
    counts = (
        Registration.objects.filter(
            event__translation_key=OuterRef("translation_key"), status=status
        )
        .order_by()
        .values("event__translation_key")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts[:1]), Value(0))


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventPageForm(WagtailAdminPageForm):
    """Editors type an event's dates and times as the clocks show them where
    it takes place: the date-time fields are read and shown in the event's
    time zone, whatever the editor's own."""

    local_time_fields = ("start", "end", "registration_opens_at", "registration_closes_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or self.instance.start:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in self.local_time_fields:
                value = getattr(self.instance, name)
                if value is not None and name in self.fields:
                    # A naive value is shown as is (no conversion to the editor's zone).
                    self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        zone_name = cleaned_data.get("time_zone")
        if not zone_name:
            return cleaned_data
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in self.local_time_fields:
            value = cleaned_data.get(name)
            if value is None:
                continue
            # The field read the wall-clock time in the editor's zone: keep the
            # wall-clock time, and place it in the event's zone instead.
            wall_clock = timezone.make_naive(value)
            local = wall_clock.replace(tzinfo=zone)
            if local.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != wall_clock:
                self.add_error(
                    name,
                    _("This time does not exist in the event's time zone (the clocks go forward)."),
                )
                continue
            cleaned_data[name] = local
        return cleaned_data


class EventPage(BasePage):
    """A workshop, training module, webinar, talk or meet-up members run for
    each other, with its programme and its registrations.

    `start`, `end` and the registration window are aware date-times stored in
    UTC; `time_zone` is where the event takes place, in which editors type
    its times and members read them (next to their own time zone's).
    """

    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.WORKSHOP
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TimeZone.choices,
        default=TimeZone.PARIS,
        help_text=_("Where the event takes place. The dates and times below are in this zone."),
    )
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))

    is_online = models.BooleanField(
        _("online"), default=False, help_text=_("A video conference rather than a place.")
    )
    online_url = models.URLField(
        _("video-conference link"),
        blank=True,
        help_text=_("Shown only to members whose seat is confirmed."),
    )
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, help_text=_("E.g. Maison de l'étudiant, room 204.")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.FRANCE
    )

    host_institution = models.ForeignKey(
        Institution,
        verbose_name=_("host institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    audiences = ParentalManyToManyField(
        "community.Audience", verbose_name=_("audience"), blank=True, related_name="events"
    )
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="events"
    )
    prerequisites = RichTextField(
        _("prerequisites"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("What participants should know or bring."),
    )
    program = StreamField(ProgramBlock(), verbose_name=_("programme"), blank=True)
    total_hours = models.DecimalField(
        _("total hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty to add up the programme's parts."),
    )
    description = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)

    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_(
            "Number of seats. Leave empty for no limit. When full, members join a waitlist."
        ),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens at"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the event starts."),
    )

    objects = EventPageManager()
    base_form_class = EventPageForm

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_online"),
                FieldPanel("online_url"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
            ],
            heading=_("Where"),
        ),
        FieldPanel("host_institution"),
        InlinePanel("speakers", heading=_("Speakers"), label=_("Speaker")),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("prerequisites"),
        FieldPanel("program"),
        FieldPanel("total_hours"),
        FieldPanel("topics"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
            ],
            heading=_("Registration"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("program"),
        index.SearchField("city"),
        index.SearchField("venue"),
        index.FilterField("kind"),
        index.FilterField("start"),
        index.FilterField("is_online"),
        index.RelatedFields("host_institution", [index.SearchField("name")]),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Upcoming events are those not over yet (`upcoming()`).
        indexes = [models.Index(fields=["end"], name="events_event_end")]

    # --- validation ---

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("An event must end after it starts.")
        if self.is_online and not self.online_url:
            errors["online_url"] = _("An online event needs its video-conference link.")
        if not self.is_online and not self.city:
            errors["city"] = _("Say in which city the event takes place, or mark it online.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if closes and self.end and closes > self.end:
            errors["registration_closes_at"] = _("Registration must close before the event ends.")
        if errors:
            raise ValidationError(errors)

    # --- time zones ---

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        """The start as the clocks show it where the event takes place."""
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    @property
    def is_over(self):
        return self.end < timezone.now()

    # --- place ---

    @property
    def place(self):
        """The place in one line ("venue, address, city"), empty online."""
        if self.is_online:
            return ""
        return ", ".join(part for part in (self.venue, self.address, self.city) if part)

    @property
    def hours(self):
        """Total hours: as given, or the sum of the programme's parts."""
        if self.total_hours:
            return self.total_hours
        parts = [part.value.hours for part in self.program if part.value.hours]
        return sum(parts, Decimal(0)) if parts else None

    # --- registration ---

    @property
    def places_left(self):
        """Free seats (None when there is no limit). Uses the annotation of
        `with_registration_counts()` when present."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_registrations, 0)

    @property
    def few_places_left(self):
        left = self.places_left
        return left is not None and 0 < left <= FEW_PLACES_LEFT

    @cached_property
    def confirmed_registrations(self):
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = Registration.objects.for_event(self).confirmed().count()
        return confirmed

    def registration_state(self, now=None):
        """ "not_yet", "open", "closed" or "over": whether members may register now."""
        now = now or timezone.now()
        if now >= self.end:
            return "over"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if now >= (self.registration_closes_at or self.start):
            return "closed"
        return "open"

    def registration_is_open(self, now=None):
        return self.registration_state(now) == "open"

    def follow_targets(self):
        """What members may follow that this page is in (besides its
        sections): its institution, topics and speakers. Read when the page
        is first published (notifications.follows) and for its follow buttons."""
        targets = [self.host_institution] if self.host_institution else []
        targets += list(self.topics.all())
        speakers = getattr(self, "speakers", None)
        if speakers is not None:
            targets += [speaker.person for speaker in speakers.select_related("person")]
        return targets

    def given_talks(self):
        """The live talks given at this event, in this page's language.

        Talks point at events (`TalkPage.event`, related name "talks"); a
        talk may point at the event in either language, so the match is on
        the translation key. The model comes from the relation: events does
        not import resources.
        """
        talk_model = self.talks.model
        return (
            talk_model.objects.live()
            .filter(event__translation_key=self.translation_key, locale_id=self.locale_id)
            .order_by("date", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What is per member or changes with every registration (seats, the
        # waitlist, the member's own registration) is one query, cached for
        # the member under the content version (which every registration
        # bumps); the rest is read only when its cached part is stale.
        confirmed, waitlisted, mine = registration_summary(self, request.user)
        self.confirmed_count = confirmed
        organiser = is_organiser(request.user)
        context.update(
            {
                "waitlist_count": waitlisted,
                "my_registration": mine,
                # Online, the link is shown to members whose seat is confirmed.
                "sees_online_link": mine is not None and mine.is_confirmed,
                # Read only when the cached part of the page is stale.
                "speakers": SimpleLazyObject(
                    lambda: localized(
                        [
                            speaker.person
                            for speaker in self.speakers.select_related("person__institution")
                        ],
                        self.locale_id,
                        select_related=["institution"],
                    )
                ),
                "topics": SimpleLazyObject(
                    lambda: localized(list(self.topics.all()), self.locale_id)
                ),
                "audiences": SimpleLazyObject(lambda: list(self.audiences.all())),
                "talks": SimpleLazyObject(lambda: list(self.given_talks()) if self.is_over else []),
                "registration_state": self.registration_state(),
                "attendees": SimpleLazyObject(lambda: attendees(self, request.user)),
                "is_organiser": organiser,
                # Whose list of attendees the cached one is: the same for
                # every member; each organiser's own (it shows their own
                # avatar even when their profile is hidden).
                "attendees_viewer": f"organiser-{request.user.pk}" if organiser else "members",
                "member_zone": member_time_zone(request.user),
            }
        )
        return context


class EventSpeaker(Speaker):
    """A person who speaks at or leads an event, in the order shown."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")


# --- Helpers shared by the views ---------------------------------------------


def member_time_zone(user):
    """The member's time zone (the site's for visitors)."""
    name = getattr(user, "time_zone", "") or settings.TIME_ZONE
    return zoneinfo.ZoneInfo(name)


def localized_names(model, locale_id):
    """{translation_key: name} of a translatable snippet in one locale."""
    return dict(model.objects.filter(locale_id=locale_id).values_list("translation_key", "name"))


def localized(objects, locale_id, select_related=()):
    """The same snippets in the given locale where a translation exists (one
    query), in the same order."""
    missing = {obj.translation_key for obj in objects if obj.locale_id != locale_id}
    if not missing:
        return objects
    model = type(objects[0])
    translations = {
        obj.translation_key: obj
        for obj in model.objects.filter(
            translation_key__in=missing, locale_id=locale_id
        ).select_related(*select_related)
    }
    return [translations.get(obj.translation_key, obj) for obj in objects]
