"""What a member without admin access sees at the Wagtail admin's URLs,
and which pages an admin user may reach there."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from .admin_access import hidden_in_admin

#: The parameters of the admin's URLs that name a page.
PAGE_PARAMETERS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
#: Admin namespaces whose ``pk`` parameter is a page's.
PAGE_NAMESPACES = ("wagtailadmin_pages", "wagtailadmin_api:pages")


class AdminAccessMiddleware:
    """A logged-in member without the "access admin" permission who opens an
    admin URL gets a "no access" page (403) in their language.

    Wagtail would send them to the login page, which sends a logged-in
    member straight back to the admin: the browser loops until it gives up.
    Visitors still go to the login page; the admin's logout stays open.

    An admin user who may neither view a page on the site nor explore it
    with their page permissions (a moderator and a restricted page) gets a
    404 from every admin URL naming that page: some of Wagtail's views (the
    workflow actions, the move confirmation) show the page's title before
    they check any permission.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.CMHUB_ADMIN_PATH.lstrip("/")

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and request.path_info.startswith(self.admin_prefix)
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
            and request.path_info != reverse("wagtailadmin_logout")
        ):
            return self.no_access(request, user)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is None
            or not request.path_info.startswith(self.admin_prefix)
            or not request.user.is_authenticated
        ):
            return None
        page_ids = [view_kwargs[name] for name in PAGE_PARAMETERS if name in view_kwargs]
        if match.namespace in PAGE_NAMESPACES and "pk" in view_kwargs:
            page_ids.append(view_kwargs["pk"])
        if not page_ids:
            return None
        pages = Page.objects.filter(pk__in=[str(pk) for pk in page_ids if str(pk).isdigit()])
        if hidden_in_admin(pages, request.user).exists():
            raise Http404
        return None

    def no_access(self, request, user):
        # The language the member chose on the site (its cookie), else the
        # one of their account: the admin's URLs carry no language prefix.
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = render(request, "community/admin_no_access.html", status=403)
        response["Content-Language"] = language
        return response
