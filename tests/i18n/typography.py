"""Reading a rendered page as a French reader does: its visible text, the
French typography of its punctuation, and English left in it.

French typography puts a non-breaking space before ``: ; ! ?`` and inside
``« »``. CM Hub writes U+00A0 (docs/glossary.md); the narrow U+202F that
some third-party catalogues use is accepted too. A plain space lets the
browser start a line with the mark (a card title that wraps on a phone
would begin with ":"), and no space at all is English typography.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings

NBSP = "\u00a0"
SPACES_BEFORE = "\u00a0\u202f"
#: Elements whose text a reader does not see, or that hold code or content
#: in another language.
HIDDEN = {"script", "style", "template", "noscript", "code", "pre", "kbd", "samp", "textarea"}
#: Elements that start a new line: a mark at the start of one had no space.
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "option", "p", "section", "select", "summary",
    "table", "td", "th", "tr", "ul", "button", "label", "legend", "input",
}  # fmt: skip
#: Attributes a reader sees or hears.
VISIBLE_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

# Things that are not prose: addresses, e-mails, times (10:30), file names,
# query strings.
NOT_PROSE = re.compile(
    r"\b[a-z][a-z+.-]*://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\d+:\d+|\S*\?\S*=\S*|/[\w./?=&%-]+"
)
BAD_MARK = re.compile(r"(?P<before>.)(?P<mark>[:;!?])|^(?P<first>[:;!?])", re.MULTILINE)
BAD_GUILLEMETS = re.compile(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»")


class _TextParser(HTMLParser):
    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.chunks = []
        self.stack = []  # (tag, hidden)

    @property
    def hidden(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = (
            self.hidden
            or tag in HIDDEN
            or (attrs.get("lang") not in (None, "") and not attrs["lang"].startswith(self.language))
            or attrs.get("translate") == "no"
        )
        if tag in BLOCKS:
            self.chunks.append("\n")
        if not hidden:
            for name in VISIBLE_ATTRIBUTES & set(attrs):
                self.chunks.append(f"\n{attrs[name]}\n")
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.chunks.append(f"\n{attrs['value']}\n")
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.chunks.append(data)


def visible_text(html, language="fr"):
    """The text a reader of ``language`` sees (and hears) on the page, a
    line per block; parts marked in another language are left out."""
    parser = _TextParser(language)
    parser.feed(html)
    parser.close()
    text = "".join(parser.chunks)
    lines = (re.sub(r"[ \t\r\n]+", " ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def typography_errors(html):
    """Every place the page breaks French typography, with its context."""
    errors = []
    for line in visible_text(html).split("\n"):
        prose = NOT_PROSE.sub(lambda match: "x" * len(match.group()), line)
        for match in BAD_MARK.finditer(prose):
            if match.group("first") or match.group("before") not in SPACES_BEFORE:
                errors.append(line)
                break
        else:
            if BAD_GUILLEMETS.search(prose):
                errors.append(line)
    return errors


#: Interface words that French also uses, spelt the same: finding them in a
#: French page says nothing ("Comment faire…", "community manager").
FRENCH_TOO = {
    "Audience", "audience", "audiences", "Classification", "Comment", "Community", "Copyright",
    "Figure", "Guide", "guide", "guides", "Institution", "institution", "institutions",
    "Institutions", "Main", "Media", "Online", "online", "People", "people", "Staff", "label",
    "token", "venue", "data",
}  # fmt: skip


def _english_msgids():
    catalogue = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / "fr/LC_MESSAGES/django.po"))
    english = set()
    for entry in catalogue.translated_entries():
        if "%" in entry.msgid or len(entry.msgid) < 4 or entry.msgid in FRENCH_TOO:
            continue
        if entry.msgstr.strip() and entry.msgstr != entry.msgid:
            english.add(entry.msgid)
    return english


ENGLISH = None


def english_leftovers(html):
    """Interface strings of the catalogue (whose French differs) left in
    English in the page's visible text."""
    global ENGLISH
    if ENGLISH is None:
        ENGLISH = [
            (msgid, re.compile(rf"(?<![\w-]){re.escape(msgid)}(?![\w-])"))
            for msgid in _english_msgids()
        ]
    text = visible_text(html)
    return sorted(msgid for msgid, pattern in ENGLISH if pattern.search(text))
