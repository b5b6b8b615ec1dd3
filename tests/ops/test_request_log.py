"""One structured log line per request (core/request_log.py): the fields a
log collector needs, a request id that round-trips, nothing private."""

import json
import logging
import re

import pytest
from django.test import Client

from core.logging import JsonFormatter

pytestmark = pytest.mark.django_db

LOGGER = "cmhub.request"


def request_lines(caplog):
    """The request log records, as the production JSON lines."""
    formatter = JsonFormatter()
    return [
        (record, json.loads(formatter.format(record)))
        for record in caplog.records
        if record.name == LOGGER
    ]


def test_a_member_request_is_logged_as_one_json_line_with_its_fields(member_client, member, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    response = member_client.get("/en/", {"q": "instagram-secret", "email": member.email})
    assert response.status_code == 200

    [(record, line)] = request_lines(caplog)
    assert record.levelno == logging.INFO
    assert line["logger"] == LOGGER
    assert line["method"] == "GET"
    assert line["path"] == "/en/"
    assert line["status"] == 200
    assert line["user_id"] == member.pk
    assert line["query_params"] == ["email", "q"]
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["sql_queries"] > 0
    assert line["remote_addr"] == "127.0.0.1"
    assert line["request_id"] == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    # Neither the e-mail address nor the query values reach the log.
    text = json.dumps(line)
    assert member.email not in text
    assert "@" not in text
    assert "instagram-secret" not in text


def test_anonymous_requests_have_no_user_id(client, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    response = client.get("/en/")
    assert response.status_code == 302  # to the login page
    [(_record, line)] = request_lines(caplog)
    assert line["status"] == 302
    assert "user_id" not in line


def test_a_safe_incoming_request_id_round_trips(client, caplog):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    request_id = "proxy-7f3a9c2e-41b0"
    response = client.get("/healthz/", headers={"X-Request-ID": request_id})
    assert response["X-Request-ID"] == request_id
    [(record, line)] = request_lines(caplog)
    assert line["request_id"] == request_id
    # The health check is polled every few seconds: DEBUG, not INFO.
    assert record.levelno == logging.DEBUG


@pytest.mark.parametrize(
    "unsafe",
    [
        "abc",  # too short to be unique
        "x" * 65,  # too long
        "id with spaces",
        "<script>alert(1)</script>",
        "camille@univ-test.example",
    ],
)
def test_an_unsafe_incoming_request_id_is_replaced(client, caplog, unsafe):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    response = client.get("/healthz/", headers={"X-Request-ID": unsafe})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    [(_record, line)] = request_lines(caplog)
    assert line["request_id"] == response["X-Request-ID"]
    assert unsafe not in caplog.text


def test_the_health_check_is_not_logged_at_info(client, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert client.get("/healthz/").status_code == 200
    assert request_lines(caplog) == []


def test_static_files_are_not_logged(client, caplog):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    client.get("/static/css/nothing-here.css")
    assert request_lines(caplog) == []


def test_server_errors_are_logged_at_error_with_their_request_id(settings, caplog):
    settings.ROOT_URLCONF = "tests.ops.urls"
    caplog.set_level(logging.INFO, logger=LOGGER)
    response = Client(raise_request_exception=False).get("/ops-test/broken/")
    assert response.status_code == 500
    [(record, line)] = request_lines(caplog)
    assert record.levelno == logging.ERROR
    assert line["level"] == "ERROR"
    assert line["status"] == 500
    assert line["path"] == "/ops-test/broken/"
    assert line["request_id"] == response["X-Request-ID"]


def test_other_log_lines_of_a_request_carry_its_request_id(settings, caplog):
    """Django's own error report of a failing request names the same id."""
    from core.logging import RequestIdFilter

    settings.ROOT_URLCONF = "tests.ops.urls"
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    try:
        response = Client(raise_request_exception=False).get("/ops-test/broken/")
    finally:
        caplog.handler.removeFilter(caplog.handler.filters[-1])
    [error] = [record for record in caplog.records if record.name == "django.request"]
    line = json.loads(JsonFormatter().format(error))
    assert line["request_id"] == response["X-Request-ID"]
    assert "RuntimeError: boom" in line["exception"]


def test_plain_format_stays_readable(member_client, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    member_client.get("/en/", {"page": "2"})
    [record] = [record for record in caplog.records if record.name == LOGGER]
    assert re.fullmatch(r"GET /en/\?page 200 [0-9.]+ms", record.getMessage())
