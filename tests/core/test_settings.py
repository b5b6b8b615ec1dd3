"""Production settings refuse unsafe configurations and pass check --deploy."""

import pytest

from tests.processes import environment_without, run_manage

GOOD_SECRET = "x9!kq2-this-is-a-long-random-production-secret-for-tests-only-7c1e"


def run_production(*args, **env_overrides):
    env = environment_without(
        {
            "SECRET_KEY",
            "DEBUG",
            "DATABASE_URL",
            "PYTEST_XDIST_WORKER",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "REDIS_URL",
            "WEB_CONCURRENCY",
            "GUNICORN_CMD_ARGS",
        },
        DJANGO_SETTINGS_MODULE="cmhub.settings.production",
        **env_overrides,
    )
    return run_manage(*args, env=env)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_debug():
    result = run_production("check", SECRET_KEY=GOOD_SECRET, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


@pytest.mark.parametrize("value", ["false", "0", "no", "off"])
def test_debug_false_strings_are_booleans(value):
    result = run_production("check", SECRET_KEY=GOOD_SECRET, DEBUG=value)
    assert result.returncode == 0, result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="cmhub.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "workers",
    [{"WEB_CONCURRENCY": "3"}, {"GUNICORN_CMD_ARGS": "--timeout 60 --workers 4"}],
)
def test_production_refuses_several_workers_without_a_shared_cache(workers):
    result = run_production("check", SECRET_KEY=GOOD_SECRET, **workers)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL is not set" in result.stderr
    assert "web worker processes" in result.stderr


def test_production_runs_several_workers_with_a_shared_cache():
    result = run_production(
        "check", SECRET_KEY=GOOD_SECRET, WEB_CONCURRENCY="3", REDIS_URL="redis://127.0.0.1:1/0"
    )
    assert result.returncode == 0, result.stderr


def test_a_single_worker_without_redis_caches_no_fragments():
    result = run_production(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.FRAGMENT_CACHE_TIMEOUT)",
        SECRET_KEY=GOOD_SECRET,
        WEB_CONCURRENCY="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SEARCH_ENGINE": "solr"}, "choose elasticsearch, opensearch or database"),
        ({"SEARCH_ENGINE": "opensearch", "OPENSEARCH_URL": ""}, "set OPENSEARCH_URL too"),
        ({"SEARCH_ENGINE": "elasticsearch", "ELASTICSEARCH_URL": ""}, "set ELASTICSEARCH_URL too"),
    ],
)
def test_a_search_engine_misconfigured_is_refused_with_a_message(env, message):
    result = run_production("check", SECRET_KEY=GOOD_SECRET, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_opensearch_chosen_is_the_engine_of_members_and_of_the_admin():
    result = run_production(
        "shell",
        "-c",
        "from django.conf import settings; from search.backends import engine_class; "
        "print(engine_class().__name__, settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])",
        SECRET_KEY=GOOD_SECRET,
        SEARCH_ENGINE="opensearch",
        OPENSEARCH_URL="http://opensearch:9200",
        ELASTICSEARCH_URL="",
    )
    assert result.returncode == 0, result.stderr
    # The last line: the shell may first say what it imported.
    assert result.stdout.splitlines()[-1].split() == [
        "OpenSearchEngine",
        "wagtail.search.backends.opensearch2",
    ]
