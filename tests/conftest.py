"""Shared fixtures: the page tree is built once per test database, members
of each group are created per test."""

from types import SimpleNamespace

import django_ratelimit.core
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from community.thread_memory import threads as thread_memory
from home.tree import ensure_home_pages
from resources.tree import ensure_resource_sections
from search import statistics

from . import search_node
from .queries import CACHE_STATES, PageQueries
from .transactional import isolated_database  # noqa: F401 - a fixture for transactional modules

PASSWORD = "a-long-test-password-42"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the bilingual page tree once, as a fresh installation has it."""
    with django_db_blocker.unblock():
        ensure_resource_sections(*ensure_home_pages())


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as after a deployment, and no
    memory of an earlier test's unreachable Redis (a process that just
    started has none: search statistics would be written directly)."""
    cache.clear()
    thread_memory.clear()
    statistics._redis_down_until = 0.0


@pytest.fixture(params=CACHE_STATES)
def page_queries(request, settings):
    """Measures pages with fragment caching off (cold) and on (warm): a test
    using it runs once in each state (tests/queries.py)."""
    return PageQueries(request.param, settings)


@pytest.fixture
def home_pages(db):
    """The French and English home pages."""
    return ensure_home_pages()


@pytest.fixture
def sections(home_pages):
    """The Resources index and its sections: {(Model, "fr"|"en"): page}."""
    return ensure_resource_sections(*home_pages)


@pytest.fixture
def make_member(db, django_user_model):
    """Create a member (verified e-mail) in the given groups."""

    def make(email="camille@univ-test.example", groups=("Members",), **fields):
        user = django_user_model.objects.create_user(
            username=email.split("@")[0],
            email=email,
            password=PASSWORD,
            first_name=fields.pop("first_name", "Camille"),
            last_name=fields.pop("last_name", "Durand"),
            **fields,
        )
        user.groups.set(Group.objects.filter(name__in=groups))
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def member(make_member):
    return make_member()


@pytest.fixture
def editor(make_member):
    return make_member("ines@univ-test.example", groups=("Members", "Editors"), first_name="Inès")


@pytest.fixture
def moderator(make_member):
    return make_member(
        "hugo@univ-test.example", groups=("Members", "Moderators"), first_name="Hugo"
    )


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def mid_minute(monkeypatch):
    """Per-minute budgets count in windows of a minute: stop the clock (the
    site's and the rate limiter's) in the middle of one, so a test never
    straddles two. A test moves both by patching ``timezone.now`` again."""
    now = timezone.now().replace(second=30, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    monkeypatch.setattr(
        django_ratelimit.core, "time", SimpleNamespace(time=lambda: timezone.now().timestamp())
    )
    return now


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "own_engine: the test sets up its own search engine (kept on a real node run)"
    )
    config.addinivalue_line(
        "markers",
        "database_engines_only(why): behaviour the Elasticsearch/OpenSearch engine does not "
        "have yet; skipped, with the reason shown, on a real node run (docs/search.md)",
    )


@pytest.fixture(autouse=True)
def real_search_node(request):
    """On the real-node run (CMHUB_TEST_SEARCH_URL, tests/search_node.py),
    every test searches the real node, on an index cleaned after it."""
    if not search_node.URLS or request.node.get_closest_marker("own_engine"):
        yield None
        return
    gap = request.node.get_closest_marker("database_engines_only")
    if gap:
        pytest.skip(f"not on Elasticsearch/OpenSearch yet: {gap.args[0]}")
    settings = request.getfixturevalue("settings")
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    engine = search_node.use_real_node(settings, worker)
    yield engine
    search_node.drop_indexes(engine, search_node.index_name(worker))
