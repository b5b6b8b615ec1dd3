"""/healthz/: the database, the cache and the static files pages link, each
reported; 503 when pages cannot be served, 200 "degraded" when only the
resilient cache is gone."""

import json
import socket
import time

import pytest


@pytest.mark.django_db
def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "static": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_check_fails_when_the_cache_is_unreachable(client, settings):
    # A real Redis client against a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    start = time.monotonic()
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "error", "static": "ok"},
    }
    # The probe answers well within docker-compose's 10 s timeout.
    assert time.monotonic() - start < 5


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_a_dead_redis_behind_the_resilient_cache_is_degraded_not_down(client, settings):
    # Pages are still served without it (tests/ops/test_cache_down.py): a
    # load balancer must keep the instance, monitoring still sees the loss.
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "error", "static": "ok"},
    }


@pytest.fixture
def production_static(settings, tmp_path):
    """The production storage (hashed names from a manifest) on an empty
    STATIC_ROOT, as after `collectstatic` run with the development settings."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return tmp_path


def write_manifest(folder, names):
    paths = {name: name.replace(".", ".0123456789ab.", 1) for name in names}
    (folder / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))


BASE_TEMPLATE_FILES = [
    "css/cmhub.css",
    "css/print.css",
    "img/favicon.svg",
    "js/menus.js",
    "js/mentions.js",
    "js/member-actions.js",
    "js/search-autocomplete.js",
]


@pytest.mark.django_db
def test_health_check_fails_without_the_static_files_manifest(client, production_static):
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "ok", "static": "error"},
    }


@pytest.mark.django_db
def test_health_check_fails_when_the_manifest_lacks_a_file_pages_link(client, production_static):
    write_manifest(production_static, BASE_TEMPLATE_FILES[:-1])
    assert client.get("/healthz/").status_code == 503


@pytest.mark.django_db
def test_health_check_passes_with_a_complete_manifest(client, production_static):
    write_manifest(production_static, BASE_TEMPLATE_FILES)
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["checks"]["static"] == "ok"
