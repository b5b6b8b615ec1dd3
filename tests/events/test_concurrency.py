"""Registration under real concurrency, on PostgreSQL: 50 members register
for a 20-seat event at the same instant, half through the web view, half
through the service. Exactly 20 get a seat, 30 are waitlisted 1..30 in the
order they were served, nothing is lost and nothing fails.

This module holds only this transactional test: it starts from a fresh
installation and leaves the database of the other tests as it was
(tests/transactional.py).
"""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Registration, RegistrationStatus
from home.tree import ensure_home_pages
from tests.events.factories import add_event_index, add_workshop
from tests.transactional import TRANSACTIONAL_MODULE

MEMBERS = 50
SEATS = 20

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, there is no race to test",
    ),
    *TRANSACTIONAL_MODULE,
]


def test_simultaneous_registrations_never_exceed_capacity_nor_get_lost():
    french_home, _english_home = ensure_home_pages()
    start = timezone.now() + timezone.timedelta(days=10)
    event = add_workshop(
        add_event_index(french_home),
        start,
        title="Week-end intensif",
        slug="week-end-intensif",
        summary="Douze heures de pratique.",
        end=start + timezone.timedelta(hours=12),
        capacity=SEATS,
    )
    User = get_user_model()
    members = [
        User.objects.create_user(username=f"m{n}", email=f"m{n}@univ-test.example", password="x")
        for n in range(MEMBERS)
    ]
    url = reverse("events:register", args=[event.pk])
    clients = {}
    for member in members[::2]:  # half go through the web view
        clients[member.pk] = Client()
        clients[member.pk].force_login(member)

    barrier = threading.Barrier(MEMBERS)
    errors, statuses = [], []

    def register(member):
        try:
            client = clients.get(member.pk)
            barrier.wait(timeout=30)
            if client is not None:
                statuses.append(client.post(url).status_code)
            else:
                services.register(event, member)
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(member,)) for member in members]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - began

    assert errors == []
    assert statuses == [302] * len(clients)
    registrations = list(Registration.objects.filter(event=event).order_by("created_at", "pk"))
    assert len(registrations) == MEMBERS
    assert len({r.member_id for r in registrations}) == MEMBERS
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waitlisted = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    assert len(confirmed) == SEATS
    assert len(waitlisted) == MEMBERS - SEATS
    # Served one at a time: the first 20 served have the seats, and the
    # waitlist follows the order of service (registration time and id).
    assert registrations[:SEATS] == confirmed
    assert [r.waitlist_position for r in waitlisted] == list(range(1, MEMBERS - SEATS + 1))
    assert sorted(waitlisted, key=lambda r: r.pk) == waitlisted
    assert len(mail.outbox) == MEMBERS  # one confirmation or waitlist e-mail each
    assert elapsed < 30
