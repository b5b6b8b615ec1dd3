"""manage.py import_content against a hostile file: rich text keeps only
what the page editor accepts, plain text refuses markup, every text has a
size limit, and every kind of page imported opens, previews and saves in
the Wagtail editor."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail import blocks
from wagtail.blocks.base import BlockField
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from community.models import Institution, Person, Topic
from resources.importer import MAX_FILE_BYTES
from resources.models import CaseStudyPage, GuidePage, JobProfilePage, TalkPage

from .hostile import SAFE_TEXT, assert_no_payload, hostile_import

pytestmark = pytest.mark.django_db

KIND_MODELS = {
    "hostile-guide": GuidePage,
    "hostile-talk": TalkPage,
    "hostile-profile": JobProfilePage,
    "hostile-case": CaseStudyPage,
}


def write(tmp_path, data, name="import.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_import(path):
    output = StringIO()
    call_command("import_content", str(path), stdout=output)
    return output.getvalue()


def counts():
    return (
        *(model.objects.count() for model in KIND_MODELS.values()),
        Institution.objects.count(),
        Person.objects.count(),
        Topic.objects.count(),
    )


def import_error(tmp_path, data):
    """The command's error for `data`, after checking nothing was written."""
    before = counts()
    with pytest.raises(CommandError) as raised:
        run_import(write(tmp_path, data))
    assert counts() == before
    return str(raised.value)


# --- The editor's view of an imported page -------------------------------------


def block_form_data(block, value):
    """The POST data the editor's JavaScript sends for a block's value."""
    if isinstance(block, blocks.BaseStreamBlock):
        return streamfield(
            [(child.block_type, block_form_data(child.block, child.value)) for child in value]
        )
    if isinstance(block, blocks.ListBlock):
        return streamfield([("item", block_form_data(block.child_block, item)) for item in value])
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_form_data(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source, features=block.features)
    return "" if value is None else str(block.get_prep_value(value))


def edit_form_data(response):
    """What the edit form sends back unchanged: its fields as rendered
    (rich text as the editor's contentstate, inline panels), plus the
    StreamFields, which the editor's JavaScript draws."""
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    form = response.context["form"]
    for name, form_field in form.fields.items():
        if isinstance(form_field, BlockField):
            value = form[name].value()
            for key, item in nested_form_data(
                {name: block_form_data(form_field.block, value)}
            ).items():
                data[key] = item
    return data


@pytest.mark.parametrize("key", KIND_MODELS)
def test_hostile_rich_text_is_cleaned_and_the_page_opens_previews_and_saves(
    key, tmp_path, sections, editor_client
):
    output = run_import(write(tmp_path, hostile_import()))
    page = KIND_MODELS[key].objects.get(import_key=key)
    assert page.live

    # The editor opens the page (Draftail used to fail: "Unmatched tags").
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = editor_client.get(edit_url)
    assert response.status_code == 200
    assert_no_payload(response.content.decode())
    data = edit_form_data(response)
    data["title"] = f"{page.title} (relu)"

    # The operator is told what the whitelist removed; the person's bio is clean.
    assert (
        "Note: resources[3] (key 'hostile-case'): context: removed what the rich text editor "
        "does not allow: <circle>, <h2>, <iframe>, <img>, <script>, <style>, <svg>"
    ) in output
    eve = Person.objects.get(last_name="Malveillante", locale__language_code="fr")
    assert_no_payload(eve.bio)
    assert SAFE_TEXT in eve.bio

    # The published page: the safe text is there, none of the payloads.
    published = editor_client.get(page.url)
    assert published.status_code == 200
    html = published.content.decode()
    assert SAFE_TEXT in html and "lien piégé" in html
    assert_no_payload(html)

    # The draft preview shows the same, harmless text.
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert editor_client.post(preview_url, data).json()["is_valid"]
    preview = editor_client.get(preview_url)
    assert preview.status_code == 200
    assert SAFE_TEXT in preview.content.decode()
    assert_no_payload(preview.content.decode())

    # Saving the form as it came saves a new draft.
    saved = editor_client.post(edit_url, data)
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == data["title"]
    view_draft = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert view_draft.status_code == 200
    assert SAFE_TEXT in view_draft.content.decode()
    assert_no_payload(view_draft.content.decode())


# --- Plain text ------------------------------------------------------------------


