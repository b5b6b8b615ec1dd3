"""The site's URLs plus a view that fails, for the request-log tests."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from cmhub.urls import urlpatterns as site_urlpatterns


@login_not_required
def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("ops-test/broken/", broken), *site_urlpatterns]
