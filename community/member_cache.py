"""The cached parts of the members directory and of members' profiles.

Who the directory lists (verified, active members who show their profile)
and what it shows of them (name, job title, institution, topics) change
with members, institutions and topics, not with pages: they are keyed on
the *members version*, a counter bumped, now and again when the
transaction commits, whenever a member's profile or its topics, their
account (name, e-mail, activation, deletion), an e-mail address
(verification), an institution or a topic is saved or deleted, in the
request that makes the change. (The search index follows by a background
task, which bumps the content version too, but later.) A member's login,
which saves only ``last_login``, bumps nothing. The directory is therefore
not keyed on the content version: publishing a page or registering for an
event leaves it cached.

A profile also lists pages, events and comments the viewer may see: its
part is keyed besides on the content version, the viewer's groups and the
discussions version (its recent comments), and lasts no longer than until
the first event it lists ends.
"""

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.template.base import Node, TemplateSyntaxError
from django.utils import timezone

from core.counters import bump_counter, read_counter

MEMBERS_KEY = "cmhub:members-version"

#: Saves of an account that change nothing the directory or a profile shows.
_UNSHOWN_USER_FIELDS = frozenset({"last_login"})


def members_version():
    return read_counter(MEMBERS_KEY)


def members_changed():
    """Who is listed, or what a member shows, changed: the cached directory
    and profiles are stale, now and once the transaction commits (a request
    that read the old rows meanwhile may have cached them)."""
    bump_counter(MEMBERS_KEY)
    transaction.on_commit(lambda: bump_counter(MEMBERS_KEY))


def _changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and frozenset(update_fields) <= _UNSHOWN_USER_FIELDS:
        return
    members_changed()


def _topics_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        members_changed()


def connect():
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Institution, MemberProfile, Topic

    for model in (MemberProfile, get_user_model(), EmailAddress, Institution, Topic):
        for signal in (post_save, post_delete):
            signal.connect(
                _changed,
                sender=model,
                dispatch_uid=f"members_version_{model.__name__}_{signal is post_save}",
            )
    m2m_changed.connect(
        _topics_changed, sender=MemberProfile.topics.through, dispatch_uid="members_version_topics"
    )


class MemberFragmentNode(Node):
    """``{% members_fragment "name" vary_on… %}…{% endmembers_fragment %}``:
    like ``{% cache fragment_timeout "name" vary_on… %}``, keyed also on the
    members version and the language. Pages shown in
    it that end (an event: ``end``) are shown no longer than until the first
    of them ends; the template names them with ``ending`` in the context
    (read after the rendering, so only when the part was rendered)."""

    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        timeout = int(context.get("fragment_timeout") or 0)
        if not timeout:
            return self.nodelist.render(context)
        key = make_template_fragment_key(
            self.name,
            [
                *(value.resolve(context) for value in self.vary_on),
                members_version(),
                context.get("LANGUAGE_CODE", ""),
            ],
        )
        html = cache.get(key)
        if html is None:
            started = timezone.now()
            html = self.nodelist.render(context)
            ending = context.get("ending")
            ends = [end for end in (ending() if callable(ending) else ()) if end > started]
            if ends:
                timeout = min(timeout, max(int((min(ends) - timezone.now()).total_seconds()), 0))
            if timeout:
                cache.set(key, html, timeout)
        return html


def members_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise TemplateSyntaxError("members_fragment takes a name")
    nodelist = parser.parse(("endmembers_fragment",))
    parser.delete_first_token()
    return MemberFragmentNode(
        nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]]
    )
