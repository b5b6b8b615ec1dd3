"""Helpers of the notification tests."""

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction


def restrict_to_editors(page):
    """A view restriction that lets only the Editors group see ``page``."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    return restriction
