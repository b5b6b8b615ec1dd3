"""Snippets stay short and cheap whatever the size of the document they
come from: a search that matches a huge body answers like any other."""

import pytest

from search import text

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
