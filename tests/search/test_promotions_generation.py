"""Editors' picks on the search page read the live generation of the
search documents only: rows a dead rebuild left behind (written before a
page was restricted) do not make a restricted page visible."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from search.indexer import index_state
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_a_pick_restricted_since_a_dead_rebuild_stays_hidden(member, guides):
    secret = guides(title="Webinaires : notes internes", summary="Pour l'équipe.")
    # A rebuild read the page while it was open to all, then died.
    state = index_state()
    stale = SearchDocument.objects.get(key=f"page:{secret.pk}", generation=state.live)
    stale.pk, stale.generation = None, state.live + 1
    stale.save()
    state.building = state.live + 1
    state.save()
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    restriction.save()
    assert SearchDocument.objects.get(key=f"page:{secret.pk}", generation=state.live).groups
    SearchPromotion.objects.create(query=Query.get("webinaire"), page=secret, sort_order=0)

    client = Client()
    client.force_login(member)
    response = client.get("/fr/search/", {"q": "webinaire"})
    assert response.context["promotions"] == []
    assert "notes internes" not in response.content.decode()
