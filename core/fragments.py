"""Template fragment caching for what every member sees alike.

Pages are private, so whole-page caching is out; but most of a page (a
guide's body, a list of resource cards) is the same for every member who may
see it. Templates cache those parts with Django's `{% cache %}` tag, keyed
on `fragment_version`, a number every content change bumps (publishing,
unpublishing or moving a page, saving an institution, a speaker or a member
profile — everything that re-indexes search), plus what the part depends
on (the page, its revision, the language, the member's groups for lists).
A comment does not bump it: it changes only its page's count, thread and
the recent discussions (community.comments.comments_changed), which have
versions and counts of their own. A change is therefore visible at once; the
timeout (setting FRAGMENT_CACHE_TIMEOUT, seconds, 0 turns caching off) only
bounds how long unused entries stay in the cache.

Parts that differ per member (greetings, registration state, the comment
thread's buttons, CSRF tokens) stay outside the cached fragments.
"""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .counters import bump_counter, read_counter
from .security import member_group_ids

VERSION_KEY = "cmhub:fragment-version"


def version():
    return read_counter(VERSION_KEY)


def bump():
    """Content changed: every cached fragment is stale from now on."""
    bump_counter(VERSION_KEY)


def version_for(context):
    """The content version of a template render, read once per render (the
    context's lazy `fragment_version`) rather than once per tag."""
    value = context.get("fragment_version")
    return value if value is not None else version()


def groups_key(user):
    """What a list of pages depends on about the member: their groups."""
    if not user.is_authenticated:
        return "anonymous"
    if user.is_superuser:
        return "all"
    return "-".join(str(pk) for pk in sorted(member_group_ids(user))) or "none"


#: The content version of an editor's preview: no cached part is the live
#: page's (whose key has the same page, revision and groups), and with a
#: timeout of 0 nothing rendered from the form's unsaved values is stored.
PREVIEW_VERSION = "preview"


def context(request):
    """Template context: `fragment_version` (read from the cache only when a
    template uses it), `fragment_groups` (the member's groups, for lists of
    pages) and `fragment_timeout`. In a preview (Wagtail's is_preview), the
    cached parts are neither read nor stored: the editor sees their changes,
    and the live page never shows them."""
    if getattr(request, "is_preview", False):
        return {
            "fragment_version": PREVIEW_VERSION,
            "fragment_groups": SimpleLazyObject(lambda: groups_key(request.user)),
            "fragment_timeout": 0,
        }
    return {
        "fragment_version": SimpleLazyObject(version),
        "fragment_groups": SimpleLazyObject(lambda: groups_key(request.user)),
        "fragment_timeout": settings.FRAGMENT_CACHE_TIMEOUT,
    }
