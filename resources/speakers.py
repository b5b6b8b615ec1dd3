"""A speaker's talks, listed on their speaker page (community.speakers)."""

from django.utils.translation import get_language

from community.speakers import one_per_translation
from core.security import visible_to

from .models import TalkPage


def speaker_talks(person, viewer):
    """The live talks ``viewer`` may see that ``person`` (in any language)
    gave, most recent first, one per translation (one query)."""
    talks = visible_to(
        TalkPage.objects.live()
        .filter(speakers__person__translation_key=person.translation_key)
        .select_related("locale")
        .distinct()
        .order_by("-date", "-pk"),
        viewer,
    )
    talks = one_per_translation(list(talks), get_language())
    for talk in talks:
        talk.speaker_date = talk.date
    return talks
