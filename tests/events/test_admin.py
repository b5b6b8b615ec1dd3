"""The organisers' admin: registrants and waitlist per event, CSV and XLSX
exports, cancelling from the admin, the fill-rate report and who may see them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from events import services
from events.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event(make_event, make_member):
    event = make_event(title="Atelier LinkedIn", slug="atelier-linkedin", capacity=2)
    for n in range(4):
        member = make_member(f"m{n}@univ-test.example", first_name=f"Prénom{n}", last_name="Nom")
        services.register(event, member, notify=False)
    return event


def report_url(event, export=None):
    url = reverse("events_admin:registrations", args=[event.pk])
    return f"{url}?export={export}" if export else url


def test_registrations_report_lists_registrants_and_waitlist(editor_client, full_event):
    response = editor_client.get(report_url(full_event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Atelier LinkedIn" in html
    assert (response.context["confirmed_count"], response.context["waitlist_count"]) == (2, 2)
    rows = [
        (r.member.first_name, r.status, r.waitlist_position)
        for r in response.context["object_list"]
    ]
    assert rows == [
        ("Prénom0", "confirmed", None),
        ("Prénom1", "confirmed", None),
        ("Prénom2", "waitlisted", 1),
        ("Prénom3", "waitlisted", 2),
    ]
    assert reverse("events_admin:cancel", args=[Registration.objects.first().pk]) in html


def test_csv_export(editor_client, full_event):
    response = editor_client.get(report_url(full_event, "csv"))
    assert response.status_code == 200
    assert "registrations-atelier-linkedin" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows[0]) == 7  # headings
    assert [row[1] for row in rows[1:]] == [f"m{n}@univ-test.example" for n in range(4)]
    assert [row[3] for row in rows[1:]] == ["", "", "1", "2"]
    assert rows[1][0] == "Prénom0 Nom"


def test_xlsx_export(editor_client, full_event):
    response = editor_client.get(report_url(full_event, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 5
    assert [row[1] for row in rows[1:]] == [f"m{n}@univ-test.example" for n in range(4)]
    assert [row[3] for row in rows[1:]] == [None, None, 1, 2]
    assert rows[1][4] is not None  # registered at: a real date-time cell


#: Names a member may give themselves, that a spreadsheet would run as formulas.
HOSTILE_NAMES = ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1:A9)"]


@pytest.fixture
def hostile_event(make_event, make_member):
    event = make_event(title="Atelier piégé", slug="atelier-piege", capacity=10)
    for n, name in enumerate(HOSTILE_NAMES):
        member = make_member(f"h{n}@univ-test.example", first_name=name, last_name="")
        services.register(event, member, notify=False)
    return event


def test_csv_export_neutralises_formulas_and_is_utf8_with_bom(editor_client, hostile_event):
    response = editor_client.get(report_url(hostile_event, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == ["'" + name for name in HOSTILE_NAMES]
    assert {row[2] for row in rows[1:]} == {"Confirmée"}


def test_xlsx_export_neutralises_formulas(editor_client, hostile_event):
    response = editor_client.get(report_url(hostile_event, "xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows())
    assert [row[0].value for row in rows[1:]] == ["'" + name for name in HOSTILE_NAMES]
    assert {row[0].data_type for row in rows[1:]} == {"s"}
    assert {row[2].value for row in rows[1:]} == {"Confirmée"}


def test_fill_rate_export_neutralises_formulas(editor_client, make_event):
    make_event(title="=1+1")
    content = b"".join(
        editor_client.get(reverse("events_admin:fill_rates") + "?export=csv").streaming_content
    )
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=1+1"
    assert rows[1][2] == "10"  # numbers stay numbers


def test_organiser_cancels_and_the_waitlist_moves_up(
    editor_client, editor, full_event, mailoutbox, django_capture_on_commit_callbacks
):
    first = Registration.objects.confirmed().first()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("events_admin:cancel", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == report_url(full_event)
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert first.cancelled_by == editor
    assert list(Registration.objects.order_by("pk").values_list("status", "waitlist_position")) == [
        ("cancelled", None),
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
    ]
    assert len(mailoutbox) == 2  # the cancelled member and the promoted one
    assert editor_client.get(reverse("events_admin:cancel", args=[first.pk])).status_code == 405


def test_members_and_moderators_cannot_see_registrations(client, member, moderator, full_event):
    for user in (member, moderator):
        client.force_login(user)
        response = client.get(report_url(full_event))
        assert response.status_code in (302, 403)
        response = client.post(
            reverse("events_admin:cancel", args=[Registration.objects.first().pk])
        )
        assert response.status_code in (302, 403)
    assert not Registration.objects.cancelled().exists()


def test_fill_rate_report(editor_client, full_event, make_event):
    make_event(title="Atelier vide", capacity=10)
    make_event(title="Sans limite", capacity=None)
    response = editor_client.get(reverse("events_admin:fill_rates"))
    assert response.status_code == 200
    rates = {event.title: event.fill_rate for event in response.context["object_list"]}
    assert rates == {"Atelier LinkedIn": 100, "Atelier vide": 0, "Sans limite": None}
    export = editor_client.get(reverse("events_admin:fill_rates") + "?export=csv")
    content = b"".join(export.streaming_content).decode()
    assert "Atelier LinkedIn" in content


def test_fill_rate_report_shows_when_future_events_start(editor_client, make_event):
    """Not "Il y a 0 minute" (Wagtail's "time since" of a future date)."""
    start = timezone.now() + datetime.timedelta(days=3, hours=1)
    make_event(title="Atelier bientôt", start=start)
    html = editor_client.get(reverse("events_admin:fill_rates")).content.decode()
    assert "0\xa0minute" not in html
    assert date_format(timezone.localtime(start), "DATETIME_FORMAT") in html
    assert "dans 3\xa0jours" in html


def test_event_pages_have_a_registrations_button(editor_client, full_event, event_index):
    url = reverse("events_admin:registrations", args=[full_event.pk])
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[full_event.pk]))
    assert url in edit.content.decode()
    listing = editor_client.get(reverse("wagtailadmin_explore", args=[event_index.pk]))
    assert url in listing.content.decode()
    reports = editor_client.get(reverse("wagtailadmin_home"))
    assert reverse("events_admin:fill_rates") in reports.content.decode()


