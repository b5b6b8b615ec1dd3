"""Wagtail admin views for organisers: each event's registrants and
waitlist (with CSV/XLSX export and cancellation), and the fill rates of all
events.

Seeing them needs the ``events.view_registration`` permission, cancelling
``events.change_registration`` (both given to Editors by migration).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Min, OuterRef, Subquery, Value, When
from django.db.models.functions import Round
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from . import services
from .models import EventPage, Registration, RegistrationStatus

registration_permission_policy = ModelPermissionPolicy(Registration)


#: Confirmed first, then the waitlist in order, then cancellations.
STATUS_ORDER = Case(
    When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
    When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


class CancelColumn(Column):
    """A button that cancels the registration (POST, with confirmation)."""

    cell_template_name = "events/admin/cancel_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["can_cancel"] = instance.status != RegistrationStatus.CANCELLED and (
            registration_permission_policy.user_has_permission(
                parent_context["request"].user, "change"
            )
        )
        context["cancel_url"] = reverse("events_admin:cancel", args=[instance.pk])
        return context


class EventDateColumn(Column):
    """An event's date and time, and how far away it is ("dans 3 semaines"):
    Wagtail's DateColumn only says how long ago, which reads "il y a
    0 minute" for every event still to come."""

    cell_template_name = "events/admin/date_cell.html"


class LocalTimeExport:
    """Exports give date-times as the clocks showed them where the event
    takes place, to the minute ("2026-12-05 10:00"), never in UTC with
    microseconds; the XLSX cells hold the same local date-times."""

    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        datetime.datetime: {
            ReportView.FORMAT_CSV: lambda value: value.strftime("%Y-%m-%d %H:%M"),
            ReportView.FORMAT_XLSX: None,
        },
    }

    def event_of(self, item):
        """The event whose time zone the row's date-times are given in."""
        raise NotImplementedError

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        zone = self.event_of(item).zone
        for field, value in row.items():
            if isinstance(value, datetime.datetime):
                row[field] = timezone.localtime(value, zone).replace(
                    tzinfo=None, second=0, microsecond=0
                )
        return row


class EventRegistrationsView(LocalTimeExport, ReportView):
    """The registrants and the waitlist of one event, with counts."""

    results_template_name = "events/admin/registrations_results.html"
    header_icon = "group"
    page_title = gettext_lazy("Registrations")
    paginate_by = 100
    permission_policy = registration_permission_policy
    permission_required = "view"
    index_url_name = "events_admin:registrations"
    list_export = [
        "member.get_full_name",
        "member.email",
        "get_status_display",
        "waitlist_position",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]
    export_headings = {
        "member.get_full_name": gettext_lazy("Name"),
        "member.email": gettext_lazy("E-mail"),
        "get_status_display": gettext_lazy("Status"),
        "waitlist_position": gettext_lazy("Waitlist position"),
        "created_at": gettext_lazy("Registered at"),
        "confirmed_at": gettext_lazy("Seat confirmed at"),
        "cancelled_at": gettext_lazy("Cancelled at"),
    }
    columns = [
        Column("member", label=gettext_lazy("Member"), accessor="member.get_full_name"),
        Column("email", label=gettext_lazy("E-mail"), accessor="member.email"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("waitlist_position", label=gettext_lazy("Waitlist position")),
        DateColumn("created_at", label=gettext_lazy("Registered at")),
        DateColumn("cancelled_at", label=gettext_lazy("Cancelled at")),
        CancelColumn("cancel", label=""),
    ]

    @cached_property
    def event(self):
        return get_object_or_404(EventPage, pk=self.kwargs["event_id"])

    def get_page_subtitle(self):
        return self.event.title

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.event.pk])

    def get_filename(self):
        return f"registrations-{self.event.slug}-{datetime.date.today():%Y-%m-%d}"

    def event_of(self, item):
        return self.event

    def get_heading(self, queryset, field):
        """Date-time columns name the event's time zone they are given in."""
        heading = super().get_heading(queryset, field)
        if field.endswith("_at"):
            return f"{heading} ({self.event.time_zone})"
        return heading

    def get_queryset(self):
        return (
            Registration.objects.for_event(self.event)
            .select_related("member", "event")
            .order_by(STATUS_ORDER, "waitlist_position", "created_at", "pk")
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = dict.fromkeys(RegistrationStatus.values, 0)
        for row in (
            Registration.objects.for_event(self.event)
            .order_by()
            .values("status")
            .annotate(count=Count("pk"))
        ):
            counts[row["status"]] = row["count"]
        context.update(
            {
                "event": self.event,
                "confirmed_count": counts[RegistrationStatus.CONFIRMED],
                "waitlist_count": counts[RegistrationStatus.WAITLISTED],
                "cancelled_count": counts[RegistrationStatus.CANCELLED],
            }
        )
        return context


@require_POST
def cancel_registration(request, registration_id):
    """An organiser cancels a registration; the waitlist moves up and the
    member is told by e-mail."""
    if not registration_permission_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    registration = get_object_or_404(
        Registration.objects.select_related("member"), pk=registration_id
    )
    services.cancel(registration, by=request.user)
    messages.success(
        request,
        _("The registration of %(member)s is cancelled.") % {"member": registration.member},
    )
    return redirect("events_admin:registrations", registration.event_id)


class FillRateView(LocalTimeExport, ReportView):
    """Every event with its capacity, seats taken, waitlist and fill rate."""

    results_template_name = "wagtailadmin/reports/base_report_results.html"
    header_icon = "calendar-alt"
    page_title = gettext_lazy("Event fill rates")
    permission_policy = registration_permission_policy
    permission_required = "view"
    index_url_name = "events_admin:fill_rates"
    export_filename = "event-fill-rates"
    list_export = [
        "title",
        "start",
        "capacity",
        "confirmed_count",
        "waitlist_count",
        "fill_rate",
        "time_zone",
    ]
    export_headings = {
        "title": gettext_lazy("Event"),
        "start": gettext_lazy("Starts at"),
        "capacity": gettext_lazy("Capacity"),
        "confirmed_count": gettext_lazy("Confirmed"),
        "waitlist_count": gettext_lazy("Waitlist"),
        "fill_rate": gettext_lazy("Fill rate (%)"),
    }
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Event"),
            get_url=lambda event: reverse("events_admin:registrations", args=[event.pk]),
        ),
        EventDateColumn("start", label=gettext_lazy("Starts at")),
        Column("capacity", label=gettext_lazy("Capacity")),
        Column("confirmed_count", label=gettext_lazy("Confirmed")),
        Column("waitlist_count", label=gettext_lazy("Waitlist")),
        Column("fill_rate", label=gettext_lazy("Fill rate (%)")),
    ]

    def event_of(self, item):
        return item

    def get_queryset(self):
        originals = (
            EventPage.objects.filter(translation_key=OuterRef("translation_key"))
            .order_by()
            .values("translation_key")
            .annotate(first=Min("pk"))
            .values("first")
        )
        return (
            EventPage.objects.filter(pk=Subquery(originals[:1]))
            .with_registration_counts()
            .annotate(
                fill_rate=Case(
                    When(capacity__gt=0, then=Round(F("confirmed_count") * 100.0 / F("capacity"))),
                    default=None,
                )
            )
            .order_by("-start", "pk")
        )
