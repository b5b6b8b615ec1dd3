"""Member-facing URLs of the events app, inside the language prefix."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("event/<int:event_id>/register/", views.register, name="register"),
    path("event/<int:event_id>/cancel/", views.cancel, name="cancel"),
    path("event/<int:event_id>/attendance/", views.set_listed, name="set_listed"),
    path("event/<int:event_id>/calendar.ics", views.event_ics, name="ics"),
    path("calendar/<slug:token>.ics", views.personal_feed, name="feed"),
    path("me/events/", views.my_registrations, name="my_registrations"),
    path("me/events/calendar-address/", views.regenerate_feed, name="regenerate_feed"),
    path("me/time-zone/", views.set_time_zone, name="set_time_zone"),
]
