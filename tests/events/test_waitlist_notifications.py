"""A seat freed up: the promoted member is notified in the site, in the
transaction that gives them the seat, and by e-mail unless they chose the
site only."""

import pytest

from events import services
from notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def test_promotion_is_notified_and_emailed(
    make_member, make_event, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_member("first@univ-test.example")
    second = make_member("second@univ-test.example")
    event = make_event(title="Atelier complet", capacity=1)
    registration, _ = services.register(event, first)
    services.register(event, second)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration, by=first)
    (notification,) = Notification.objects.filter(recipient=second)
    assert notification.kind == "waitlist"
    assert "Atelier complet" in notification.text()
    assert any("Une place s'est libérée" in m.subject for m in mailoutbox if m.to == [second.email])


def test_in_the_site_only_sends_no_promotion_email(
    make_member, make_event, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_member("first@univ-test.example")
    second = make_member("second@univ-test.example")
    NotificationPreference.objects.create(user=second, kind="waitlist", channel="site")
    event = make_event(title="Atelier complet", capacity=1)
    registration, _ = services.register(event, first)
    services.register(event, second)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration, by=first)
    assert Notification.objects.filter(recipient=second, kind="waitlist").exists()
    assert [m for m in mailoutbox if m.to == [second.email]] == []
