"""Members sharing resources, as the resources app sees it.

The app through which members propose resources registers itself here from
its ``AppConfig.ready`` (the way Wagtail's hooks work), so that the
Resources index can link to the sharing form and show what members shared
lately, while resources names no app above it. Without one, the index shows
neither.
"""

from django.urls import reverse

_sharing = {}


def register_sharing(*, recently_shared, share_url_name):
    """``recently_shared(locale, limit, user)`` gives the ``limit`` newest
    live resources members shared in that language that ``user`` may see;
    ``share_url_name`` is the name of the page where a member shares one."""
    _sharing.update(recently_shared=recently_shared, share_url_name=share_url_name)


def recently_shared(locale, limit, user=None):
    """The newest resources members shared (see `register_sharing`)."""
    finder = _sharing.get("recently_shared")
    return finder(locale, limit, user) if finder is not None else []


def share_url():
    """The address of the page where a member shares a resource, or ""."""
    name = _sharing.get("share_url_name")
    return reverse(name) if name else ""