def test_exports_give_times_where_the_event_takes_place(editor_client, make_event, make_member):
    """Organisers read "10:30" as the clocks showed it in Montréal, to the
    minute, not "2026-03-01 15:30:12.345678+00:00"."""
    montreal = datetime.timezone(datetime.timedelta(hours=-5))
    event = make_event(
        title="Atelier à Montréal",
        slug="atelier-montreal",
        time_zone="America/Toronto",
        start=datetime.datetime(2031, 3, 4, 9, 0, tzinfo=montreal),
    )
    services.register(event, make_member(), notify=False)
    registered = datetime.datetime(2026, 3, 1, 15, 30, 12, 345678, tzinfo=datetime.UTC)
    Registration.objects.filter(event=event).update(created_at=registered, confirmed_at=registered)

    response = editor_client.get(report_url(event, "csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [heading.endswith(" (America/Toronto)") for heading in rows[0][4:7]] == [True] * 3
    assert rows[1][4:7] == ["2026-03-01 10:30", "2026-03-01 10:30", ""]

    workbook = load_workbook(
        io.BytesIO(b"".join(editor_client.get(report_url(event, "xlsx")).streaming_content))
    )
    cells = list(workbook.active.iter_rows(values_only=True))[1]
    assert cells[4] == datetime.datetime(2026, 3, 1, 10, 30)

    fill_rates = editor_client.get(reverse("events_admin:fill_rates") + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(fill_rates.streaming_content).decode("utf-8-sig"))))
    row = next(row for row in rows if row[0] == "Atelier à Montréal")
    assert (row[1], row[-1]) == ("2031-03-04 09:00", "America/Toronto")
