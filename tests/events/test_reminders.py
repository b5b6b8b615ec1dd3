"""Event reminders: the day before, and an hour before an online event
with its link; sent by the scheduler (`manage.py run_scheduler`, the
`scheduler` service of docker-compose.yml), never twice; .ics files carry
the same reminders as VALARMs."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import EventReminder
from events.reminders import send_reminder, send_reminders
from notifications.models import Notification

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def soon(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def test_the_day_before_a_member_is_reminded_once(
    member, make_event, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(title="Atelier TikTok", start=soon(hours=20), end=soon(hours=23))
    services.register(event, member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(timezone.now()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(timezone.now()) == 0  # the next minute's run
        call_command("run_scheduler")  # and the scheduler's
    (notification,) = Notification.objects.filter(recipient=member)
    assert notification.kind == "reminder"
    assert "Atelier TikTok" in notification.text()
    assert "commence dans moins de 24 heures" in notification.text()
    assert EventReminder.objects.get().kind == "day"
    (email,) = mailoutbox
    assert "Atelier TikTok" in email.body


def test_an_online_event_is_reminded_an_hour_before_with_its_link(
    member, make_event, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(
        title="Webinaire veille",
        start=soon(minutes=50),
        end=soon(hours=2),
        is_online=True,
        online_url="https://visio.example.org/veille",
        city="",
        venue="",
    )
    services.register(event, member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(timezone.now()) == 1
    assert EventReminder.objects.get().kind == "hour"
    (email,) = mailoutbox
    assert "https://visio.example.org/veille" in email.body


def test_no_reminder_too_early_nor_for_the_waitlist(make_member, make_event):
    later = make_event(start=soon(days=3), end=soon(days=3, hours=3))
    full = make_event(start=soon(hours=10), end=soon(hours=12), capacity=1)
    first, second = make_member("a@univ-test.example"), make_member("b@univ-test.example")
    services.register(later, first)
    services.register(full, first)
    services.register(full, second)  # waitlisted
    assert send_reminders(timezone.now()) == 1
    assert not Notification.objects.filter(recipient=second).exists()


def test_a_reminder_already_recorded_by_another_scheduler_is_not_sent(member, make_event):
    event = make_event(start=soon(hours=20), end=soon(hours=23))
    registration, _ = services.register(event, member)
    EventReminder.objects.create(registration=registration, kind="day")
    assert send_reminder(registration, "day") is False
    assert send_reminders(timezone.now()) == 0
    assert not Notification.objects.filter(kind="reminder").exists()


def test_the_ics_file_carries_the_reminders(member_client, member, make_event):
    event = make_event(
        start=soon(days=5),
        end=soon(days=5, hours=2),
        is_online=True,
        online_url="https://visio.example.org/a",
        city="",
        venue="",
    )
    services.register(event, member)
    content = member_client.get(reverse("events:ics", args=[event.pk])).content
    (vevent,) = Calendar.from_ical(content).events
    triggers = sorted(alarm.TRIGGER for alarm in vevent.subcomponents if alarm.name == "VALARM")
    assert triggers == [-datetime.timedelta(days=1), -datetime.timedelta(hours=1)]


def test_the_compose_stack_runs_the_scheduler_every_minute():
    compose = (ROOT / "docker-compose.yml").read_text()
    service = compose.split("\n  scheduler:\n", 1)[1].split("\n\n", 1)[0]
    assert 'command: ["python", "manage.py", "run_scheduler", "--every", "60"]' in service
    assert "restart: unless-stopped" in service
