"""Text from an import file, held to what the page editor accepts.

- Rich text goes through the admin's own rich text conversion: Wagtail's
  whitelister, then the Draftail editor's ContentstateConverter for the
  field's features (HTML -> contentstate -> database HTML). What survives is
  exactly what an editor could have typed, so the page opens and saves in the
  editor; scripts, event attributes, frames and `javascript:` links do not
  survive.
- Plain text (titles, summaries, every other text field and block) must not
  hold markup at all: it is refused with the field's name.
- Every text has a size limit, and so has the file (see
  `importer.reading.MAX_FILE_BYTES`).
"""

import functools
import json
import re

from django.core.exceptions import ValidationError
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.admin.rich_text.converters.editor_html import DbWhitelister, EditorHTMLConverter
from wagtail.rich_text import features as feature_registry

#: The longest plain text of a field without a length of its own (a job
#: profile's missions, a quote, a timeline step's details…), in characters.
MAX_TEXT_LENGTH = 10_000
#: The longest rich text (its HTML), in characters.
MAX_RICH_TEXT_LENGTH = 50_000
#: The most blocks in one stream and items in one list.
MAX_BLOCKS = 200

#: Start of an HTML tag, end tag, comment or declaration ("a < b" is text).
MARKUP_RE = re.compile(r"<[a-zA-Z/!?]")
TAG_NAME_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
#: Elements dropped with what they contain: their text is code, not prose.
DROPPED_ELEMENTS = frozenset(
    {"script", "style", "template", "noscript", "iframe", "frame", "object", "svg", "math"}
)


def check_length(value, limit):
    if len(value) > limit:
        raise ValidationError(f"at most {limit:,} characters are allowed (it has {len(value):,})")


def check_plain_text(value, limit=MAX_TEXT_LENGTH):
    """Refuse markup and text longer than `limit` in a plain-text field."""
    check_length(value, limit)
    found = MARKUP_RE.search(value)
    if found:
        excerpt = value[found.start() : found.start() + 20]
        raise ValidationError(
            f"HTML is not allowed in this plain-text field (found {excerpt!r}); "
            "write the text as readers should see it"
        )
    return value


class ImportWhitelister(DbWhitelister):
    """The admin's whitelister, dropping code elements with their content
    instead of keeping their text."""

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_ELEMENTS:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


@functools.cache
def _converters(features):
    rules = EditorHTMLConverter(features=list(features)).converter_rules
    return ImportWhitelister(rules), ContentstateConverter(list(features))


def clean_rich_text(html, features=None):
    """The database HTML the page editor would save for `html`, and the
    names of the elements it removed ({"script", "iframe"})."""
    check_length(html, MAX_RICH_TEXT_LENGTH)
    if features is None:
        features = feature_registry.get_default_features()
    whitelister, converter = _converters(tuple(features))
    whitelisted = whitelister.clean(html)
    contentstate = converter.from_database_format(whitelisted)
    blocks = json.loads(contentstate)["blocks"]
    if any(block["text"].strip() for block in blocks):
        cleaned = converter.to_database_format(contentstate)
    else:  # nothing left to read: an empty field, as the editor leaves it
        cleaned = ""
    removed = tag_names(html) - tag_names(cleaned)
    return cleaned, removed


def tag_names(html):
    return {name.lower() for name in TAG_NAME_RE.findall(html)}
