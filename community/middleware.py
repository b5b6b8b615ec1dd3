"""What a member without admin access sees at the Wagtail admin's URLs."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation


class AdminAccessMiddleware:
    """A logged-in member without the "access admin" permission who opens an
    admin URL gets a "no access" page (403) in their language.

    Wagtail would send them to the login page, which sends a logged-in
    member straight back to the admin: the browser loops until it gives up.
    Visitors still go to the login page; the admin's logout stays open.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + getattr(settings, "CMHUB_ADMIN_PATH", "admin/").lstrip("/")

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
