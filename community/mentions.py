"""@mentions in comments.

The comment form's autocomplete (``members:mention_suggestions``) inserts
``@[Claire Martin](42)``: the member's name and id. When the comment is
posted, a mention of someone who may not be mentioned (hidden profile,
unverified or inactive account, unknown id) is turned into plain text
(``@Claire Martin``); the others are shown as links to the profile and
notify the member once (an edit never notifies them again: the
notification's key is the comment), if they may see the page.
"""

import re

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from notifications.api import notify

from .models import MemberProfile

#: ``@[name](id)``, as the autocomplete writes it (and as stored).
MENTION = re.compile(r"@\[([^\]\n<>]{1,80})\]\((\d{1,12})\)")
#: The same once the text is HTML-escaped (comment rendering).
#: (A name with an escaped < or > was never a mention: the autocomplete strips them.)
MENTION_HTML = re.compile(r"@\[((?:(?!&lt;|&gt;)[^\]\n<>]){1,120})\]\((\d{1,12})\)")
SUGGESTIONS = 8


def mentionable_profiles():
    """Profiles members may mention: those the directory lists (visible,
    active, verified address)."""
    return MemberProfile.objects.in_directory()


def suggestions(query):
    """The first members whose name starts (or a word of it starts) with
    ``query``: [{"id", "name", "institution", "token"}]."""
    words = query.split()
    if not words or len(query.strip()) < 2:
        return []
    profiles = mentionable_profiles().select_related("user", "institution")
    for word in words[:3]:
        profiles = profiles.filter(
            Q(user__first_name__istartswith=word) | Q(user__last_name__istartswith=word)
        )
    found = []
    for profile in profiles.order_by("user__last_name", "user__first_name")[:SUGGESTIONS]:
        name = profile.user.get_full_name() or str(profile.user)
        name = re.sub(r"[\[\]()<>\n]", "", name)[:80]
        found.append(
            {
                "id": profile.user_id,
                "name": name,
                "institution": profile.institution.display_name if profile.institution else "",
                "token": f"@[{name}]({profile.user_id})",
            }
        )
    return found


def clean_mentions(text):
    """``text`` with mentions of members who may not be mentioned made plain
    text, and the ids of those who may."""
    ids = {int(pk) for _name, pk in MENTION.findall(text)}
    allowed = set(mentionable_profiles().filter(user_id__in=ids).values_list("user_id", flat=True))

    def keep_or_flatten(match):
        return match.group(0) if int(match.group(2)) in allowed else f"@{match.group(1)}"

    return MENTION.sub(keep_or_flatten, text), allowed


def render_mentions(html):
    """Mentions in escaped comment HTML made into links to the profiles."""

    def link(match):
        url = reverse("members:profile", args=[int(match.group(2))])
        return f'<a class="mention" href="{url}">@{match.group(1)}</a>'

    return MENTION_HTML.sub(link, html)


def notify_mentioned(comment, member_ids, author):
    """Notify each mentioned member once per comment."""
    members = get_user_model().objects.filter(pk__in=member_ids)
    for member in members:
        notify(member, "mention", comment, actor=author, key=f"mention:{comment.pk}")
