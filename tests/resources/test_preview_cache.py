"""An editor's preview is never served from, nor stored in, the cached
parts of the live page: the preview shows the form's changes even when the
live page is in the cache, and the live page keeps showing the published
version to everyone after a preview (before the fix, an unsaved title typed
in the editor showed on the live page to the other editors)."""

import pytest
from django.urls import reverse

from resources.models import GuideIndexPage
from tests.clients import logged_in

from .factories import make_event, make_guide
from .test_import_hostile import edit_form_data

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Titre du brouillon jamais publié"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.FRAGMENT_CACHE_TIMEOUT = 3600


def preview(client, page):
    """The editor types a new title and looks at the preview (not saved)."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    data = edit_form_data(response)
    data["title"] = DRAFT_TITLE
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(url, data).json()["is_valid"]
    return client.get(url).content.decode()


@pytest.fixture(params=["guide", "event"])
def live_page(request, sections):
    if request.param == "guide":
        return make_guide(sections[(GuideIndexPage, "fr")], 1, title="Titre publié")
    french_home = sections[(GuideIndexPage, "fr")].get_parent().get_parent()
    return make_event(french_home, title="Titre publié", days=20)


def test_the_preview_shows_the_change_though_the_live_page_is_cached(
    live_page, editor, editor_client
):
    assert "Titre publié" in editor_client.get(live_page.url).content.decode()
    shown = preview(editor_client, live_page)
    assert DRAFT_TITLE in shown.split("<h1", 1)[1].split("</h1>", 1)[0]


def test_a_preview_never_reaches_the_live_page(
    live_page, editor, make_member, member_client, editor_client
):
    preview(editor_client, live_page)
    colleague = make_member("eva@univ-test.example", groups=("Members", "Editors"))
    for client in (logged_in(colleague), editor_client, member_client):
        html = client.get(live_page.url).content.decode()
        assert DRAFT_TITLE not in html
        assert "Titre publié" in html


def test_closing_comments_in_a_preview_leaves_the_live_discussion_open(
    sections, editor, member, make_member
):
    """The shared thread is the same for every member: a preview that
    closes comments must not store a closed thread for the live page."""
    from tests.community.comment_helpers import add_comment, set_site_settings

    set_site_settings(hold_first_comments=0)
    editor_client, member_client = logged_in(editor), logged_in(member)
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Titre publié")
    add_comment(guide, make_member("lea@univ-test.example"), "Merci pour ce guide.")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    data = edit_form_data(response)
    data.pop("comments_open", None)  # the box unticked
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[guide.pk])
    assert editor_client.post(url, data).json()["is_valid"]
    shown = editor_client.get(url).content.decode()
    assert "Les commentaires sont fermés sur cette page." in shown

    html = member_client.get(guide.url).content.decode()
    assert "Les commentaires sont fermés sur cette page." not in html
    assert "Publier mon commentaire" in html
