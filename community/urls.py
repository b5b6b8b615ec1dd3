"""Member-facing URLs (inside the language prefix)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "members"

urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/<int:pk>/", views.member_profile, name="profile"),
    path("members/mentions/", views.mention_suggestions, name="mention_suggestions"),
    path("me/profile/", views.edit_profile, name="edit_profile"),
    path("me/data.json", views.download_my_data, name="download_data"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("me/bookmarks/", views.my_bookmarks, name="bookmarks"),
    path("bookmark/<int:page_id>/", views.toggle_bookmark, name="toggle_bookmark"),
    # Translated: /fr/intervenants/12-claire-vasseur/, /en/speakers/12-claire-vasseur/.
    path(
        pgettext_lazy("URL", "speakers/<int:pk>-<str:slug>/"),
        views.speaker,
        name="speaker",
    ),
]
