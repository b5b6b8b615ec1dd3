"""What each admin role may see in the Wagtail admin, beyond Wagtail's own
checks.

Moderators have admin access but no page permission, and Wagtail's page
chooser, its search, the move confirmation and the snippet choosers would
show them everything. Here an admin user sees a page's title only if they
may view the page on the site or their page permissions let them explore
it, and a snippet chooser only lists a model to those with a permission on
it. Wired in community/wagtail_hooks.py.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from core.security import hidden_page_paths

SNIPPET_ACTIONS = ["add", "change", "delete", "view"]


def _hidden_from(user):
    """The condition on pages that hides them from ``user`` in the admin, or
    None when nothing is hidden from them."""
    hidden = Q()
    for path in hidden_page_paths(user):
        hidden |= Q(path__startswith=path)
    if not hidden:
        return None
    explorable = PagePermissionPolicy().explorable_instances(user).values("pk")
    return hidden & ~Q(pk__in=explorable)


def shown_in_admin(pages, user):
    """``pages`` without those whose view restriction shuts ``user`` out,
    unless their page permissions let them explore them (editors)."""
    hidden = _hidden_from(user)
    return pages if hidden is None else pages.exclude(hidden)


def hidden_in_admin(pages, user):
    """The ``pages`` that `shown_in_admin` leaves out."""
    hidden = _hidden_from(user)
    return pages.none() if hidden is None else pages.filter(hidden)


def page_chooser_queryset(pages, request):
    """The pages the admin's page chooser lists (browse and search); 404
    when browsing the children of a page the user may not see."""
    match = getattr(request, "resolver_match", None)
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id and not shown_in_admin(Page.objects.filter(pk=parent_id), request.user).exists():
        raise Http404
    return shown_in_admin(pages, request.user)


def check_page_move(request, page, destination):
    """The move confirmation names both pages: only for those who may move
    the page there (Wagtail checks it on POST only)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


class PermissionCheckedChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser that lists a model only to admin users with a
    permission on it: Wagtail's own lists every instance to any of them."""

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)
        policy = ModelPermissionPolicy(self.model)

        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if not policy.user_has_any_permission(request.user, SNIPPET_ACTIONS):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked
