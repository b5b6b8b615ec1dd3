"""Filters of the event list and the month calendar."""

import calendar
import datetime
import re
from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from community.models import Institution, Topic
from core.forms import LazyChoices


def topic_choices(locale):
    return [("", _("All topics"))] + list(
        Topic.objects.filter(locale=locale).values_list("slug", "name")
    )


#: {event model: the query of its host institutions}, built once per process
#: (building it costs more than the rest of the form); each form gets a copy.
_HOST_INSTITUTIONS = {}


def host_institutions(model):
    """The institutions hosting at least one event of ``model``: a fresh,
    unevaluated query each time (read only when the form is rendered or an
    institution checked)."""
    query = _HOST_INSTITUTIONS.get(model)
    if query is None:
        query = _HOST_INSTITUTIONS[model] = Institution.objects.filter(
            Exists(model.objects.filter(host_institution=OuterRef("pk")))
        ).only("name", "short_name")
    return query.all()


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_bounds(year, month):
    """First and last day of a month; ValueError with a message members
    can read when the month does not exist."""
    if not 1 <= month <= 12:
        raise ValueError(
            _("There is no month %(month)s: months go from 1 to 12.") % {"month": month}
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            _("The calendar covers the years %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last_day)


class EventFilterForm(forms.Form):
    """The filters of the event list and calendar. Every field is optional;
    a value that does not exist is reported on the form (and the page
    answers 400), the other filters still apply."""

    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    mode = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Online or in person")),
            ("online", _("Online")),
            ("in_person", _("In person")),
        ],
    )
    institution = forms.ModelChoiceField(
        label=_("Host institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("All institutions"),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("For example 2026-10."),
    )

    def __init__(self, data=None, *, locale, model, with_period=True):
        """``model`` is the event page model whose pages are filtered: its
        kinds and host institutions are offered."""
        super().__init__(data)
        self.locale = locale
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *model._meta.get_field("kind").choices,
        ]
        self.fields["institution"].queryset = host_institutions(model)
        # Read only when the form is rendered (a cached fragment, most of
        # the time) or a topic is checked.
        self.fields["topic"].choices = LazyChoices(topic_choices, locale)
        if not with_period:
            del self.fields["when"]
            del self.fields["month"]

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-10."))
        try:
            return month_bounds(int(match[1]), int(match[2]))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    @property
    def valid_data(self):
        """The filters that hold a valid value."""
        if not self.is_bound:
            return {}
        self.is_valid()  # fields with an error are left out of cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    @property
    def active_count(self):
        """How many filters apply, the period (shown as tabs) aside."""
        return len([name for name in self.valid_data if name != "when"])

    def period(self):
        """ "month" when a month is chosen, else "upcoming" or "past"."""
        data = self.valid_data
        if data.get("month"):
            return "month"
        return data.get("when") or "upcoming"

    def filter(self, events):
        data = self.valid_data
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("mode"):
            events = events.filter(is_online=data["mode"] == "online")
        if data.get("institution"):
            events = events.filter(host_institution=data["institution"])
        if data.get("topic"):
            topic = Topic.objects.filter(slug=data["topic"], locale=self.locale).values(
                "translation_key"
            )[:1]
            events = events.about(topic)
        if data.get("month"):
            events = events.overlapping(*data["month"])
        return events

    def query_string(self):
        """The filters as a query string, to keep them across pages."""
        if not self.is_bound:
            return ""
        return urlencode([(name, self.data[name]) for name in self.fields if self.data.get(name)])


class MonthCalendar:
    """A month as weeks of days (Monday first), each day with the events
    taking place on it as the clocks show where each event happens."""

    def __init__(self, year, month):
        self.first, self.last = month_bounds(year, month)
        self.year, self.month = year, month
        self._weeks = [
            [{"date": day, "in_month": day.month == month, "events": []} for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]
        self._days = {day["date"]: day for week in self._weeks for day in week}
        self._events = []
        self._later = None

    def place(self, events):
        """Put each event on every day of the month it covers."""
        for event in events:
            self._events.append(event)
            day = max(event.local_start.date(), self.first)
            last = min(event.local_end.date(), self.last)
            while day <= last:
                self._days[day]["events"].append(event)
                day += datetime.timedelta(days=1)

    def place_later(self, events):
        """Place the events ``events()`` returns when the days are first
        read: a calendar served from the cache never queries them."""
        self._later = events

    def _placed(self):
        if self._later is not None:
            events, self._later = self._later, None
            self.place(events())

    @property
    def weeks(self):
        self._placed()
        return self._weeks

    @property
    def events(self):
        """The events placed on the month, in order."""
        self._placed()
        return self._events

    @property
    def previous(self):
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self):
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)

    @property
    def has_previous(self):
        return self.previous[0] >= FIRST_YEAR

    @property
    def has_next(self):
        return self.next[0] <= LAST_YEAR

    @property
    def is_empty(self):
        self._placed()
        return not any(day["events"] for day in self._days.values())
