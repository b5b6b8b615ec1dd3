"""The header's bell and the follow buttons."""

from django import template

from notifications import api, follows

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """The member's unread count (cached: no query on a warm page)."""
    user = context["request"].user
    return api.unread_count(user) if user.is_authenticated else 0


@register.inclusion_tag("notifications/follow_panel.html", takes_context=True)
def follow_panel(context, page):
    """The "Follow" buttons of a resource or event page: its discussion and
    its section. Per member, so never inside a cached fragment; no query
    when the cache is warm (the parent is known by its path)."""
    request = context["request"]
    followed = follows.followed_keys(request.user)["paths"]
    parent_path = page.path[: -page.steplen]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "page": page,
        "following_page": page.path in followed,
        "following_section": parent_path in followed,
    }
