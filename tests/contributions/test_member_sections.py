"""What contributions and events add to a member's pages through
community's registry (community/sections.py): community names neither, yet
the member's data export holds their registrations and proposals, and their
profile lists the resources they shared."""

import json

import pytest
from django.urls import reverse

from contributions.models import Proposal
from events import services
from resources.models import GuideIndexPage
from tests.contributions.factories import published_proposal
from tests.events.conftest import event_index, make_event  # noqa: F401 (fixtures)
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_guide(member, sections):
    """A guide the member shared (published), and a draft of theirs."""
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, shared_by=member)
    published_proposal(member, guide)
    Proposal.objects.create(member=member, kind="talk", title="Mon brouillon", language="fr")
    return guide


def test_the_data_export_holds_the_members_registrations_and_proposals(
    member_client,
    member,
    make_event,  # noqa: F811
    shared_guide,  # noqa: F811
):
    event = make_event(title="Atelier TikTok")
    services.register(event, member, notify=False)

    data = json.loads(member_client.get(reverse("members:download_data")).content)

    assert list(data) == ["exported_at", "account", "profile", "registrations", "proposals"]
    assert [row["event__title"] for row in data["registrations"]] == ["Atelier TikTok"]
    assert [(row["kind"], row["status"], row["title"]) for row in data["proposals"]] == [
        ("guide", "published", shared_guide.title),
        ("talk", "draft", "Mon brouillon"),
    ]


def test_the_profile_lists_the_resources_the_member_shared(member_client, member, shared_guide):
    response = member_client.get(reverse("members:profile", args=[member.pk]))

    assert [page.pk for page in response.context["shared"]] == [shared_guide.pk]
    assert shared_guide.title in response.content.decode()
