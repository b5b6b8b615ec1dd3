"""X handles, on people (speakers, authors) and on members' profiles: the
same check and the same profile address."""

import pytest
from django.core.exceptions import ValidationError

from community.models import MemberProfile, Person


@pytest.mark.parametrize("model", [Person, MemberProfile])
def test_an_x_handle_links_to_the_x_profile_with_or_without_its_at(model):
    assert model(x_handle="@camille").x_url == "https://x.com/camille"
    assert model(x_handle="camille").x_url == "https://x.com/camille"
    assert model(x_handle="").x_url == ""


@pytest.mark.parametrize("model", [Person, MemberProfile])
@pytest.mark.parametrize("handle", ["<script>", "camille dupont", "@" + "a" * 31])
def test_an_x_handle_that_is_not_one_is_refused(model, handle):
    with pytest.raises(ValidationError):
        model._meta.get_field("x_handle").run_validators(handle)
