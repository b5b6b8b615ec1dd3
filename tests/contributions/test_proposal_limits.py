"""Every field of the members' proposal forms has a size limit: too much
text comes back as a form error in the member's language, never a 500,
and nothing is saved."""

import pytest
from django.urls import reverse

from contributions.forms import MAX_SALARY, MAX_TEXT_LENGTH
from contributions.models import Proposal

from .test_proposals import form_data, french  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (MAX_TEXT_LENGTH + 1)

#: Fields that took any length before, by kind; title and summary, already
#: bounded, stand for the others.
OVERSIZED = {
    "guide": {"checklist": TOO_LONG, "steps-0-text": TOO_LONG, "title": "t" * 256},
    "case_study": {
        "context": TOO_LONG,
        "lessons": TOO_LONG,
        "timeline-0-description": TOO_LONG,
        "summary": "s" * 601,
    },
    "job_profile": {
        "missions": TOO_LONG,
        "skills": TOO_LONG,
        "tools": TOO_LONG,
        "salary_max": str(MAX_SALARY + 1),
    },
    "talk": {"key_takeaways": TOO_LONG, "speakers": "s" * 501},
}


def errors_of(response):
    """Field errors of the form and its rows, by name ("steps-0-text")."""
    form = response.context["form"]
    errors = {name: list(messages) for name, messages in form.errors.items()}
    for formset in form.formsets.values():
        for row in formset.forms:
            for name, messages in row.errors.items():
                errors[row.add_prefix(name)] = list(messages)
    return errors


@pytest.mark.parametrize("kind", OVERSIZED)
def test_oversized_fields_are_form_errors(kind, member_client, sections):
    data = form_data(kind, **OVERSIZED[kind])

    response = member_client.post(reverse("contributions:proposal_create", args=[kind]), data)

    assert response.status_code == 200
    errors = errors_of(response)
    assert set(OVERSIZED[kind]) <= set(errors)
    for name, value in OVERSIZED[kind].items():
        if name.startswith("salary"):
            assert errors[name] == [
                f"Assurez-vous que cette valeur est inférieure ou égale à {MAX_SALARY}."
            ]
        else:
            assert errors[name][0].startswith(
                f"Assurez-vous que cette valeur comporte au plus {len(value) - 1} caractères"
            )
    assert not Proposal.objects.exists()


def test_a_request_too_large_to_read_is_a_400(member_client, sections):
    data = form_data("guide", checklist="x" * (6 * 1024 * 1024))

    response = member_client.post(reverse("contributions:proposal_create", args=["guide"]), data)

    assert response.status_code == 400
    assert not Proposal.objects.exists()
