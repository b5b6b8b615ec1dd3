"""Members share resources: the form of each kind, drafts, files checked by
their content, the review in Wagtail's workflow, the member's status and
e-mails, attribution, the daily limit and the queries of the pages."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, WorkflowState

from community.models import InstitutionEmailDomain, MemberProfile, Topic
from contributions.models import Proposal, ProposalStatus
from contributions.proposals import COLLECTION_NAME, DAILY_LIMIT
from resources.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    GuideIndexPage,
    GuidePage,
    JobProfileIndexPage,
    JobProfilePage,
    ResourceIndexPage,
    TalkIndexPage,
    TalkPage,
)
from tests.resources.factories import make_institution

pytestmark = pytest.mark.django_db

CHOOSE_URL = "/fr/me/share/"


@pytest.fixture(autouse=True)
def french():
    """URLs are reversed in French, whatever an earlier request activated."""
    with translation.override("fr"):
        yield


@pytest.fixture
def institution(db):
    """The member's institution, found from their e-mail domain."""
    institution = make_institution("Université Test", short_name="UT")
    InstitutionEmailDomain.objects.create(institution=institution, domain="univ-test.example")
    return institution


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the e-mails sent once a change is committed (tests run in a transaction)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def rows(prefix, entries):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(entries) + 1),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for number, entry in enumerate(entries):
        for key, value in entry.items():
            data[f"{prefix}-{number}-{key}"] = value
    return data


KIND_DATA = {
    "guide": {
        "checklist": "Logo validé\nDeux administrateurs",
        **rows(
            "steps",
            [
                {"title": "Créer la page", "text": "Depuis un compte personnel.\nPuis valider."},
                {"title": "Inviter un second administrateur", "text": "Dans Paramètres."},
            ],
        ),
    },
    "case_study": {
        "case_kind": "success",
        "context": "Quinze jours pour remplir une licence pro.",
        "lessons": "Un lien court suivi suffit.",
        **rows(
            "timeline",
            [{"date": "2026-03-02", "title": "Brochure en ligne", "description": "PDF partagé."}],
        ),
        **rows("results", [{"label": "Inscriptions", "value": "18", "unit": "étudiants"}]),
    },
    "job_profile": {
        "missions": "Animer les comptes\nRépondre aux messages",
        "skills": "Rédaction",
        "tools": "Outil de planification",
        "salary_region": "quebec",
        "salary_min": "48000",
        "salary_max": "62000",
    },
    "talk": {
        "speakers": "Claire Vasseur, Marc Tremblay",
        "event_name": "Rencontre des CM",
        "date": "2026-10-08",
        "key_takeaways": "Transparence\nConversation",
    },
}

KIND_PAGES = {
    "guide": (GuidePage, GuideIndexPage),
    "case_study": (CaseStudyPage, CaseStudyIndexPage),
    "job_profile": (JobProfilePage, JobProfileIndexPage),
    "talk": (TalkPage, TalkIndexPage),
}


def form_data(kind, institution=None, action="submit", **overrides):
    data = {
        "title": f"Ma proposition {kind}",
        "summary": "Ce que j'ai appris, en deux phrases.",
        "language": "fr",
        action: "1",
        **KIND_DATA[kind],
    }
    if institution is not None:
        data["institution"] = str(institution.pk)
    data.update(overrides)
    return data


def pdf_file(name="guide.pdf", size=None):
    content = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_file(name="capture.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def propose(client, kind, data, on_commit):
    with on_commit():
        return client.post(reverse("contributions:proposal_create", args=[kind]), data)


def submit(client, member, kind, institution, on_commit):
    """The member's proposal of `kind`, filled in and sent for review."""
    client.force_login(member)
    propose(client, kind, form_data(kind, institution), on_commit)
    return Proposal.objects.get()


def propose_many(client, member, kind, titles, on_commit, institution=None):
    """Several submitted proposals, each as if sent on a different day."""
    for title in titles:
        propose(client, kind, form_data(kind, institution, title=title), on_commit)
        Proposal.objects.filter(member=member).update(
            submitted_at=timezone.now() - datetime.timedelta(days=2)
        )


def approve_url(page, action="approve"):
    state = WorkflowState.objects.get(
        base_content_type__isnull=False,
        object_id=str(page.pk),
        status__in=[WorkflowState.STATUS_IN_PROGRESS],
    )
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk]
    )


def member_mail(mailoutbox, member):
    return [message for message in mailoutbox if message.to == [member.email]]


# --- Choosing and filling in ---------------------------------------------------


