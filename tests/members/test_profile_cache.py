"""A member's cached profile lists their upcoming events no longer than
until the first of them ends (community/member_cache.py)."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from community.models import MemberProfile
from events import services

pytestmark = pytest.mark.django_db


def profile_entries():
    """Seconds left of each cached profile part (the test cache is Django's
    in-process one, which keeps every key's expiry)."""
    return [
        expiry - time.time()
        for key, expiry in cache._expire_info.items()
        if "member-profile" in key
    ]


def test_a_cached_profile_lasts_no_longer_than_its_first_listed_event(
    make_member, make_event, settings
):
    settings.FRAGMENT_CACHE_TIMEOUT = 3600
    lea = make_member("lea@univ-test.example", first_name="Léa")
    MemberProfile.objects.create(user=lea, job_title="CM")
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=30)
    event = make_event(
        title="Atelier en cours", start=start, end=start + datetime.timedelta(minutes=40)
    )
    # Registered the day before it began.
    services.register(event, lea, now=start - datetime.timedelta(days=1), notify=False, listed=True)
    client = Client()
    client.force_login(make_member("alex@univ-test.example", first_name="Alex"))
    assert (
        "Atelier en cours" in client.get(reverse("members:profile", args=[lea.pk])).content.decode()
    )
    (left,) = profile_entries()
    assert 0 < left <= 10 * 60  # the event ends in 10 minutes, not in an hour


def test_a_profile_without_events_is_cached_for_the_fragment_timeout(make_member, settings):
    settings.FRAGMENT_CACHE_TIMEOUT = 3600
    lea = make_member("lea@univ-test.example", first_name="Léa")
    MemberProfile.objects.create(user=lea, job_title="CM")
    client = Client()
    client.force_login(make_member("alex@univ-test.example", first_name="Alex"))
    client.get(reverse("members:profile", args=[lea.pk]))
    (left,) = profile_entries()
    assert 3500 < left <= 3600
