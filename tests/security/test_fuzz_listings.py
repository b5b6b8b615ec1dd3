"""Whatever a member (or a script) puts in the query string of a listing,
the answer is a page (200) or a refusal with a message (400/404), never a
server error: resources index and sections, job-profile comparison, events
index and calendar, member directory, feeds, my registrations."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

SECTION_PARAMS = [
    "topic",
    "institution",
    "institution_kind",
    "platform",
    "audience",
    "language",
    "sort",
    "page",
]
EVENT_PARAMS = ["when", "kind", "mode", "institution", "topic", "month", "page", "past"]
DIRECTORY_PARAMS = ["q", "institution", "kind", "region", "topic", "page"]
#: (listing, its known parameters); the URLs are filled in from the world.
LISTINGS = {
    "resources": ["sort", "page", "language"],
    "guides": SECTION_PARAMS,
    "talks": SECTION_PARAMS,
    "jobs": SECTION_PARAMS,
    "cases": SECTION_PARAMS,
    "compare": ["profiles"],
    "events": EVENT_PARAMS,
    "calendar": EVENT_PARAMS,
    "directory": DIRECTORY_PARAMS,
    "my_registrations": ["page"],
    "rss": ["page", "topic"],
    "atom": ["page", "topic"],
    "ics": ["page"],
}
SPECIAL = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "1",
        "2",
        "99999999999999999999",
        "1e10",
        "NaN",
        "null",
        "true",
        "all",
        "fr",
        "en",
        "newest",
        "oldest",
        "title",
        "past",
        "upcoming",
        "online",
        "2026-13",
        "2026-02",
        "0000-00",
        "9999-12",
        "university",
        "instagram",
        "students",
        "veille",
        "'",
        '"',
        "<script>",
        "%",
        "\\",
        "é",
        "👍",
        "../",
        " ",
        "1,2,3",
    ]
)
VALUES = st.one_of(
    SPECIAL,
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def urls(world):
    pages = world.pages
    return {
        "resources": pages["resources"].url,
        "guides": pages["guides"].url,
        "talks": pages["talks"].url,
        "jobs": pages["jobs"].url,
        "cases": pages["cases"].url,
        "compare": pages["jobs"].url + "compare/",
        "events": pages["events"].url,
        "calendar": pages["events"].url + "calendar/",
        "directory": "/fr/members/",
        "my_registrations": "/fr/me/events/",
        "rss": f"/fr/feeds/resources/{world.objects['outsider_feed']}/rss/",
        "atom": f"/fr/feeds/resources/{world.objects['outsider_feed']}/atom/",
        "ics": f"/fr/calendar/{world.objects['outsider_calendar']}.ics",
    }


@pytest.fixture
def member(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["outsider"])
    return client


def params_for(listing):
    known = st.sampled_from(LISTINGS[listing])
    unknown = st.text(min_size=1, max_size=12)
    return st.dictionaries(
        st.one_of(known, known, unknown), st.lists(VALUES, min_size=1, max_size=3), max_size=5
    )


@FUZZ
@given(data=st.data())
def test_listings_never_fail(member, urls, data):
    listing = data.draw(st.sampled_from(sorted(LISTINGS)), label="listing")
    params = data.draw(params_for(listing), label="params")
    response = member.get(urls[listing], params)
    assert response.status_code in (200, 400, 404), (listing, params, response.status_code)
    if response.status_code == 400 and listing not in ("rss", "atom", "ics"):
        assert b'class="message' in response.content or b"errorlist" in response.content, (
            listing,
            params,
        )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    year=st.integers(min_value=-5, max_value=100_000),
    month=st.integers(min_value=-1, max_value=100),
)
def test_any_calendar_month_in_the_address_never_fails(member, urls, year, month):
    response = member.get(f"{urls['calendar']}{year}/{month}/")
    assert response.status_code in (200, 400, 404), (year, month)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(token=st.text(min_size=1, max_size=80))
def test_any_feed_token_never_fails(urls, token, world):
    visitor = Client(raise_request_exception=False)
    safe = "".join(char for char in token if char.isalnum() or char in "-_") or "x"
    for url in (
        f"/fr/feeds/resources/{safe}/rss/",
        f"/fr/feeds/resources/{safe}/atom/",
        f"/fr/calendar/{safe}.ics",
    ):
        response = visitor.get(url)
        assert response.status_code in (200, 404), url
        assert b"SECRET-MARKER" not in response.content


def test_a_nul_character_in_any_listing_address_is_a_clear_400(member, urls):
    """PostgreSQL refuses NUL in any query: every listing answered 500 to
    one in a filter (the directory's search box among them)."""
    for listing, url in urls.items():
        for query in ("q=a%00b", "topic=%00", "a%00=1"):
            response = member.get(f"{url}?{query}")
            assert response.status_code == 400, (listing, query, response.status_code)
    html = member.get("/fr/members/?q=%00").content.decode()
    assert "Cette adresse ne peut pas être lue" in html


def test_a_huge_profile_number_in_the_comparison_is_a_form_error(member, urls):
    """SQLite's integers overflow on it: the comparison answered 500."""
    response = member.get(urls["compare"], {"profiles": ["99999999999999999999", "1"]})
    assert response.status_code in (200, 400)
    assert b"errorlist" in response.content or b'class="message' in response.content