def test_every_member_finds_share_links(member_client, sections):
    account = member_client.get("/fr/me/").content.decode()
    assert CHOOSE_URL in account  # the header's account menu and the page
    index = member_client.get(sections[(ResourceIndexPage, "fr")].url).content.decode()
    assert CHOOSE_URL in index
    page = member_client.get(CHOOSE_URL)
    assert page.status_code == 200
    for kind in KIND_DATA:
        assert reverse("contributions:proposal_create", args=[kind]) in page.content.decode()
    assert member_client.get("/fr/me/share/poem/").status_code == 404


def test_the_form_prefills_institution_language_and_topics_of_the_language(
    member_client, sections, institution
):
    Topic.objects.create(
        locale=Locale.objects.get(language_code="fr"), slug="veille", name="Veille"
    )
    Topic.objects.create(
        locale=Locale.objects.get(language_code="en"), slug="monitoring", name="Monitoring"
    )
    response = member_client.get(reverse("contributions:proposal_create", args=["guide"]))
    form = response.context["form"]
    assert form["institution"].value() == institution.pk
    assert form["language"].value() == "fr"
    assert [topic.name for topic in form.fields["topics"].queryset] == ["Veille"]
    english = member_client.get("/en/me/share/guide/").context["form"]
    assert english["language"].value() == "en"
    assert [topic.name for topic in english.fields["topics"].queryset] == ["Monitoring"]


@pytest.mark.parametrize("kind", list(KIND_DATA))
def test_a_member_submits_each_kind_as_a_draft_page_in_review(
    kind, member_client, member, sections, institution, mailoutbox, on_commit
):
    response = propose(member_client, kind, form_data(kind, institution), on_commit)
    assert response.status_code == 302, response.context and (
        response.context["form"].errors,
        [formset.errors for formset in response.context["form"].formsets.values()],
    )
    assert response["Location"] == "/fr/me/"
    proposal = Proposal.objects.get(member=member)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.submitted_at is not None
    model, index_model = KIND_PAGES[kind]
    page = proposal.page.specific
    assert isinstance(page, model)
    assert page.get_parent().pk == sections[(index_model, "fr")].pk
    assert not page.live
    assert page.owner == member
    assert page.shared_by == member
    assert page.institution == institution
    state = WorkflowState.objects.get(object_id=str(page.pk), base_content_type__isnull=False)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == member
    draft = page.get_latest_revision_as_object()
    if kind == "guide":
        steps = [block.value for block in draft.body if block.block_type == "step"]
        assert [step["title"] for step in steps] == [
            "Créer la page",
            "Inviter un second administrateur",
        ]
        assert steps[0]["text"].source == "<p>Depuis un compte personnel.<br/>Puis valider.</p>"
        checklist = next(block.value for block in draft.body if block.block_type == "checklist")
        assert list(checklist["items"]) == ["Logo validé", "Deux administrateurs"]
    elif kind == "case_study":
        assert draft.kind == "success"
        assert draft.timeline[0].value["date"] == datetime.date(2026, 3, 2)
        assert draft.results[0].value["label"] == "Inscriptions"
        assert str(draft.results[0].value["value"]) in ("18", "18.00")
    elif kind == "job_profile":
        assert draft.missions == "Animer les comptes\nRépondre aux messages"
        assert (draft.salary_min, draft.salary_max) == (48000, 62000)
        assert (draft.salary_region, draft.salary_currency) == ("quebec", "CAD")
    else:
        assert draft.speaker_names == "Claire Vasseur, Marc Tremblay"
        assert draft.date == datetime.date(2026, 10, 8)
        assert draft.takeaway_list == ["Transparence", "Conversation"]
    [acknowledgement] = member_mail(mailoutbox, member)
    assert proposal.title in acknowledgement.subject
    assert "/fr/me/" in acknowledgement.body


