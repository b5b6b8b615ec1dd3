"""Rate limits: failed logins (per IP and per account), sign-up, password
reset, comments and search. Each one triggers, says so, and ordinary use
never reaches it. (tests/conftest.py empties the cache before each test.)"""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.community.comment_helpers import form_data, set_site_settings

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"


def login(client, email, password, ip="10.0.0.1"):
    return client.post("/en/account/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_failed_logins_lock_the_account_for_a_while(client, member):
    for _ in range(5):
        assert login(client, member.email, "wrong-password").status_code == 200
    response = login(client, member.email, PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/en/").status_code == 302  # not logged in
    # Another member behind the same address is not locked out.
    assert login(client, "other@univ-test.example", "wrong").status_code == 200


def test_failed_logins_are_limited_per_address(client, make_member):
    make_member("target@univ-test.example")
    for number in range(20):
        login(client, f"nobody{number}@univ-test.example", "wrong", ip="10.0.0.9")
    response = login(client, "target@univ-test.example", PASSWORD, ip="10.0.0.9")
    assert response.status_code in (200, 429)
    assert client.get("/en/").status_code == 302
    # From another address the member logs in.
    assert login(client, "target@univ-test.example", PASSWORD, ip="10.0.0.10").status_code == 302


def test_a_member_who_mistypes_once_logs_in(client, member):
    assert login(client, member.email, "wrong-password").status_code == 200
    assert login(client, member.email, PASSWORD).status_code == 302


def test_signup_attempts_are_limited_per_address(client):
    statuses = [
        client.post(
            "/en/account/signup/",
            {"email": f"new{number}@univ-test.example", "password1": "x", "password2": "x"},
            REMOTE_ADDR="10.0.0.7",
        ).status_code
        for number in range(11)
    ]
    assert 429 not in statuses[:10]
    assert statuses[10] == 429


def test_password_reset_emails_are_limited_per_address(client, member, mailoutbox):
    for _ in range(4):
        client.post("/en/account/password/reset/", {"email": member.email})
    assert len(mailoutbox) == 3


@pytest.fixture
def guide(world):
    set_site_settings(hold_first_comments=0, comments_per_minute=3)
    return world.pages["guide"]


def test_comments_are_limited_per_member_and_minute(client, world, guide, mid_minute):
    client.force_login(world.users["outsider"])
    for number in range(3):
        response = client.post("/fr/comments/post/", form_data(guide, f"Message {number}"))
        assert response.status_code == 302
    response = client.post("/en/comments/post/", form_data(guide, "One too many"))
    assert response.status_code == 429
    assert "Please wait a minute" in response.content.decode()
    # Another member is not affected.
    client.force_login(world.users["insider"])
    assert client.post("/fr/comments/post/", form_data(guide, "Moi aussi")).status_code == 302


def test_comments_are_accepted_again_the_next_minute(client, world, guide, mid_minute, monkeypatch):
    client.force_login(world.users["outsider"])
    for number in range(4):
        client.post("/fr/comments/post/", form_data(guide, f"Message {number}"))
    later = mid_minute + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.post("/fr/comments/post/", form_data(guide, "Encore")).status_code == 302


@override_settings(SEARCH_RATE_LIMIT=5, SEARCH_AUTOCOMPLETE_RATE_LIMIT=8)
def test_searches_are_limited_per_member(client, make_member, mid_minute):
    first, second = make_member("a@univ-test.example"), make_member("b@univ-test.example")
    client.force_login(first)
    for number in range(5):
        assert client.get("/en/search/", {"q": f"crise {number}"}).status_code == 200
    response = client.get("/en/search/", {"q": "crise"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "You are searching very quickly" in response.content.decode()
    for _ in range(8):
        assert client.get("/en/search/suggest/", {"q": "cri"}).status_code == 200
    response = client.get("/en/search/suggest/", {"q": "cri"})
    assert response.status_code == 429
    assert response.json() == {
        "error": "You are searching very quickly. Please wait a minute before searching again.",
        "results": [],
    }
    client.force_login(second)
    assert client.get("/en/search/", {"q": "crise"}).status_code == 200
    assert client.get("/en/search/suggest/", {"q": "cri"}).status_code == 200


def test_ordinary_search_use_stays_under_the_default_limits(member_client, mid_minute):
    # A member typing a query and paging through results: well under 60 and 120.
    for number in range(30):
        assert (
            member_client.get("/fr/search/suggest/", {"q": "crise"[: 1 + number % 5]}).status_code
            == 200
        )
    for page in range(1, 16):
        assert member_client.get("/fr/search/", {"q": "crise", "page": page}).status_code == 200
