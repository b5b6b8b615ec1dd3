"""Dates, durations and excerpts as a French reader expects them.

A builtin library (``TEMPLATES["OPTIONS"]["builtins"]``): its filters
replace Django's of the same name in every template, the admin's included:
``date`` writes the first of the month "1er septembre", never "1 septembre";
``truncatewords`` keeps the non-breaking spaces of French typography
(Django's splits on them and puts plain spaces back, so "Merci !" could
break before its "!").
"""

import datetime
import re

from django import template
from django.template.defaultfilters import stringfilter
from django.utils import formats, timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext

register = template.Library()

#: The day of the month ("j") when a month name follows it.
DAY_BEFORE_MONTH = re.compile(r"(?<!\\)j(?=\W+[FNEMb])")


def french_date_format(value, format_string=None):
    """The format to give Django for ``value``: the same, except that the
    first of the month is "1er" in French."""
    format_string = formats.get_format(format_string or "DATE_FORMAT")
    language = translation.get_language() or ""
    if language.split("-")[0] != "fr" or getattr(value, "day", None) != 1:
        return format_string
    return DAY_BEFORE_MONTH.sub(r"1\\e\\r", format_string)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``date`` filter, with "1er" for the first of the month in French."""
    if value in (None, ""):
        return ""
    try:
        return formats.date_format(value, french_date_format(value, arg))
    except AttributeError:
        return ""


@register.filter(is_safe=False)
def ago(value):
    """How long ago ``value`` was: "il y a 3 heures", and "il y a moins
    d'une minute" rather than "il y a 0 minute"."""
    if not isinstance(value, datetime.datetime):
        return ""
    now = timezone.now()  # one clock for both (and for tests that move it)
    if now - value < datetime.timedelta(minutes=1):
        return gettext("less than a minute ago")
    return gettext("%(time)s ago") % {"time": timesince(value, now=now)}


#: Where words end: ASCII white space only, not the non-breaking spaces.
WORD_BREAKS = re.compile(r"[ \t\n\r\f\v]+")


@register.filter(is_safe=True)
@stringfilter
def truncatewords(value, arg):
    """Django's ``truncatewords`` (the first ``arg`` words, then "…"),
    without breaking a word at a non-breaking space."""
    try:
        length = int(arg)
    except ValueError:
        return value
    words = WORD_BREAKS.split(value.strip())
    if len(words) <= length:
        return " ".join(words)
    return " ".join(words[:length]) + "…"
