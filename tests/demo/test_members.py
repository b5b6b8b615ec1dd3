"""The demo's members have profiles in French and Québec institutions."""

import pytest
from django.core.management import call_command

from community.models import MemberProfile
from demo.members import MEMBERS

pytestmark = pytest.mark.django_db


def test_demo_members_have_profiles_and_loading_again_changes_nothing():
    call_command("load_demo")
    call_command("load_demo")
    profiles = MemberProfile.objects.filter(user__email__in=[m["email"] for m in MEMBERS])
    assert profiles.count() == len(MEMBERS)
    assert not profiles.filter(institution__isnull=True).exists()
    assert {"FR", "CA"} <= set(profiles.values_list("institution__country", flat=True))
    assert profiles.filter(topics__isnull=False).distinct().count() == len(MEMBERS)
    assert profiles.filter(user__groups__name="Members").count() == len(MEMBERS)
