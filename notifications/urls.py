"""Member-facing URLs of notifications and follows (inside the language prefix)."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/<int:pk>/read/", views.mark_read, name="mark_read"),
    path("notifications/read/", views.mark_read, name="mark_all_read"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("follows/", views.follow_list, name="follows"),
    path("follows/add/", views.follow, name="follow"),
    path("follows/remove/", views.unfollow, name="unfollow"),
]
