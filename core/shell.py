"""The page shell (header, footer, the links of the head and the scripts),
rendered once and served with the member's own bits filled in.

Every page is wrapped in base.html's layout: the header with its navigation,
the language switcher, the notification bell and the account menu, the
footer, the stylesheets and scripts. Rendering it was about a third of a warm
page's CPU (a dozen `{% url %}`, twenty translations, eight static files, two
inclusion tags). It is the same for every member with the same groups and
editor access, at the same address, in the same language and versions of the
content and the page tree, except for a few bits of the member's own:
their name and initial, their unread notifications, their CSRF token, the
search box's words.

``{% shell "header" %}…{% endshell %}`` renders its content once per such
key with those bits replaced by *holes* (HTML comments, which no escaped
text can forge), keeps the HTML in the cache, and on each request fills the
holes with the member's values, escaped as the template would have escaped
them: the page is the same, byte for byte, as when rendered with caching
off (FRAGMENT_CACHE_TIMEOUT=0), which renders the content live with the same
values (tests/core/test_shell.py). Only signed-in members' shells are cached.

The key holds what the content depends on: the content and tree versions
(navigation, translations of the page), the language, the member's groups
and whether they may open the editors' admin, the host and address (the
current link in the navigation, the language switcher's links; the query
string too where the switcher keeps it: views that are not Wagtail pages),
and the build (the templates, translations and static files of this
deployment), so that a deployment never serves a shell rendered by another.
A shell marked ``shared`` (the head's links, the footer, the scripts) does
not depend on the address, the groups or the versions.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template import Node, TemplateSyntaxError, loader
from django.template.base import render_value_in_context
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail.models import Page

from . import fragments

KEY = "cmhub:shell:1:{name}:{build}:{details}"

#: The member's bits, as the names the shell's templates use.
HOLE = "<!--cmhub-shell:{}-->"
HOLES = ("member_initial", "member_name", "member_bell", "csrf_token", "search_query")

#: Rendered notification bells by (language, count): the same for everyone.
_bells = {}
_BELLS_KEPT = 500

_build = None


def build():
    """What this deployment renders with: its templates, translations, the
    code of the shell's tags and its static files (their manifest). Computed
    once per process."""
    global _build
    if _build is None:
        digest = hashlib.sha256()
        base = Path(settings.BASE_DIR)
        files = [base / "templates" / "base.html"]
        files += sorted((base / "templates" / "includes").glob("*.html"))
        files += sorted((base / "locale").glob("*/LC_MESSAGES/django.mo"))
        # The code that renders the shell's parts.
        files += [
            base / "core" / "shell.py",
            base / "core" / "templatetags" / "cmhub_tags.py",
            base / "home" / "templatetags" / "navigation_tags.py",
        ]
        for path in files:
            try:
                digest.update(path.read_bytes())
            except OSError:
                continue
        from django.contrib.staticfiles.storage import staticfiles_storage

        digest.update(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
        _build = digest.hexdigest()[:16]
    return _build


#: How many unread notifications a member has: the notifications app, which
#: core may not import, registers its counter here when it is ready.
_unread_count = None


def register_unread_count(counter):
    """Set the function giving a member's unread notification count."""
    global _unread_count
    _unread_count = counter


def member_values(context):
    """The member's bits, as the shell's templates would render them."""
    user = context["request"].user
    initial = (user.first_name[:1] or user.email)[:1].upper()
    return {
        "member_initial": conditional_escape(initial),
        "member_name": conditional_escape(user.get_full_name() or user.email),
        "member_bell": bell(_unread_count(user) if _unread_count else 0),
    }


def bell(count):
    """The notification bell for ``count`` unread notifications."""
    key = (translation.get_language(), count)
    html = _bells.get(key)
    if html is None:
        html = loader.render_to_string("includes/notification_bell.html", {"unread_count": count})
        html = mark_safe(html.removesuffix("\n"))  # noqa: S308 - our own template's output
        if len(_bells) >= _BELLS_KEPT:
            _bells.clear()
        _bells[key] = html
    return html


def _key(name, shared, context):
    request = context["request"]
    user = request.user
    if shared:
        details = translation.get_language() or ""
    else:
        page = context.get("page")
        is_page = isinstance(page, Page)
        from .routing import tree_version

        # The whole address: the language switcher keeps a page's sub-route
        # and its query string (a calendar's month, a list's filters).
        place = f"{request.get_host()}|{page.pk if is_page else '-'}|{request.get_full_path()}"
        details = ":".join(
            [
                str(fragments.version_for(context)),
                str(tree_version()),
                translation.get_language() or "",
                fragments.groups_key(user),
                "admin" if user.has_perm("wagtailadmin.access_admin") else "member",
                hashlib.sha256(place.encode()).hexdigest()[:32],
            ]
        )
    return KEY.format(name=name, build=build(), details=details)


class ShellNode(Node):
    def __init__(self, name, shared, nodelist):
        self.name, self.shared, self.nodelist = name, shared, nodelist

    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.nodelist.render(context)
        token = context.get("csrf_token")
        if not settings.FRAGMENT_CACHE_TIMEOUT or not token or str(token) == "NOTPROVIDED":
            with context.push(member_values(context)):
                return self.nodelist.render(context)
        key = _key(self.name, self.shared, context)
        html = cache.get(key)
        if html is None:
            with context.push({name: mark_safe(HOLE.format(name)) for name in HOLES}):  # noqa: S308
                html = self.nodelist.render(context)
            cache.set(key, html, settings.FRAGMENT_CACHE_TIMEOUT)
        if "<!--cmhub-shell:" not in html:
            return mark_safe(html)  # noqa: S308 - rendered by our templates
        return mark_safe(self.fill(html, context))  # noqa: S308 - every value escaped

    def fill(self, html, context):
        values = member_values(context)
        values["csrf_token"] = conditional_escape(str(context.get("csrf_token")))
        query = context.get("search_query")
        values["search_query"] = render_value_in_context(query, context) if query else ""
        for name, value in values.items():
            html = html.replace(HOLE.format(name), str(value))
        return html


def do_shell(parser, token):
    """``{% shell "name" [shared] %}…{% endshell %}`` (see the module)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3) or (len(bits) == 3 and bits[2] != "shared"):
        raise TemplateSyntaxError('Usage: {% shell "name" [shared] %}…{% endshell %}')
    nodelist = parser.parse(("endshell",))
    parser.delete_first_token()
    return ShellNode(bits[1].strip("\"'"), len(bits) == 3, nodelist)
