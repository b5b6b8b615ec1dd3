"""The organisers' admin: registrations of each event (from the page's
buttons) and the fill-rate report (in the Reports menu)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import admin_views
from .admin_views import registration_permission_policy
from .models import EventPage

admin_urlpatterns = [
    path(
        "<int:event_id>/registrations/",
        admin_views.EventRegistrationsView.as_view(),
        name="registrations",
    ),
    path(
        "registrations/<int:registration_id>/cancel/",
        admin_views.cancel_registration,
        name="cancel",
    ),
    path("fill-rates/", admin_views.FillRateView.as_view(), name="fill_rates"),
]


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [path("events/", include((admin_urlpatterns, "events_admin")))]


class FillRateMenuItem(MenuItem):
    def is_shown(self, request):
        return registration_permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_fill_rate_report():
    return FillRateMenuItem(
        _("Event fill rates"),
        reverse("events_admin:fill_rates"),
        name="event-fill-rates",
        icon_name="calendar-alt",
        order=1300,
    )


def registrations_button(page, user, priority):
    if page.specific_class is EventPage and registration_permission_policy.user_has_permission(
        user, "view"
    ):
        yield Button(
            _("Registrations"),
            url=reverse("events_admin:registrations", args=[page.pk]),
            icon_name="group",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_registrations_button(page, user, view_name, next_url=None):
    yield from registrations_button(page, user, priority=40)


@hooks.register("register_page_listing_more_buttons")
def page_listing_registrations_button(page, user, next_url=None):
    yield from registrations_button(page, user, priority=45)
