"""Spreadsheet exports (core/exports.py): no cell a member typed runs as a
formula, in our exports and in Wagtail's own reports, and CSVs are UTF-8
with a byte order mark."""

import csv
import io

import pytest
from wagtail.contrib.search_promotions.models import Query

from core.exports import spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Camille Durand", "Camille Durand"),
        ("a=1", "a=1"),
        ("", ""),
        (-2, -2),
        (None, None),
    ],
)
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


@pytest.mark.django_db
def test_wagtails_own_search_terms_export_is_protected_too(client, make_member):
    """Wagtail's "Search terms" report (superusers, /admin/searchpicks/…)
    exports the searches members typed: the same rules apply."""
    Query.get("=cmd|' /C calc'!A0").add_hit()
    Query.get("référencement").add_hit()
    client.force_login(make_member("root@univ-test.example", is_superuser=True))
    response = client.get("/admin/searchpicks/reports/search-terms/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    queries = [row[0] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))][1:]
    assert sorted(queries) == ["'=cmd|' /c calc'!a0", "référencement"]
