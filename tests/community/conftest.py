"""Institutions whose staff may sign up."""

import pytest

from community.models import Institution, InstitutionEmailDomain


@pytest.fixture
def make_institution(db):
    def make(name="Université Test", domain="univ-test.example", **fields):
        fields.setdefault("kind", "university")
        institution = Institution.objects.create(name=name, **fields)
        InstitutionEmailDomain.objects.create(institution=institution, domain=domain)
        return institution

    return make


@pytest.fixture
def institution(make_institution):
    return make_institution(region="Île-de-France")
