"""Members share resources: choose a kind, fill in the form, edit a draft."""

from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("me/share/", views.proposal_choose, name="proposal_choose"),
    path("me/share/<slug:kind>/", views.proposal_create, name="proposal_create"),
    path("me/proposals/<int:pk>/", views.proposal_edit, name="proposal_edit"),
]
