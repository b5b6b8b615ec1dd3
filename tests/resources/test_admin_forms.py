"""Editors create every kind of resource through the Wagtail admin's own forms."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.models import Audience, Platform
from resources.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    GuideIndexPage,
    GuidePage,
    JobProfileIndexPage,
    JobProfilePage,
    TalkIndexPage,
    TalkPage,
)

from .factories import make_institution, make_person, make_talk, make_topic

pytestmark = pytest.mark.django_db


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def post_page(client, model, parent, data, **many):
    """POST the admin's add form; `many` holds multiple-choice fields (lists)."""
    response = client.post(add_url(model, parent), {**nested_form_data(data), **many})
    assert response.status_code == 302, _form_errors(response)
    return model.objects.get(slug=data["slug"], locale=parent.locale)


def _form_errors(response):
    form = response.context["form"]
    return form.errors, {name: fs.errors for name, fs in form.formsets.items()}


def test_editor_creates_a_guide(editor_client, sections):
    french = Locale.objects.get(language_code="fr")
    topic = make_topic(french)
    institution = make_institution()
    author = make_person(french)
    parent = sections[(GuideIndexPage, "fr")]
    assert editor_client.get(add_url(GuidePage, parent)).status_code == 200

    guide = post_page(
        editor_client,
        GuidePage,
        parent,
        {
            "title": "Créer la page Facebook d'une composante",
            "slug": "page-facebook-composante",
            "summary": "Les étapes pour ouvrir une page officielle.",
            "difficulty": "intermediate",
            "estimated_minutes": "45",
            "author": author.pk,
            "last_reviewed": "2026-09-01",
            "institution": institution.pk,
            "body": streamfield(
                [
                    (
                        "step",
                        {"title": "Choisir le nom", "text": rich_text("<p>Court et clair.</p>")},
                    ),
                    (
                        "checklist",
                        {
                            "title": "Avant d'ouvrir",
                            "items": streamfield([("item", "Logo"), ("item", "Charte")]),
                        },
                    ),
                    (
                        "do_dont",
                        {"dos": streamfield([("item", "Répondre vite")]), "donts": streamfield([])},
                    ),
                    (
                        "legal_note",
                        {
                            "subject": "image_rights",
                            "text": rich_text("<p>Autorisation écrite.</p>"),
                        },
                    ),
                ]
            ),
            "comments": inline_formset([]),
        },
        topics=[topic.pk],
        platforms=[Platform.objects.get(slug="facebook").pk],
        audiences=[Audience.objects.get(kind="staff").pk],
    )
    assert guide.get_difficulty_display() == "Intermédiaire"
    assert guide.last_reviewed == datetime.date(2026, 9, 1)
    assert [block.block_type for block in guide.body] == [
        "step",
        "checklist",
        "do_dont",
        "legal_note",
    ]
    assert guide.body[0].value["title"] == "Choisir le nom"
    assert "Court et clair." in guide.body[0].value["text"].source
    assert list(guide.body[1].value["items"]) == ["Logo", "Charte"]
    assert list(guide.body[2].value["dos"]) == ["Répondre vite"]
    assert guide.body[3].value.subject_label() == "Droit à l'image"
    assert list(guide.topics.all()) == [topic]
    assert guide.institution == institution
    assert guide.author == author
    assert list(guide.audiences.values_list("kind", flat=True)) == ["staff"]


def test_guide_refuses_an_empty_do_dont_block(editor_client, sections):
    parent = sections[(GuideIndexPage, "fr")]
    response = editor_client.post(
        add_url(GuidePage, parent),
        nested_form_data(
            {
                "title": "Guide vide",
                "slug": "guide-vide",
                "summary": "Rien.",
                "difficulty": "beginner",
                "last_reviewed": "2026-09-01",
                "body": streamfield(
                    [("do_dont", {"dos": streamfield([]), "donts": streamfield([])})]
                ),
                "comments": inline_formset([]),
            }
        ),
    )
    assert response.status_code == 200
    assert not GuidePage.objects.filter(slug="guide-vide").exists()


