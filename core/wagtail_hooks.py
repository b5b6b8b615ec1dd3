"""Wagtail hooks of the core app: what a signed-in member sees when a page
or a document is restricted to a group they are not in."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.models import BaseViewRestriction


def refuse_if_restricted(restrictions, request):
    """Raise PermissionDenied (the site's branded 403 page) when a signed-in
    member fails a login or group restriction.

    Wagtail answers them with its own bare sign-in form (no site style, a
    "user name" field the site does not use), which tells a member who is
    already signed in nothing. Visitors still go to the sign-in page, and
    password restrictions keep Wagtail's password form."""
    if not request.user.is_authenticated:
        return
    for restriction in restrictions:
        if restriction.restriction_type in (
            BaseViewRestriction.LOGIN,
            BaseViewRestriction.GROUPS,
        ) and not restriction.accept_request(request):
            raise PermissionDenied


@hooks.register("before_serve_page", order=-1)
def refuse_restricted_page(page, request, serve_args, serve_kwargs):
    """Runs before Wagtail's own check (order -1)."""
    refuse_if_restricted(page.get_view_restrictions(), request)


@hooks.register("before_serve_document", order=-1)
def refuse_restricted_document(document, request):
    """Runs before Wagtail's own check (order -1)."""
    refuse_if_restricted(document.collection.get_view_restrictions(), request)
