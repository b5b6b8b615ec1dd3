"""A comment has no reply form of its own: its "Reply" link brings the
page's one form under it with JavaScript (tests/e2e), or without opens the
page with ``?reply_to=<id>``, the form then replying to that comment. A
``reply_to`` that is not a comment of this page taking replies leaves a new
comment's form, with a message; never an error."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment

from resources.models import GuideIndexPage
from tests.clients import logged_in
from tests.resources.factories import make_guide

from .comment_helpers import (  # noqa: F401 - fixtures
    POST_URL,
    add_comment,
    caching,
    guide,
    publish_at_once,
)

pytestmark = pytest.mark.django_db

REFUSED = "Ce commentaire n’accepte plus de réponse"


def comment_form(html):
    """The page's comment form (there is one)."""
    assert html.count('<form class="comment-form"') == 1
    start = html.index('<form class="comment-form"')
    return html[start : html.index("</form>", start)]


def posted_fields(form):
    """What a browser posts from ``form``: its hidden fields."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


@pytest.fixture
def question(guide, make_member):
    lea = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    return add_comment(guide, lea, "Quelqu'un a-t-il un modèle de charte ?")


@pytest.mark.parametrize("cached", [False, True], ids=["caching off", "caching on"])
def test_the_reply_link_opens_the_form_replying_to_that_comment(
    settings, guide, member, question, publish_at_once, cached
):
    caching(settings, on=cached)
    client = logged_in(member)
    html = client.get(guide.url).content.decode()
    link = f'href="?reply_to={question.pk}#comment-form"'
    assert link in html
    assert 'id="comment-form"' in html
    # The page's form is a new comment's, its "replying to" line hidden.
    assert 'name="reply_to" value="0"' in comment_form(html)

    response = client.get(f"{guide.url}?reply_to={question.pk}")
    assert response.status_code == 200
    form = comment_form(response.content.decode())
    assert f'name="reply_to" value="{question.pk}"' in form
    assert (
        '<p class="comment-form__replying">'
        "En réponse à <strong data-reply-name>Léa Martin</strong> "
        f'<a href="{guide.url}#comment-form" data-reply-cancel>Annuler</a></p>'
    ) in form
    assert ">Votre réponse</label>" in form and ">Publier ma réponse</button>" in form
    assert REFUSED not in form

    # Posted as it stands, the reply sits under the question.
    fields = posted_fields(form)
    fields.update({"comment": "Oui, voici la nôtre.", "followup": "on", "honeypot": ""})
    assert client.post(POST_URL, fields).status_code == 302
    reply = XtdComment.objects.get(comment="Oui, voici la nôtre.")
    assert reply.parent_id == question.pk

    # The next visit without reply_to shows a new comment's form again.
    form = comment_form(client.get(guide.url).content.decode())
    assert 'name="reply_to" value="0"' in form
    assert 'class="comment-form__replying" hidden' in form


def test_the_reply_link_keeps_the_page_of_the_discussion(
    settings, guide, member, make_member, publish_at_once
):
    settings.COMMENT_THREADS_PER_PAGE = 2
    caching(settings, on=True)
    lea = make_member("lea@univ-test.example", first_name="Léa")
    comments = [add_comment(guide, lea, f"Avis {number}") for number in range(3)]
    client = logged_in(member)
    html = client.get(f"{guide.url}?comments_page=2").content.decode()
    last = comments[-1]
    assert f'href="?comments_page=2&amp;reply_to={last.pk}#comment-form"' in html
    form = comment_form(
        client.get(f"{guide.url}?comments_page=2&reply_to={last.pk}").content.decode()
    )
    assert f'name="reply_to" value="{last.pk}"' in form
    assert f'href="{guide.url}?comments_page=2#comment-form" data-reply-cancel' in form


@pytest.mark.parametrize("cached", [False, True], ids=["caching off", "caching on"])
def test_a_reply_to_that_takes_no_reply_leaves_a_new_comments_form(
    settings, sections, guide, member, make_member, question, publish_at_once, cached
):
    """Not a number, no such comment, another page's comment, a removed,
    held or too deeply nested comment: a message, and a new comment's form."""
    caching(settings, on=cached)
    hal = make_member("hal@univ-test.example", first_name="Hal")
    other_guide = make_guide(sections[(GuideIndexPage, "fr")], 2)
    elsewhere = add_comment(other_guide, hal, "Sur un autre guide")
    removed = add_comment(guide, hal, "Retiré", is_removed=True)
    held = add_comment(guide, hal, "En attente", is_public=False)
    reply = add_comment(guide, hal, "Niveau 1", parent=question)
    deepest = add_comment(guide, hal, "Niveau 2", parent=reply)
    client = logged_in(member)
    for value in (
        "abc",
        "",
        "-1",
        "²",
        "١٢",
        "9" * 40,
        "999999",
        elsewhere.pk,
        removed.pk,
        held.pk,
        deepest.pk,
    ):
        response = client.get(guide.url, {"reply_to": value})
        assert response.status_code == 200, value
        html = response.content.decode()
        form = comment_form(html)
        assert 'name="reply_to" value="0"' in form, value
        assert REFUSED in form, value
        assert 'class="comment-form__replying" hidden' in form, value
        assert ">Publier mon commentaire</button>" in form, value
        assert "Sur un autre guide" not in html and "En attente" not in html
    # The comment it may reply to.
    form = comment_form(client.get(guide.url, {"reply_to": reply.pk}).content.decode())
    assert f'name="reply_to" value="{reply.pk}"' in form and REFUSED not in form


def test_the_reply_form_costs_one_query_the_thread_still_read_from_the_cache(
    settings, guide, member, question
):
    caching(settings, on=True)
    client = logged_in(member)
    client.get(guide.url)
    client.get(f"{guide.url}?reply_to={question.pk}")
    with CaptureQueriesContext(connection) as plain:
        client.get(guide.url)
    with CaptureQueriesContext(connection) as replying:
        client.get(f"{guide.url}?reply_to={question.pk}")
    extra = [query["sql"] for query in replying.captured_queries[len(plain) :]]
    assert len(replying) == len(plain) + 1
    assert '"django_comments"' in extra[0]
