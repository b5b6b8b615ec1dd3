"""Snippets stay short and cheap whatever the size of the document they
come from: a search that matches a huge body answers like any other."""

import pytest

from resources.models import GuidePage
from search import indexer, text

pytestmark = pytest.mark.django_db

#: A generous bound for a snippet's HTML (400 characters of text, <mark> tags
#: and escaped entities).
SNIPPET_BOUND = 2_000


def search(client, **params):
    return client.get("/fr/search/", params)


def test_a_huge_body_gives_a_short_snippet(member_client, guides):
    """The matched word is followed by a megabyte of punctuation: the
    snippet used to carry all of it to the page (a whole body's worth)."""
    filler = "-" * 1_000_000
    guides(
        title="Un guide très long",
        summary="Un résumé sans le mot cherché.",
        body=[("paragraph", f"<p>Préparer la formation {filler} puis la suite {filler} fin.</p>")],
    )

    response = search(member_client, q="formation")

    assert response.status_code == 200
    [hit] = response.context["hits"]
    assert "<mark>formation</mark>" in hit.snippet
    assert len(hit.snippet) < SNIPPET_BOUND
    assert len(response.content) < 200_000


def test_highlight_is_bounded_whatever_the_text():
    huge_word = "a" * 1_000_000
    for source in (
        f"{huge_word} formation",
        f"formation {huge_word}",
        "formation " + "\n" * 1_000_000 + "suite",
        "mot " * 1_000_000 + "formation",
    ):
        snippet = text.highlight(source, ["formation"], "fr")
        assert len(snippet) < SNIPPET_BOUND
    assert text.highlight("Organiser une formation.", ["formations"], "fr") == (
        "Organiser une <mark>formation</mark>"
    )


def test_a_page_with_a_huge_body_of_distinct_words_is_indexed_and_found(member_client, guides):
    """A body of 1.6 MB of distinct words: on PostgreSQL its full-text vector
    went past the 1 MB a tsvector may hold, so the page was never indexed.
    (The body is written behind Wagtail's back, then indexed by CM Hub's
    indexer alone: Wagtail's own admin index has the same limit, which is
    Wagtail's to lift.)"""
    guide = guides(title="Un guide interminable", summary="Le résumé.")
    words = " ".join(f"mot{number}" for number in range(200_000))
    GuidePage.objects.filter(pk=guide.pk).update(
        body=[("paragraph", f"<p>Charte éditoriale {words}</p>")]
    )

    indexer.index_page(GuidePage.objects.get(pk=guide.pk))

    response = search(member_client, q="interminable")
    assert response.status_code == 200
    assert [hit.document.title for hit in response.context["hits"]] == ["Un guide interminable"]


def test_a_snippet_keeps_french_non_breaking_spaces(member_client, guides):
    """The snippet under a result keeps the non-breaking space before ";" or
    ":": with a plain one, a phone broke the line before the mark and the
    next line began with "; le deuxième…" (French typography)."""
    guides(
        title="Le microprogramme",
        summary="Un week-end\u00a0; le deuxième sur la formation\u00a0: contenu et calendrier.",
    )

    response = search(member_client, q="formation")

    [hit] = response.context["hits"]
    assert "week-end\u00a0; le deuxième" in hit.snippet
    assert "formation</mark>\u00a0: contenu" in hit.snippet
    assert " ;" not in hit.snippet
    assert " :" not in hit.snippet