def test_editor_creates_a_talk_with_speakers(editor_client, sections):
    french = Locale.objects.get(language_code="fr")
    speakers = [make_person(french, "Sophie", "Tremblay"), make_person(french, "Karim", "Benali")]
    parent = sections[(TalkIndexPage, "fr")]
    talk = post_page(
        editor_client,
        TalkPage,
        parent,
        {
            "title": "Une université qui converse",
            "slug": "universite-qui-converse",
            "summary": "Parcours, stratégie et crises.",
            "speakers": inline_formset(
                [{"person": speakers[0].pk}, {"person": speakers[1].pk}], min=1
            ),
            "date": "2026-03-12",
            "format": "online",
            "career_path": rich_text("<p>Journaliste puis CM.</p>"),
            "organisation": rich_text("<p>Une équipe de trois.</p>"),
            "advice": rich_text("<p>Être transparent.</p>"),
            "questions": streamfield(
                [
                    (
                        "qa",
                        {
                            "question": "Faut-il répondre aux trolls ?",
                            "answer": rich_text("<p>Une fois.</p>"),
                        },
                    )
                ]
            ),
            "key_takeaways": "Transparence\nConversation\nEngagement mesuré\nEnthousiasme",
            "video_url": "",
            "comments": inline_formset([]),
        },
    )
    assert [s.person.last_name for s in talk.speakers.all()] == ["Tremblay", "Benali"]
    assert talk.get_format_display() == "En ligne"
    assert talk.takeaway_list == [
        "Transparence",
        "Conversation",
        "Engagement mesuré",
        "Enthousiasme",
    ]
    assert talk.questions[0].value["question"] == "Faut-il répondre aux trolls ?"


def test_editor_creates_a_job_profile_and_salary_is_checked(editor_client, sections):
    parent = sections[(JobProfileIndexPage, "fr")]
    data = {
        "title": "Community manager",
        "slug": "community-manager",
        "summary": "Anime les communautés de l'établissement.",
        "synonyms": "animateur de communauté\ngestionnaire de communauté",
        "missions": "Définir la ligne éditoriale\nAnimer les comptes",
        "activities": "Veille",
        "hard_skills": "Rédaction web",
        "soft_skills": "Diplomatie",
        "tools": "Hootsuite\nCanva",
        "interview_questions": "Comment gérez-vous une crise ?",
        "experience_level": "confirmed",
        "education": "Bac+3 à Bac+5",
        "salary_min": "45000",
        "salary_max": "32000",
        "salary_currency": "EUR",
        "salary_region": "france",
        "attachments": streamfield([]),
        "related_profiles": inline_formset([]),
        "comments": inline_formset([]),
    }
    response = editor_client.post(add_url(JobProfilePage, parent), nested_form_data(data))
    assert response.status_code == 200
    assert "ne doit pas être inférieur" in response.content.decode()

    data["salary_max"] = "52000"
    profile = post_page(editor_client, JobProfilePage, parent, data)
    assert profile.synonym_list == ["animateur de communauté", "gestionnaire de communauté"]
    assert profile.list_of("tools") == ["Hootsuite", "Canva"]
    assert profile.salary_range == "45\u202f000 – 52\u202f000 € (EUR), France"


def test_editor_creates_a_case_study(editor_client, sections):
    parent = sections[(CaseStudyIndexPage, "fr")]
    case = post_page(
        editor_client,
        CaseStudyPage,
        parent,
        {
            "title": "Quinze jours pour remplir une licence pro",
            "slug": "quinze-jours-licence-pro",
            "summary": "Une campagne éclair.",
            "kind": "success",
            "context": rich_text("<p>Une nouvelle formation.</p>"),
            "timeline": streamfield(
                [("step", {"date": "2025-06-02", "title": "Brochure en ligne", "description": ""})]
            ),
            "results": streamfield(
                [("figure", {"label": "Lectures le lendemain", "value": "245", "unit": "lectures"})]
            ),
            "lessons": rich_text("<p>Un seul lien traçable.</p>"),
            "attachments": streamfield([]),
            "comments": inline_formset([]),
        },
        platforms=[Platform.objects.get(slug="document-sharing").pk],
    )
    assert case.timeline[0].value["date"] == datetime.date(2025, 6, 2)
    assert case.results[0].value["value"] == Decimal("245")
    assert [p.slug for p in case.channels.all()] == ["document-sharing"]


