"""A speaker's talks, listed on their speaker page (community.speakers)."""

from community.speakers import spoken_pages

from .models import TalkPage


def speaker_talks(person, viewer):
    """The live talks ``viewer`` may see that ``person`` (in any language)
    gave, most recent first, one per translation (one query)."""
    return spoken_pages(TalkPage.objects.live().order_by("-date", "-pk"), person, viewer, "date")
