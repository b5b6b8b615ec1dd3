"""An event's and a talk's speakers are one kind of thing (community's
Speaker): the same fields, panel, order and names in the admin."""

import pytest
from django.utils import translation

from community.models import Person, Speaker
from events.models import EventSpeaker
from resources.models import TalkSpeaker


@pytest.mark.parametrize("model", [EventSpeaker, TalkSpeaker])
def test_event_and_talk_speakers_share_one_base(model):
    assert issubclass(model, Speaker)
    fields = {field.name: field for field in model._meta.get_fields() if field.concrete}
    assert set(fields) == {"id", "sort_order", "person", "page"}
    assert fields["person"].related_model is Person
    assert fields["page"].remote_field.related_name == "speakers"
    assert [panel.field_name for panel in model.panels] == ["person"]
    assert model._meta.ordering == ["sort_order"]
    with translation.override("fr"):
        assert str(model._meta.verbose_name_plural) == "intervenants"
