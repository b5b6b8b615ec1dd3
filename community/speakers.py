"""Speaker pages: what the apps above community list on a person's page.

A person (the ``Person`` snippet) speaks at events and gives talks; those
pages belong to ``events`` and ``resources``, which community may not name.
Each registers, from its ``AppConfig.ready``, a section of the speaker page:
``register_speaker_pages(key, label, find)``, where ``find(person, viewer)``
gives the live pages ``viewer`` may see on which the person (in any of its
translations) speaks, one query, in the order shown.
"""

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
