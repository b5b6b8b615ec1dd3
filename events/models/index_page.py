"""The events index: upcoming and past lists with filters, and a month
calendar."""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from community.models import Topic
from core.models import BasePage
from core.pagination import paginate
from core.security import visible_to

from ..listing import EventFilterForm, MonthCalendar
from .event_page import EventPage, localized_names, member_time_zone, set_registration_counts
from .registrations import registered_translation_keys


class EventIndexPage(RoutablePageMixin, BasePage):
    """The events of one language: upcoming and past lists with filters, and
    a month calendar (``calendar/<year>/<month>/``)."""

    max_count_per_parent = 1
    # Goes directly under a home page: the home app says so from its
    # AppConfig.ready (home sits above this app and is not named here).
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index")

    def events(self):
        """The live events below this page, with their seat counts."""
        return (
            EventPage.objects.live()
            .descendant_of(self)
            .with_registration_counts()
            .select_related("host_institution")
        )

    def upcoming_events(self, user, limit):
        """The next ``limit`` events ``user`` may see, with their seat counts
        and topics: the query reads only events not over yet (an index on
        their end) and counts seats for those it returns."""
        events = list(
            visible_to(EventPage.objects.live().descendant_of(self), user)
            .upcoming()
            .select_related("host_institution")
            .prefetch_related("topics")[:limit]
        )
        return set_registration_counts(events)

    @path("")
    def event_list(self, request):
        form = EventFilterForm(request.GET or None, locale=self.locale_id, model=EventPage)
        period = form.period()

        def events():
            """The page of events, built and read only when the cached list
            is stale (core/fragments.py)."""
            events = form.filter(visible_to(self.events(), request.user))
            events = events.prefetch_related("topics")
            if period == "past":
                events = events.past()
            elif period == "upcoming":
                events = events.upcoming()
            else:
                events = events.order_by("start", "pk")
            return paginate(request, events, per_page=12)

        context = self.get_context(request)
        context.update(
            {
                "form": form,
                "period": period,
                "events": SimpleLazyObject(events),
                "query_string": form.query_string(),
                # The member's own badges, filled into the cached cards
                # (events.templatetags.event_tags.event_cards_fragment).
                "registered_keys": SimpleLazyObject(
                    lambda: registered_translation_keys(request.user)
                ),
                "topic_names": SimpleLazyObject(lambda: localized_names(Topic, self.locale_id)),
                "member_zone": member_time_zone(request.user),
            }
        )
        # A filter value that does not exist is shown on the form: 400, not 500.
        status = 400 if form.errors else 200
        return TemplateResponse(request, self.get_template(request), context, status=status)

    @path("calendar/", name="calendar_this_month")
    @path("calendar/<int:year>/<int:month>/", name="calendar")
    def calendar(self, request, year=None, month=None):
        if year is None:
            today = timezone.localdate(timezone=member_time_zone(request.user))
            year, month = today.year, today.month
        form = EventFilterForm(
            request.GET or None, locale=self.locale_id, model=EventPage, with_period=False
        )
        context = self.get_context(request)
        context.update({"form": form, "query_string": form.query_string()})
        try:
            month_calendar = MonthCalendar(year, month)
        except ValueError as error:
            context["error"] = error
            return TemplateResponse(request, "events/event_calendar.html", context, status=400)
        # Read only when the cached calendar is stale (core/fragments.py).
        month_calendar.place_later(
            lambda: (
                form.filter(visible_to(self.events(), request.user))
                .overlapping(month_calendar.first, month_calendar.last)
                .order_by("start", "pk")
            )
        )
        context.update(
            {
                "month": month_calendar,
                # The member's own badges, filled into the cached calendar:
                # read only when it shows an event.
                "registered_keys": SimpleLazyObject(
                    lambda: registered_translation_keys(request.user)
                ),
                "member_zone": member_time_zone(request.user),
            }
        )
        status = 400 if form.errors else 200
        return TemplateResponse(request, "events/event_calendar.html", context, status=status)
