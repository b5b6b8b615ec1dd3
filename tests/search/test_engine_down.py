"""Members' search on Elasticsearch when the node is down: refusing
connections (a closed local port) or accepting them and never answering (a
local socket that says nothing). Search and autocomplete answer 503 with a
clear message, the rest of the site works, and editors and members still
publish and save; what the engine missed is written once it answers again
(`manage.py update_index --if-needed`, or the next index task)."""

import io
import logging
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.models import MemberProfile
from resources.models import GuideIndexPage, GuidePage
from search import backends
from search.models import SearchDocument, SearchEngineBacklog, SearchIndex
from tests.resources.factories import make_institution
from tests.search.fake_elasticsearch import FakeNode

# A stand-in engine of its own, on the real-node run too.
pytestmark = [pytest.mark.django_db, pytest.mark.own_engine]
ALIAS = "cmhub_test_down_documents"
TIMEOUT = 0.5


def closed_port_url():
    """The address of a local port nobody listens on: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class SilentNode:
    """A local socket that accepts connections and never answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self):
        while True:
            try:
                connection, _address = self.sock.accept()
            except OSError:  # closed by stop()
                return
            self.connections.append(connection)

    def stop(self):
        self.sock.close()
        for connection in self.connections:
            connection.close()


ENGINES = {
    "elasticsearch": ("search.backends.elasticsearch.ElasticsearchEngine", "ELASTICSEARCH_URL"),
    "opensearch": ("search.backends.opensearch.OpenSearchEngine", "OPENSEARCH_URL"),
}


@pytest.fixture
def use_engine(settings):
    """Point the Elasticsearch engine (or OpenSearch's) at an address (a
    fresh engine each time, as a restarted process would have)."""
    settings.CMHUB_SEARCH_INDEX = ALIAS
    settings.CMHUB_SEARCH_REFRESH = False
    settings.ELASTICSEARCH_TIMEOUT = TIMEOUT
    engines = []

    def use(url, engine="elasticsearch"):
        path, url_setting = ENGINES[engine]
        settings.CMHUB_SEARCH_ENGINE = path
        setattr(settings, url_setting, [url])
        backends._engine.cache_clear()
        cache.clear()
        engines.append(backends.get_engine())
        return engines[-1]

    yield use
    for engine in engines:
        engine.client.close()
    backends._engine.cache_clear()


@pytest.fixture
def silent_node():
    node = SilentNode()
    yield node
    node.stop()


@pytest.fixture
def fake_node():
    node = FakeNode().start()
    yield node
    node.stop()


@pytest.fixture(
    params=[
        ("elasticsearch", "refused"),
        ("elasticsearch", "silent"),
        ("opensearch", "refused"),
        ("opensearch", "silent"),
    ],
    ids=lambda param: "-".join(param),
)
def engine_down(request, use_engine):
    """The engine (Elasticsearch's or OpenSearch's client) configured, its
    node refusing connections or silent."""
    engine, state = request.param
    if state == "refused":
        return use_engine(closed_port_url(), engine)
    return use_engine(request.getfixturevalue("silent_node").url, engine)