def test_save_draft_keeps_everything_and_creates_no_page(
    member_client, member, sections, institution
):
    data = form_data("guide", institution, action="save", summary="")
    response = member_client.post(reverse("contributions:proposal_create", args=["guide"]), data)
    proposal = Proposal.objects.get(member=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("contributions:proposal_edit", args=[proposal.pk])
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.page is None
    assert [step["title"] for step in proposal.data["steps"]][0] == "Créer la page"
    edit = member_client.get(response["Location"])
    assert edit.status_code == 200
    body = edit.content.decode()
    assert "Inviter un second administrateur" in body
    assert "Deux administrateurs" in body


def test_invalid_data_comes_back_with_everything_typed(member_client, member, sections):
    data = form_data("guide", summary="", checklist="Ma liste à garder")
    for key in [key for key in data if key.startswith("steps-")]:
        del data[key]
    data.update(rows("steps", []))
    data["files"] = [pdf_file()]
    response = member_client.post(reverse("contributions:proposal_create", args=["guide"]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "summary" in form.errors
    assert form.non_field_errors()  # at least one step is needed to submit
    body = response.content.decode()
    assert "Ma liste à garder" in body
    assert "Ma proposition guide" in body
    assert response.context["files_lost"]
    assert "sélectionnez-les de nouveau" in body
    assert not Proposal.objects.exists()


def test_a_file_of_the_wrong_type_renamed_pdf_is_refused(member_client, sections):
    data = form_data("guide", action="save")
    data["files"] = [SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00\x03 not a pdf at all")]
    response = member_client.post(reverse("contributions:proposal_create", args=["guide"]), data)
    assert response.status_code == 200
    assert "rapport.pdf" in " ".join(response.context["form"].errors["files"])
    assert not get_document_model().objects.exists()
    assert not Proposal.objects.exists()


def test_a_file_too_large_is_refused(member_client, sections):
    data = form_data("guide", action="save")
    data["files"] = [pdf_file("gros.pdf", size=10 * 1024 * 1024 + 1)]
    response = member_client.post(reverse("contributions:proposal_create", args=["guide"]), data)
    assert response.status_code == 200
    assert "10 Mo" in " ".join(response.context["form"].errors["files"])
    assert not get_document_model().objects.exists()


def test_more_than_three_files_are_refused(member_client, sections):
    data = form_data("guide", action="save")
    data["files"] = [pdf_file(f"f{number}.pdf") for number in range(4)]
    response = member_client.post(reverse("contributions:proposal_create", args=["guide"]), data)
    assert response.status_code == 200
    assert "files" in response.context["form"].errors


def test_files_become_documents_and_images_in_the_members_collection(
    member_client, member, sections, on_commit
):
    data = form_data("guide")
    data["files"] = [pdf_file("fiche.pdf"), png_file("capture.webp")]  # named wrong: read right
    response = propose(member_client, "guide", data, on_commit)
    assert response.status_code == 302
    document = get_document_model().objects.get()
    image = get_image_model().objects.get()
    assert document.collection.name == COLLECTION_NAME
    assert image.collection.name == COLLECTION_NAME
    assert image.file.name.endswith(".png")
    assert image.title == "Ma proposition guide"  # what the alternative text says
    assert document.uploaded_by_user == member
    draft = Proposal.objects.get().page.specific.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body][-2:] == ["image", "document"]
    # Until it is published, members cannot open the document.
    assert member_client.get(document.url).status_code in (302, 403, 404)


@pytest.mark.parametrize("kind", ["case_study", "job_profile"])
def test_files_of_a_case_study_or_a_job_profile_are_on_the_published_page(
    kind, client, member, editor, make_member, sections, institution, on_commit
):
    client.force_login(member)
    data = form_data(kind, institution)
    data["files"] = [pdf_file("brochure.pdf"), png_file("capture.png")]
    assert propose(client, kind, data, on_commit).status_code == 302
    page = Proposal.objects.get().page.specific
    document = get_document_model().objects.get()
    image = get_image_model().objects.get()
    draft = page.get_latest_revision_as_object()
    assert [
        (block.block_type, (block.value.get("image") or block.value.get("document")).pk)
        for block in draft.attachments
    ] == [("image", image.pk), ("document", document.pk)]
    # Under review, another member cannot fetch the file (sent to log in as an editor).
    client.force_login(make_member("alex@univ-test.example", first_name="Alex"))
    response = client.get(document.url)
    assert response.status_code in (302, 403, 404)
    assert not getattr(response, "streaming", False)

    client.force_login(editor)
    assert client.post(approve_url(page), {"comment": ""}).status_code in (200, 302)
    page = Page.objects.get(pk=page.pk).specific
    assert page.live
    document.refresh_from_db()
    image.refresh_from_db()
    assert document.collection.is_root()
    assert image.collection.is_root()

    client.force_login(make_member("lou@univ-test.example", first_name="Lou"))
    html = client.get(page.url).content.decode()
    assert f'href="{document.url}"' in html
    assert "(PDF, " in html  # its type and size
    images = re.findall(r"<img [^>]+>", html)
    # Stored under a random folder (core/storage.py): /media/images/<random>/capture...
    # Its alternative text is the resource's title, never the file's name.
    assert any(
        f'alt="{page.title}"' in tag and re.search(r'src="/media/images/[\w-]+/capture\.', tag)
        for tag in images
    ), images
    assert 'alt="capture' not in html
    download = client.get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


# --- Review -----------------------------------------------------------------------


def test_an_editor_approves_and_the_resource_is_live_with_attribution(
    client, member, editor, sections, institution, mailoutbox, on_commit
):
    proposal = submit(client, member, "guide", institution, on_commit)
    page = proposal.page.specific
    client.force_login(editor)
    with on_commit():
        response = client.post(approve_url(page), {"comment": "Parfait."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED
    published = member_mail(mailoutbox, member)[-1]
    # On the address members use, not the Site record's (localhost).
    assert f"http://testserver{page.url}" in published.body

    client.force_login(member)
    html = client.get(page.url).content.decode()
    assert "Shared by" in html or "Partagé par" in html
    assert "Camille Durand" in html
    assert "(UT)" in html
    account = client.get("/fr/me/").content.decode()
    assert page.url in account
    profile = client.get(reverse("members:profile", args=[member.pk])).content.decode()
    assert page.url in profile


def test_a_hidden_profile_is_not_named_on_the_resource(
    client, member, editor, sections, institution, on_commit
):
    MemberProfile.objects.create(user=member, institution=institution, visible_in_directory=False)
    page = submit(client, member, "talk", institution, on_commit).page.specific
    client.force_login(editor)
    client.post(approve_url(page), {"comment": ""})
    html = client.get(Page.objects.get(pk=page.pk).url).content.decode()
    assert "Camille Durand" not in html
    assert "member of UT" in html or "membre de UT" in html


def test_changes_requested_reach_the_member_who_resubmits(
    client, member, editor, sections, institution, mailoutbox, on_commit
):
    proposal = submit(client, member, "job_profile", institution, on_commit)
    page = proposal.page.specific
    client.force_login(editor)
    with on_commit():
        client.post(approve_url(page, "reject"), {"comment": "Précisez les outils de veille."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CHANGES_REQUESTED
    assert proposal.feedback == "Précisez les outils de veille."
    email = member_mail(mailoutbox, member)[-1]
    assert "Précisez les outils de veille." in email.body
    assert reverse("contributions:proposal_edit", args=[proposal.pk]) in email.body

    client.force_login(member)
    account = client.get("/fr/me/").content.decode()
    assert "Précisez les outils de veille." in account
    edit_url = reverse("contributions:proposal_edit", args=[proposal.pk])
    assert edit_url in account
    edit = client.get(edit_url)
    assert "Précisez les outils de veille." in edit.content.decode()
    data = form_data("job_profile", institution, tools="Outil de planification\nOutil de veille")
    with on_commit():
        response = client.post(edit_url, data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    page = Page.objects.get(pk=page.pk).specific
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision_as_object().tools.endswith("Outil de veille")
    assert not page.live
    # While it is with the editors, the member cannot edit it.
    assert client.get(edit_url).status_code == 302


def test_an_unpublished_proposal_is_private(
    client, member, make_member, sections, institution, on_commit
):
    proposal = submit(client, member, "case_study", institution, on_commit)
    other = make_member("alex@univ-test.example", first_name="Alex")
    client.force_login(other)
    edit_url = reverse("contributions:proposal_edit", args=[proposal.pk])
    assert client.get(edit_url).status_code == 404
    assert client.post(edit_url, form_data("case_study")).status_code == 404
    assert client.get(proposal.page.url).status_code == 404
    client.force_login(member)
    assert client.get(proposal.page.url).status_code == 404  # members never see drafts
    index = client.get(sections[(ResourceIndexPage, "fr")].url).content.decode()
    assert proposal.title not in index


def test_nothing_is_published_without_an_editor(member_client, member, sections, on_commit):
    propose(member_client, "guide", form_data("guide"), on_commit)
    page = Proposal.objects.get().page
    response = member_client.post(approve_url(page), {"comment": "Moi-même."})
    assert response.status_code in (302, 403)
    assert not Page.objects.get(pk=page.pk).live


def test_the_daily_limit_keeps_the_draft(member_client, member, sections, on_commit):
    now = timezone.now()
    for number in range(DAILY_LIMIT):
        Proposal.objects.create(
            member=member,
            kind="guide",
            title=f"Déjà envoyée {number}",
            language="fr",
            status=ProposalStatus.SUBMITTED,
            submitted_at=now - datetime.timedelta(hours=number),
        )
    response = propose(member_client, "guide", form_data("guide", title="Une de trop"), on_commit)
    proposal = Proposal.objects.get(title="Une de trop")
    assert response.status_code == 302
    assert response["Location"] == reverse("contributions:proposal_edit", args=[proposal.pk])
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.page is None
    messages = [
        str(message) for message in member_client.get(response["Location"]).context["messages"]
    ]
    assert any("24" in message for message in messages)
    # A day later, it can go.
    Proposal.objects.exclude(pk=proposal.pk).update(submitted_at=now - datetime.timedelta(days=2))
    with on_commit():
        member_client.post(response["Location"], form_data("guide", title="Une de trop"))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