def test_topics_offered_are_those_of_the_page_language(editor_client, sections):
    french = Locale.objects.get(language_code="fr")
    english = Locale.objects.get(language_code="en")
    make_topic(french, "veille", "Veille")
    make_topic(english, "monitoring", "Monitoring")
    html = editor_client.get(add_url(GuidePage, sections[(GuideIndexPage, "en")])).content.decode()
    assert "Monitoring" in html
    assert "Veille" not in html


# --- Talks named by their speakers' names only (member summaries) --------------


def talk_edit_data(talk, speakers, speaker_names, **extra):
    """The admin edit form of `talk` as an editor sends it, with these speakers."""
    return nested_form_data(
        {
            "title": talk.title,
            "slug": talk.slug,
            "summary": talk.summary,
            "speakers": inline_formset([{"person": person.pk} for person in speakers]),
            "speaker_names": speaker_names,
            "date": "2026-10-08",
            "format": "in_person",
            "event_name": "Rencontre des CM",
            "career_path": rich_text(""),
            "organisation": rich_text(""),
            "advice": rich_text(""),
            "questions": streamfield([]),
            "key_takeaways": "Transparence",
            "video_url": "",
            "comments": inline_formset([]),
            **extra,
        }
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def unnamed_talk(sections):
    """A talk as a member shares it: speakers' names, no linked person."""
    return make_talk(
        sections[(TalkIndexPage, "fr")], slug="resume-membre", speaker_names="Claire Vasseur"
    )


def test_editor_saves_a_talk_with_speaker_names_only(editor_client, unnamed_talk):
    response = editor_client.post(
        edit_url(unnamed_talk),
        talk_edit_data(
            unnamed_talk, [], "Claire Vasseur, Marc Tremblay", **{"action-publish": "1"}
        ),
    )
    assert response.status_code == 302, _form_errors(response)
    talk = TalkPage.objects.get(pk=unnamed_talk.pk)
    assert talk.speaker_names == "Claire Vasseur, Marc Tremblay"
    assert not talk.speakers.exists()
    response = editor_client.get(talk.url)  # the names stand for the speakers
    assert response.status_code == 200
    assert "Claire Vasseur, Marc Tremblay" in response.content.decode()


def test_a_talk_needs_a_linked_speaker_or_names(editor_client, unnamed_talk):
    response = editor_client.post(edit_url(unnamed_talk), talk_edit_data(unnamed_talk, [], "  "))
    assert response.status_code == 200
    with translation.override("en"):
        assert response.context["form"].errors["speaker_names"] == [
            "Add a speaker or type the speakers' names."
        ]
    talk = TalkPage.objects.get(pk=unnamed_talk.pk)
    assert talk.get_latest_revision_as_object().speaker_names == "Claire Vasseur"


def test_editor_links_a_speaker_and_may_clear_the_names(editor_client, unnamed_talk):
    person = make_person(Locale.objects.get(language_code="fr"), "Sophie", "Tremblay")
    response = editor_client.post(
        edit_url(unnamed_talk), talk_edit_data(unnamed_talk, [person], "")
    )
    assert response.status_code == 302, _form_errors(response)
    draft = TalkPage.objects.get(pk=unnamed_talk.pk).get_latest_revision_as_object()
    assert [speaker.person for speaker in draft.speakers.all()] == [person]
    assert draft.speaker_names == ""
