"""Editors submit resources for review; another editor approves and publishes."""

import pytest
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from resources.models import GuideIndexPage, GuidePage

pytestmark = pytest.mark.django_db


def test_a_review_workflow_is_on_by_default(sections):
    guide_index = sections[(GuideIndexPage, "fr")]
    workflow = guide_index.get_workflow()
    assert workflow is not None and workflow.active
    assert workflow.name == "Relecture éditoriale"
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Editors"]
    assert Workflow.objects.filter(active=True).count() == 1


def test_submit_then_approve_publishes_the_guide(client, sections, make_member):
    author = make_member("auteur@univ-test.example", groups=("Members", "Editors"))
    reviewer = make_member("relectrice@univ-test.example", groups=("Members", "Editors"))
    parent = sections[(GuideIndexPage, "fr")]
    guide = GuidePage(
        title="À relire", slug="a-relire", summary="Brouillon.", body=[], owner=author
    )
    parent.add_child(instance=guide)
    guide.unpublish()
    guide.refresh_from_db()

    client.force_login(author)
    edit_url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    assert client.get(edit_url).status_code == 200
    data = nested_form_data(
        {
            "title": "À relire",
            "slug": "a-relire",
            "summary": "Prêt pour relecture.",
            "difficulty": "beginner",
            "last_reviewed": "2026-10-01",
            "body": streamfield(
                [("step", {"title": "Première étape", "text": rich_text("<p>Faire.</p>")})]
            ),
            "comments": inline_formset([]),
        }
    )
    data["action-submit"] = "Submit"
    response = client.post(edit_url, data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        {k: f.errors for k, f in response.context["form"].formsets.items()},
        [str(m) for m in response.context["messages"]],
    )
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(guide.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    guide.refresh_from_db()
    assert not guide.live

    client.force_login(reviewer)
    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[guide.pk, "approve", task_state.pk]
    )
    response = client.post(approve_url, {"comment": "Parfait."})
    assert response.status_code in (200, 302)
    guide.refresh_from_db()
    assert guide.live
    assert guide.summary == "Prêt pour relecture."
