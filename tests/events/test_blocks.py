"""The programme's blocks: a part that ends before it starts is refused on
its end time."""

import datetime

import pytest
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError

from events.blocks import ProgramPartBlock


def test_a_part_ending_before_it_starts_is_refused_on_its_end_time():
    block = ProgramPartBlock()
    value = block.to_python({"title": "Atelier", "start_time": "14:00:00", "end_time": "09:00:00"})
    assert value["end_time"] == datetime.time(9, 0)
    with translation.override("fr"):  # the messages editors read, in French first
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(value)
        assert list(caught.value.block_errors) == ["end_time"]
        assert caught.value.block_errors["end_time"].messages == [
            "Un volet doit finir après avoir commencé."
        ]
