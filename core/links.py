"""Absolute links for what is read outside a request (e-mails, tasks).

Pages know their address through the Wagtail Site record, whose hostname is
whatever the installation was created with (``localhost`` on a fresh one),
not necessarily the address members use. Everything written outside a
request links to ``WAGTAILADMIN_BASE_URL`` instead, the one setting that
names the public address.
"""

from urllib.parse import urljoin

from django.conf import settings


def public_url(path):
    """`path` (a root-relative URL such as ``page.url``) on the address
    members use."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path or "")