def test_markup_in_plain_text_fields_is_refused_with_the_record_and_field(tmp_path, sections):
    data = hostile_import()
    data["institutions"] = [{"name": "Université <b>Test</b>", "kind": "university"}]
    data["topics"][0]["name"] = "<em>Piège</em>"
    data["people"][0]["role"] = "<script>alert(1)</script>"
    guide, talk, profile, case = data["resources"]
    guide["title"] = "<script>window.__pwned = 1</script>Guide"
    guide["summary"] = 'Résumé <img src="x" onerror="alert(1)">'
    guide["body"][4]["items"] = ["<a href='javascript:alert(1)'>clic</a>"]
    guide["body"][6]["text"] = "Une citation <!-- cachée -->"
    talk["key_takeaways"] = ["<i>Vigilance</i>"]
    talk["questions"][0]["question"] = "Une </p>question ?"
    profile["missions"] = ["<iframe src=x></iframe>Animer"]
    case["timeline"][0]["title"] = "<svg onload=alert(1)>"

    message = import_error(tmp_path, data)

    assert "nothing was imported" in message
    for expected in (
        "institutions[0] (name 'Université <b>Test</b>'): name: HTML is not allowed",
        "topics[0] (slug 'piege'): name.fr: HTML is not allowed",
        "people[0] (key 'eve'): role: HTML is not allowed",
        "resources[0] (key 'hostile-guide'): title: HTML is not allowed in this plain-text "
        "field (found '<script>window.__pwn')",
        "resources[0] (key 'hostile-guide'): summary: HTML is not allowed",
        "resources[0] (key 'hostile-guide'): body[4].items[0]: HTML is not allowed",
        "resources[0] (key 'hostile-guide'): body[6].text: HTML is not allowed",
        "resources[1] (key 'hostile-talk'): key_takeaways: HTML is not allowed",
        "resources[1] (key 'hostile-talk'): questions[0].question: HTML is not allowed",
        "resources[2] (key 'hostile-profile'): missions: HTML is not allowed",
        "resources[3] (key 'hostile-case'): timeline[0].title: HTML is not allowed",
    ):
        assert expected in message


def test_text_that_only_looks_like_markup_is_kept(tmp_path, sections):
    data = hostile_import()
    data["resources"][0]["title"] = "Taux < 5 % et <3 pour les abonnés"
    run_import(write(tmp_path, data))
    assert GuidePage.objects.get(import_key="hostile-guide").title == (
        "Taux < 5 % et <3 pour les abonnés"
    )


def test_javascript_and_data_addresses_are_refused(tmp_path, sections):
    data = hostile_import()
    data["people"][0]["website"] = "javascript:alert(1)"
    data["people"][0]["linkedin_url"] = "data:text/html;base64,PHNjcmlwdD4="
    guide, talk, profile, _case = data["resources"]
    talk["video_url"] = "javascript:alert(document.cookie)"
    profile["source_url"] = "data:text/html;base64,PHNjcmlwdD4="
    guide["body"].append({"type": "embed", "url": "javascript:alert(1)"})

    message = import_error(tmp_path, data)

    for expected in (
        "people[0] (key 'eve'): website: Enter a valid URL.",
        "people[0] (key 'eve'): linkedin_url: Enter a valid URL.",
        "resources[1] (key 'hostile-talk'): video_url: Enter a valid URL.",
        "resources[2] (key 'hostile-profile'): source_url: Enter a valid URL.",
        "resources[0] (key 'hostile-guide'): body[7].url: Cannot find an embed for this URL.",
    ):
        assert expected in message


# --- Sizes -------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, sections):
    path = tmp_path / "huge.json"
    with path.open("w") as huge:
        huge.write('{"version": 1, "resources": [')  # never valid: it is not even read
        huge.write(" " * MAX_FILE_BYTES)
    before = counts()

    with pytest.raises(CommandError) as raised:
        run_import(path)

    assert "the file weighs 20.0 MB; an import file may weigh 20 MB at most" in str(raised.value)
    assert counts() == before


def test_a_file_nested_too_deeply_is_refused_clearly(tmp_path, sections):
    path = tmp_path / "deep.json"
    path.write_text('{"version": 1, "resources": ' + "[" * 100_000 + "]" * 100_000 + "}")

    with pytest.raises(CommandError, match="the JSON is nested too deeply to be read"):
        run_import(path)


def test_every_text_has_a_size_limit(tmp_path, sections):
    data = hostile_import()
    guide, talk, profile, case = data["resources"]
    case["context"] = "<p>" + "contexte " * 7_000 + "</p>"  # 63,007 characters
    talk["advice"] = "<p>" + "conseil " * 6_000 + "</p>"  # 48,007: long, but within
    profile["missions"] = ["Animer " * 1_500]  # one line of 10,500 characters
    guide["body"][6]["text"] = "Une citation. " * 800  # 11,200 characters
    guide["body"][4]["items"] = [f"Point {number}" for number in range(201)]
    data["topics"][0]["description"] = "Un thème. " * 1_100
    data["people"][0]["key"] = "eve" * 30_000

    message = import_error(tmp_path, data)

    for expected in (
        "resources[3] (key 'hostile-case'): context: at most 50,000 characters are allowed "
        "(it has 63,007)",
        "resources[2] (key 'hostile-profile'): missions: at most 10,000 characters are allowed",
        "resources[0] (key 'hostile-guide'): body[6].text: at most 10,000 characters",
        "resources[0] (key 'hostile-guide'): body[4].items: at most 200 items are allowed "
        "(it has 201)",
        "topics[0] (slug 'piege'): description.fr: at most 10,000 characters",
        "…'): key: at most 50,000 characters are allowed (it has 90,000)",
    ):
        assert expected in message
    assert "advice" not in message  # long, but within its limit