def test_search_page_says_search_is_unavailable_with_503(engine_down, member_client, caplog):
    caplog.set_level(logging.INFO)
    started = time.monotonic()
    response = member_client.get("/fr/search/", {"q": "veille"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "La recherche est momentanément indisponible" in response.content.decode()
    first = time.monotonic() - started

    # The next requests do not wait for the node again, nor log again.
    started = time.monotonic()
    response = member_client.get("/en/search/", {"q": "newsletter", "type": "guide"})
    assert response.status_code == 503
    assert "Search is temporarily unavailable" in response.content.decode()
    assert member_client.get("/fr/search/", {"q": "veille"}).status_code == 503
    assert time.monotonic() - started < min(first, TIMEOUT) + 0.3

    warnings = [
        record for record in caplog.records if record.name == "search.backends.elasticsearch"
    ]
    assert [record.levelname for record in warnings] == ["WARNING"]
    assert not [record for record in caplog.records if record.exc_info]


def test_search_page_without_words_does_not_need_the_engine(engine_down, member_client):
    response = member_client.get("/fr/search/")
    assert response.status_code == 200


def test_autocomplete_answers_503_in_json(engine_down, member_client):
    response = member_client.get(reverse("search_autocomplete"), {"q": "gestion de cri"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.json()
    assert body["results"] == []
    assert "momentanément indisponible" in body["error"]


def test_the_rest_of_the_site_works_without_the_engine(engine_down, member_client, guides):
    guide = guides(title="Veille sur les réseaux")
    for url in ("/fr/", "/fr/me/", "/fr/members/", guide.get_parent().url, guide.url):
        assert member_client.get(url).status_code == 200, url


# --- Writing while the engine is down ----------------------------------------


def guide_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Suivre ce qui se dit de l'établissement.",
            "difficulty": "beginner",
            "last_reviewed": "2026-09-01",
            "body": streamfield(
                [("step", {"title": "Choisir les mots", "text": rich_text("<p>Nom, sigle.</p>")})]
            ),
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )


def publish_guide(client, parent, title, slug):
    url = reverse(
        "wagtailadmin_pages:add",
        args=[GuidePage._meta.app_label, GuidePage._meta.model_name, parent.pk],
    )
    response = client.post(url, guide_form(title, slug))
    # Published: the admin goes back to the section's listing, no form errors.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[parent.pk])
    return response, GuidePage.objects.get(slug=slug, locale=parent.locale)


def live_document(key):
    return SearchDocument.objects.get(key=key, generation=SearchIndex.objects.get().live)


class Outage:
    """Switch the engine between a working node and a dead one."""

    def __init__(self, use_engine, node):
        self.use_engine, self.node = use_engine, node

    def down(self):
        self.use_engine(closed_port_url())

    def back(self):
        self.use_engine(self.node.url)


@pytest.fixture
def outage(use_engine, fake_node, sections):
    """An index built on a working node, then the node gone (connections
    refused)."""
    outage = Outage(use_engine, fake_node)
    outage.back()
    call_command("update_index", "--members-search-only", stdout=io.StringIO())
    outage.down()
    return outage


def catch_up_command():
    out = io.StringIO()
    call_command("update_index", "--if-needed", "--members-search-only", stdout=out)
    return out.getvalue()


def test_an_editor_publishes_a_guide_while_the_engine_is_down(
    outage, fake_node, editor_client, member, sections
):
    member_client = Client()
    member_client.force_login(member)
    parent = sections[(GuideIndexPage, "fr")]
    response, guide = publish_guide(editor_client, parent, "Veille d'image", "veille-image")
    assert guide.live
    listing = editor_client.get(response.url)
    assert [m.level_tag for m in listing.context["messages"]] == ["success"]
    assert member_client.get(guide.url).status_code == 200
    # The truth is written; the engine's copy is kept for later.
    document = live_document(f"page:{guide.pk}")
    assert document.title == "Veille d'image"
    assert SearchEngineBacklog.objects.filter(key=f"page:{guide.pk}").exists()

    # The documented remedy: once the node answers, update_index --if-needed.
    outage.back()
    assert document.pk not in fake_node.documents(ALIAS)
    assert "1 of 1 documents" in catch_up_command()
    assert document.pk in fake_node.documents(ALIAS)
    assert not SearchEngineBacklog.objects.exists()
    response = member_client.get("/fr/search/", {"q": "veille"})
    assert response.status_code == 200
    assert "Veille d'image" in [hit.document.title for hit in response.context["hits"]]


def test_the_next_index_write_catches_up_what_the_engine_missed(
    outage, fake_node, editor_client, sections
):
    parent = sections[(GuideIndexPage, "fr")]
    _response, missed = publish_guide(editor_client, parent, "Veille manquée", "veille-manquee")
    outage.back()
    _response, later = publish_guide(editor_client, parent, "Veille suivante", "veille-suivante")
    indexed = fake_node.documents(ALIAS)
    assert live_document(f"page:{missed.pk}").pk in indexed
    assert live_document(f"page:{later.pk}").pk in indexed
    assert not SearchEngineBacklog.objects.exists()


def test_a_page_unpublished_while_the_engine_is_down_leaves_it_afterwards(
    outage, fake_node, guides
):
    outage.back()
    guide = guides(title="Veille retirée")
    document_id = live_document(f"page:{guide.pk}").pk
    assert document_id in fake_node.documents(ALIAS)
    outage.down()
    guide.unpublish()
    # Gone from what search shows at once, from the engine when it answers.
    assert not SearchDocument.objects.filter(key=f"page:{guide.pk}").exists()
    outage.back()
    assert "1 of 1 documents" in catch_up_command()
    assert document_id not in fake_node.documents(ALIAS)


def test_a_member_saves_their_profile_while_the_engine_is_down(engine_down, member_client, member):
    member_client.get(reverse("members:edit_profile"))  # creates the profile
    institution = MemberProfile.objects.get(user=member).institution
    response = member_client.post(
        reverse("members:edit_profile"),
        {
            "job_title": "Community manager",
            "bio": "Je gère les réseaux.",
            "languages": ["fr"],
            "visible_in_directory": "on",
            "digest_frequency": "weekly",
            "institution": institution.pk if institution else "",
        },
    )
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=member).job_title == "Community manager"
    assert SearchEngineBacklog.objects.filter(key=f"member:{member.pk}").exists()


def test_deleting_a_page_or_saving_an_institution_while_the_engine_is_down(
    outage, fake_node, guides
):
    """Both reach the index in the request itself (not through a task)."""
    outage.back()
    guide = guides(title="Veille supprimée")
    document_id = live_document(f"page:{guide.pk}").pk
    outage.down()
    guide.delete()
    institution = make_institution(name="Université de la Veille")
    institution.name = "Université de la Veille numérique"
    institution.save()
    assert live_document(f"institution:{institution.pk}").title == institution.name
    outage.back()
    assert "2 of 2 documents" in catch_up_command()
    indexed = fake_node.documents(ALIAS)
    assert document_id not in indexed
    assert live_document(f"institution:{institution.pk}").pk in indexed


def test_wagtail_admin_search_on_elasticsearch_rebuilds_atomically():
    """With ELASTICSEARCH_URL, Wagtail's own update_index builds a new index
    and moves the alias (the admin's search is never empty meanwhile)."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from modelsearch.backends import get_search_backend\n"
        "print(settings.WAGTAILSEARCH_BACKENDS['default']['ATOMIC_REBUILD'],"
        " get_search_backend().rebuilder_class.__name__)\n"
    )
    env = {
        **os.environ,
        "ELASTICSEARCH_URL": closed_port_url(),
        "DJANGO_SETTINGS_MODULE": "cmhub.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "ElasticsearchAtomicIndexRebuilder"]
