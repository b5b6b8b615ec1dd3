"""The StreamField blocks of resources: what an editor may add, and what
they are told when a block is left wrong."""

import pytest
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError

from core.blocks import BaseStreamBlock
from resources.blocks import DoDontBlock, GuideStreamBlock


def test_a_guide_offers_its_own_blocks_then_every_shared_one():
    names = list(GuideStreamBlock().child_blocks)
    assert names[:4] == ["step", "checklist", "do_dont", "legal_note"]
    assert names[4:] == list(BaseStreamBlock().child_blocks)


def test_an_empty_do_dont_list_is_refused_on_its_do_column():
    block = DoDontBlock()
    with translation.override("fr"):  # the messages editors read, in French first
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"dos": [], "donts": []}))
        assert list(caught.value.block_errors) == ["dos"]
        assert caught.value.block_errors["dos"].messages == [
            "Indiquez au moins un point à faire ou à éviter."
        ]
