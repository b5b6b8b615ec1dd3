"""Dates in wagtail-localize's translation editor, in the editor's language.

wagtail-localize writes "Translated manually on {date}" with
``strftime("%-d %B %Y")``, which gives English month names whatever the
language ("Traduit manuellement le 3 December 2026"). CM Hub formats the
date as its templates do ("3 décembre 2026", "1er décembre 2026").
"""

from django.utils import formats, timezone
from django.utils.translation import gettext
from wagtail_localize.models import StringTranslation

from core.templatetags.french_text import french_date_format


def translation_comment(string_translation):
    """How and when a segment was translated, dated in the active language."""
    when = timezone.localtime(string_translation.updated_at)
    date = formats.date_format(when, french_date_format(when, "j F Y"))
    if string_translation.tool_name:
        return gettext("Translated with {tool_name} on {date}").format(
            tool_name=string_translation.tool_name, date=date
        )
    if string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL:
        return gettext("Translated manually on {date}").format(date=date)
    if string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE:
        return gettext("Machine translated on {date}").format(date=date)
    return None


def localize_translation_dates():
    """Replace wagtail-localize's comment with ``translation_comment``
    (its serializer reads ``get_comment``)."""
    StringTranslation.get_comment = translation_comment
