"""Speaker pages: what the apps above community list on a person's page.

A person (the ``Person`` snippet) speaks at events and gives talks; those
pages belong to ``events`` and ``resources``, which community may not name.
Each registers, from its ``AppConfig.ready``, a section of the speaker page:
``register_speaker_pages(key, label, find)``, where ``find(person, viewer)``
gives the live pages ``viewer`` may see on which the person (in any of its
translations) speaks, one query, in the order shown (``spoken_pages``
writes it once for them).
"""

from django.utils.translation import get_language

from core.security import visible_to

_sections = {}


def register_speaker_pages(key, label, find):
    """Add the section ``key`` (shown under ``label``) to speaker pages."""
    _sections[key] = (label, find)


def speaker_sections(person, viewer):
    """[(key, label, pages)] of every registered section, in registration order."""
    return [(key, label, find(person, viewer)) for key, (label, find) in _sections.items()]


def one_per_translation(pages, language):
    """``pages`` (in order) keeping one page per translation: the one in
    ``language`` where it exists, else the first met."""
    chosen = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or (
            page.locale.language_code == language and current.locale.language_code != language
        ):
            chosen[page.translation_key] = page
    seen = set()
    result = []
    for page in pages:
        kept = chosen[page.translation_key]
        if page.translation_key not in seen:
            seen.add(page.translation_key)
            result.append(kept)
    return result


def spoken_pages(live_pages, person, viewer, date_field):
    """The pages of ``live_pages`` (live, in the order shown) on which
    ``person``, in any of its translations, speaks and that ``viewer`` may
    see, one per translation (``one_per_translation``), each with its
    ``date_field`` as ``speaker_date``; one query."""
    pages = visible_to(
        live_pages.filter(speakers__person__translation_key=person.translation_key)
        .select_related("locale")
        .distinct(),
        viewer,
    )
    pages = one_per_translation(list(pages), get_language())
    for page in pages:
        page.speaker_date = getattr(page, date_field)
    return pages
