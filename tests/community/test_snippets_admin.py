"""Editors create institutions, people and topics through the admin forms."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset as wagtail_inline_formset
from wagtail.test.utils.form_data import nested_form_data

from community.models import Institution, Person, Topic

pytestmark = pytest.mark.django_db


def inline_formset(prefix, rows):
    """The POST data of new rows of the inline formset ``prefix``."""
    return nested_form_data({prefix: wagtail_inline_formset([{**row, "id": ""} for row in rows])})


def test_editor_creates_an_institution_with_email_domains(editor_client):
    url = reverse("wagtailsnippets_community_institution:add")
    assert editor_client.get(url).status_code == 200
    data = {
        "name": "Université de Montréal-Est",
        "short_name": "UMEST",
        "kind": "university",
        "country": "CA",
        "region": "Québec",
        "city": "Montréal",
        "website": "https://www.umest.example",
        **inline_formset(
            "email_domains", [{"domain": "UMEST.example"}, {"domain": "etu.umest.example"}]
        ),
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["form"].formsets["email_domains"].errors,
    )
    institution = Institution.objects.get(name="Université de Montréal-Est")
    assert institution.get_kind_display() == "Université"
    assert sorted(institution.email_domains.values_list("domain", flat=True)) == [
        "etu.umest.example",
        "umest.example",
    ]
    assert Institution.for_email("someone@umest.example") == institution
    assert Institution.for_email("someone@elsewhere.example") is None


def test_institution_domain_must_look_like_a_domain(editor_client):
    url = reverse("wagtailsnippets_community_institution:add")
    data = {
        "name": "École test",
        "kind": "association",
        "country": "FR",
        **inline_formset("email_domains", [{"domain": "http://nope@"}]),
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert not Institution.objects.filter(name="École test").exists()
    assert "Saisissez un domaine" in response.content.decode()


def test_editor_creates_a_person(editor_client):
    institution = Institution.objects.create(name="ISC Lille", kind="business_school")
    url = reverse("wagtailsnippets_community_person:add") + "?locale=fr"
    response = editor_client.post(
        url,
        {
            "first_name": "Lucie",
            "last_name": "Garnier",
            "role": "Community manager",
            "institution": institution.pk,
            "bio": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Intervenante.",'
            ' "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "x_handle": "@lucie_g",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Garnier")
    assert person.locale == Locale.get_default()
    assert person.institution == institution
    assert "Intervenante." in person.bio
    assert person.x_url == "https://x.com/lucie_g"


def test_editor_creates_a_topic_and_lists_it(editor_client):
    url = reverse("wagtailsnippets_community_topic:add") + "?locale=fr"
    response = editor_client.post(url, {"name": "Veille", "slug": "veille", "description": ""})
    assert response.status_code == 302
    assert Topic.objects.filter(slug="veille", locale__language_code="fr").exists()
    listing = editor_client.get(reverse("wagtailsnippets_community_topic:list"))
    assert "Veille" in listing.content.decode()


def test_snippet_listings_have_filters_and_search(editor_client):
    Institution.objects.create(name="Cégep du Nord", kind="cegep", country="CA")
    Institution.objects.create(name="Université du Sud", kind="university", country="FR")
    url = reverse("wagtailsnippets_community_institution:list")
    response = editor_client.get(url, {"kind": "cegep"})
    html = response.content.decode()
    assert "Cégep du Nord" in html
    assert "Université du Sud" not in html
    response = editor_client.get(url, {"q": "Sud"})
    assert "Université du Sud" in response.content.decode()
