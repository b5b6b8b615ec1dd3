"""StreamField blocks of an event's programme."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import child_error


class ProgramPartValue(blocks.StructValue):
    """A part of the programme, with its length worked out from its times
    when no duration is given."""

    @property
    def hours(self):
        """The part's length in hours (a Decimal), or None when unknown."""
        if self.get("duration"):
            return self["duration"]
        start, end = self.get("start_time"), self.get("end_time")
        if start and end:
            day = datetime.date(2000, 1, 1)
            seconds = (
                datetime.datetime.combine(day, end) - datetime.datetime.combine(day, start)
            ).total_seconds()
            return (Decimal(seconds) / 3600).quantize(Decimal("0.01"))
        return None


class ProgramPartBlock(blocks.StructBlock):
    """A part ("volet") or a session of an event: title, day and times or a
    duration, and who leads it. Times are wall-clock times in the event's
    own time zone."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    day = blocks.DateBlock(label=_("day"), required=False)
    start_time = blocks.TimeBlock(label=_("starts at"), required=False)
    end_time = blocks.TimeBlock(label=_("ends at"), required=False)
    duration = blocks.DecimalBlock(
        label=_("duration (hours)"),
        required=False,
        min_value=Decimal("0.25"),
        max_value=Decimal("200"),
        decimal_places=2,
        help_text=_("Leave empty when the start and end times say it."),
    )
    speaker = SnippetChooserBlock("community.Person", label=_("speaker"), required=False)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "time"
        label = _("Part or session")
        template = "events/blocks/program_part.html"
        value_class = ProgramPartValue
        description = _("A part of the programme with its times or duration and its speaker.")
        preview_value = {
            "title": "Spécificités des plateformes et e-réputation",
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(12, 0),
            "description": "Ce que chaque réseau attend d'un compte d'établissement.",
        }

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_time"), value.get("end_time")
        if start and end and end <= start:
            raise child_error("end_time", _("A part must end after it starts."))
        return value


class ProgramBlock(blocks.StreamBlock):
    """The programme of an event, part after part."""

    part = ProgramPartBlock()
