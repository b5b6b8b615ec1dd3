"""Members' comment URLs, mounted at comments/ next to the few
django-comments-xtd views the site uses (community/xtd_urls.py: flag, like,
dislike, mute). django-comments' own post view is not mounted, so no route
skips the members' rules."""

from django.urls import path

from . import comment_views

app_name = "comments"

urlpatterns = [
    path("post/", comment_views.post_comment, name="post"),
    path("<int:comment_id>/edit/", comment_views.edit_comment, name="edit"),
    path("<int:comment_id>/delete/", comment_views.delete_comment, name="delete"),
    path("<int:comment_id>/report/", comment_views.report_comment, name="report"),
]
