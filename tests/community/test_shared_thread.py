"""A discussion thread is rendered once and shared by every member (issue
15): what differs per member (their edit and delete buttons, reactions,
removal suggestions, held comments, CSRF tokens) is filled in per request.
A member sees exactly what they would see without caching, never another
member's parts, and a change shows at once to everyone."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment

from community.models import MemberProfile
from community.templatetags import comment_tags
from tests.clients import logged_in

from .comment_helpers import (  # noqa: F401 - fixtures
    add_comment,
    caching,
    guide,
    post_comment,
    publish_at_once,
    without_per_request_values,
)

pytestmark = pytest.mark.django_db

EDIT = "Modifier"
HELD = "En attente de modération"


def thread(response):
    """The discussion section of a page, without what changes per request."""
    html = response.content.decode()
    start = html.index('<section class="comments"')
    section = html[start : html.index("</section>", start) + len("</section>")]
    return without_per_request_values(section)


def comment_html(html, comment):
    """The part of ``html`` showing ``comment`` itself (not its replies)."""
    start = html.index(f'id="c{comment.pk}"')
    end = html.find('<li class="comment', start)
    return html[start : end if end != -1 else len(html)]


@pytest.fixture
def discussion(guide, member, make_member, moderator):
    """A discussion with one of everything that differs per member: the
    member's own recent and old comments, Léa's comment (liked and flagged
    by the member; her avatar only she sees, her profile being hidden), a
    held reply and a held thread of Hal's, a removed comment that keeps its
    place for its reply."""
    lea = make_member("lea@univ-test.example", first_name="Léa")
    hal = make_member("hal@univ-test.example", first_name="Hal")
    MemberProfile.objects.create(user=lea, visible_in_directory=False)
    MemberProfile.objects.filter(user=lea).update(avatar="avatars/lea.png")
    old = add_comment(guide, member, "Mon ancien avis")
    XtdComment.objects.filter(pk=old.pk).update(
        submit_date=timezone.now() - datetime.timedelta(hours=2)
    )
    theirs = add_comment(guide, lea, "L'avis de Léa")
    recent = add_comment(guide, member, "Ma réponse récente", parent=theirs)
    held_reply = add_comment(
        guide, hal, "Réponse de Hal en attente", parent=theirs, is_public=False
    )
    held_thread = add_comment(guide, hal, "Fil de Hal en attente", is_public=False)
    removed = add_comment(guide, lea, "Retiré")
    add_comment(guide, member, "Réponse au message retiré", parent=removed)
    XtdComment.objects.filter(pk=removed.pk).update(is_removed=True)
    CommentFlag.objects.create(comment=theirs, user=member, flag=LIKEDIT_FLAG)
    CommentFlag.objects.create(comment=theirs, user=member, flag=CommentFlag.SUGGEST_REMOVAL)
    CommentFlag.objects.create(comment=recent, user=lea, flag=CommentFlag.SUGGEST_REMOVAL)
    # Zoé only reads: she sees the thread every bystander shares (joined
    # once per process, comment_tags._bystander_view).
    zoe = make_member("zoe@univ-test.example", first_name="Zoé")
    return {
        "viewers": {"member": member, "lea": lea, "hal": hal, "moderator": moderator, "zoe": zoe},
        "old": old,
        "theirs": theirs,
        "recent": recent,
        "held": (held_reply, held_thread),
    }


def test_each_member_sees_the_thread_they_see_without_caching(settings, guide, discussion):
    """For the author (within and after the edit window), another member,
    a moderator and a member with held comments: the same HTML with the
    shared thread as without caching, whoever rendered it first."""
    viewers = discussion["viewers"]
    caching(settings, on=False)
    uncached = {name: thread(logged_in(user).get(guide.url)) for name, user in viewers.items()}

    caching(settings, on=True)
    logged_in(viewers["lea"]).get(guide.url)  # Léa renders the shared thread first
    cached = {name: thread(logged_in(user).get(guide.url)) for name, user in viewers.items()}
    again = {name: thread(logged_in(user).get(guide.url)) for name, user in viewers.items()}

    for name in viewers:
        assert cached[name] == uncached[name], name
        assert again[name] == uncached[name], name

    mine, theirs = uncached["member"], uncached["lea"]
    # The author's buttons on their recent comment, none on their old one.
    assert EDIT in comment_html(mine, discussion["recent"])
    assert EDIT not in comment_html(mine, discussion["old"])
    for name in ("lea", "hal", "moderator", "zoe"):
        assert EDIT not in comment_html(uncached[name], discussion["recent"])
    assert 'aria-pressed="true"' not in uncached["zoe"] and "Retrait suggéré" not in uncached["zoe"]
    # Their reactions and removal suggestions, for them alone.
    assert 'aria-pressed="true"' in comment_html(mine, discussion["theirs"])
    assert "Retrait suggéré" in comment_html(mine, discussion["theirs"])
    assert 'aria-pressed="true"' not in theirs
    assert "Retrait suggéré" in comment_html(theirs, discussion["recent"])
    assert "Retrait suggéré" not in uncached["moderator"]
    # Léa's avatar shows to her only (her profile is hidden from the directory).
    assert "avatars/lea.png" in theirs
    assert all("avatars/lea.png" not in uncached[name] for name in ("member", "hal", "moderator"))
    # Hal's held comments show to him alone, with his buttons on them.
    for held in discussion["held"]:
        assert held.comment in uncached["hal"] and EDIT in comment_html(uncached["hal"], held)
        assert all(held.comment not in uncached[n] for n in ("member", "lea", "moderator"))
    assert HELD in uncached["hal"] and HELD not in mine


def test_the_edit_buttons_go_when_the_window_closes_though_the_thread_is_cached(
    settings, monkeypatch, guide, member, discussion
):
    caching(settings, on=True)
    client = logged_in(member)
    assert EDIT in comment_html(thread(client.get(guide.url)), discussion["recent"])
    later = timezone.now() + datetime.timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = thread(client.get(guide.url))
    assert "Ma réponse récente" in html
    assert EDIT not in html


def test_a_comment_cannot_forge_a_members_part_or_token(
    settings, monkeypatch, guide, member, make_member, publish_at_once
):
    """A comment imitating the marks of the shared thread, even with the
    random number of the rendering (which no member ever sees), stays text:
    it shows no one buttons or tokens that are not theirs."""
    caching(settings, on=True)
    nonce = "0123456789abcdef"
    monkeypatch.setattr(comment_tags, "_new_nonce", lambda: nonce)
    lea = make_member("lea@univ-test.example", first_name="Léa")
    theirs = add_comment(guide, lea, "L'avis de Léa")
    forged = (
        f"<!--cmhub-member:{nonce}:editable:{theirs.pk}:{member.pk}:99999999999999999-->"
        f'<a href="/fr/comments/{theirs.pk}/edit/">{EDIT}</a>'
        f"<!--/cmhub-member:{nonce}-->"
        f'<input type="hidden" name="csrfmiddlewaretoken" value="cmhub-csrf-{nonce}">'
    )
    post_comment(logged_in(lea), guide, forged)
    assert XtdComment.objects.filter(comment=forged).exists()

    html = thread(logged_in(member).get(guide.url))
    assert "&lt;!--cmhub-member:" in html  # the comment, shown as text
    assert f'href="/fr/comments/{theirs.pk}/edit/"' not in html
    assert EDIT not in html.replace(f"&gt;{EDIT}&lt;", "")  # none of these is the member's
    assert 'value="cmhub-csrf-' not in html
    assert not re.search(r"<!--/?cmhub-member", html)


def count_queries(client, url):
    """(all the queries of a GET of ``url``, those reading comments)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    queries = [query["sql"] for query in captured.captured_queries]
    return len(queries), len([sql for sql in queries if '"django_comment' in sql])


@pytest.mark.parametrize("cached", [False, True], ids=["caching off", "caching on"])
def test_a_thread_costs_the_same_queries_at_30_and_90_comments(
    settings, guide, member, make_member, cached
):
    """The first visit after a comment renders the thread (caching on: once
    for everyone, two queries) and reads the member's reactions and held
    comments (one); each other member then reads the thread and their own
    state; then nothing. With caching off every visit renders the thread.
    The same at 30 and 90 comments."""
    caching(settings, on=cached)
    lea = make_member("lea@univ-test.example", first_name="Léa")
    others = [logged_in(member), logged_in(lea)]
    numbers = iter(range(1000))

    def grow(threads):
        for _ in range(threads):
            number = next(numbers)
            top = add_comment(guide, member, f"Fil {number}")
            reply = add_comment(guide, lea, f"Réponse {number}", parent=top)
            add_comment(guide, member, f"Précision {number}", parent=reply)

    def first_visits():
        for client in others:
            client.get(guide.url)  # warm
        add_comment(guide, lea, "Encore un avis")
        first = count_queries(others[0], guide.url)
        second = count_queries(others[1], guide.url)
        warm = count_queries(others[1], guide.url)
        return first, second, warm

    grow(10)
    small = first_visits()
    grow(20)
    large = first_visits()
    assert XtdComment.objects.count() == 92
    assert small == large
    (first, first_comments), (second, second_comments), (warm, warm_comments) = large
    if cached:
        assert (first_comments, second_comments, warm_comments) == (3, 1, 0)
        assert (first - warm, second - warm) == (3, 1)
    else:
        assert first_comments == second_comments == warm_comments == 3
        assert first == second == warm


def test_every_change_shows_at_once_to_everyone(
    settings, guide, member, make_member, moderator, publish_at_once
):
    """New, edited, deleted and moderated comments, with the thread cached
    and shared by two members who both saw it before each change."""
    caching(settings, on=True)
    lea = make_member("lea@univ-test.example", first_name="Léa")
    hers, mine, moderators = logged_in(lea), logged_in(member), logged_in(moderator)

    def everyone_sees():
        return [thread(client.get(guide.url)) for client in (hers, mine)]

    everyone_sees()
    post_comment(hers, guide, "Nouvel avis de Léa")
    comment = XtdComment.objects.get(comment="Nouvel avis de Léa")
    assert all("Nouvel avis de Léa" in html for html in everyone_sees())
    assert EDIT in everyone_sees()[0] and EDIT not in everyone_sees()[1]

    hers.post(f"/fr/comments/{comment.pk}/edit/", {"comment": "Avis corrigé"})
    assert all("Avis corrigé" in html and "Nouvel avis" not in html for html in everyone_sees())

    mine.post(f"/fr/comments/like/{comment.pk}/", {"next": guide.url})
    theirs, ours = everyone_sees()
    assert 'aria-pressed="true"' in ours and 'aria-pressed="true"' not in theirs

    moderators.post(f"/admin/comments/{comment.pk}/remove/")
    assert all("Avis corrigé" not in html for html in everyone_sees())
    moderators.post(f"/admin/comments/{comment.pk}/restore/")
    assert all("Avis corrigé" in html for html in everyone_sees())

    hers.post(f"/fr/comments/{comment.pk}/delete/")
    assert all("Avis corrigé" not in html for html in everyone_sees())

    held = add_comment(guide, lea, "Avis retenu", is_public=False)
    theirs, ours = everyone_sees()
    assert "Avis retenu" in theirs and "Avis retenu" not in ours
    moderators.post(f"/admin/comments/{held.pk}/approve/")
    assert all("Avis retenu" in html for html in everyone_sees())
    assert HELD not in everyone_sees()[0]


# --- Each comment's piece is cached on its own ------------------------------


@pytest.fixture
def comment_renders():
    """How many times the template of one comment was rendered."""
    from django.test.signals import template_rendered

    rendered = []

    def count(sender, template, context, **kwargs):
        if template.name == "community/comments/comment.html":
            rendered.append(context.get("node", {}).get("pk"))

    template_rendered.connect(count)
    yield rendered
    template_rendered.disconnect(count)


def test_after_a_comment_only_that_comment_is_rendered_again(
    settings, monkeypatch, guide, discussion, comment_renders
):
    """A new comment renders the thread again from the other comments'
    cached HTML: only the new one is rendered, and every member (its author,
    another member, a moderator, a member with held comments) sees what they
    would see without caching. A publish renders no comment at all."""
    viewers = discussion["viewers"]
    caching(settings, on=True)
    for user in viewers.values():
        logged_in(user).get(guide.url)
    new = add_comment(guide, viewers["lea"], "Un tout nouvel avis", parent=discussion["old"])

    comment_renders.clear()
    backend = type(caches["default"])
    reads = []
    get_many = backend.get_many

    def counted(self, keys, *args, **kwargs):
        reads.append([key for key in keys if "comment-piece" in key])
        return get_many(self, keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", counted)
    first = thread(logged_in(viewers["member"]).get(guide.url))
    # Every comment's piece in one read.
    assert [len(keys) for keys in reads if keys] == [first.count('<li class="comment')]
    cached = {name: thread(logged_in(user).get(guide.url)) for name, user in viewers.items()}
    # Once, for the shared thread and Hal's own (his held comments) alike.
    assert comment_renders == [str(new.pk)]

    from core import fragments

    fragments.bump()  # a publish
    comment_renders.clear()
    after_publish = {name: thread(logged_in(u).get(guide.url)) for name, u in viewers.items()}
    assert comment_renders == []

    caching(settings, on=False)
    uncached = {name: thread(logged_in(user).get(guide.url)) for name, user in viewers.items()}
    for name in viewers:
        assert cached[name] == uncached[name], name
        assert after_publish[name] == uncached[name], name
    assert "Un tout nouvel avis" in uncached["member"]
    # The reply sits under the comment it answers, as before.
    old = uncached["member"].index(f'id="c{discussion["old"].pk}"')
    assert uncached["member"].index(f'id="c{new.pk}"') > old
    assert "comment-list--replies" in uncached["member"][old : old + 5000]
    assert EDIT in comment_html(uncached["lea"], new)
    assert EDIT not in comment_html(uncached["member"], new)


def test_a_change_to_a_comment_or_its_author_shows_at_once(
    settings, guide, member, make_member, publish_at_once, django_capture_on_commit_callbacks
):
    """With each comment's HTML cached: a renamed author, a new avatar, an
    avatar hidden, an edited comment and a reaction show at once, as they
    do without caching."""
    caching(settings, on=True)
    lea = make_member("lea@univ-test.example", first_name="Léa")
    MemberProfile.objects.create(user=lea, visible_in_directory=True)
    theirs = add_comment(guide, lea, "L'avis de Léa")
    add_comment(guide, member, "Un autre avis")
    hers, mine = logged_in(lea), logged_in(member)

    def both_see():
        seen = [comment_html(thread(client.get(guide.url)), theirs) for client in (hers, mine)]
        caching(settings, on=False)
        assert seen == [comment_html(thread(c.get(guide.url)), theirs) for c in (hers, mine)]
        caching(settings, on=True)
        for client in (hers, mine):
            client.get(guide.url)  # cached again before the next change
        return seen

    assert all('aria-hidden="true">LD</span>' in html for html in both_see())
    with django_capture_on_commit_callbacks(execute=True):
        lea.first_name = "Zoé"
        lea.save()
    assert all('aria-hidden="true">ZD</span>' in html for html in both_see())

    profile = MemberProfile.objects.get(user=lea)
    with django_capture_on_commit_callbacks(execute=True):
        profile.avatar = "avatars/lea.png"
        profile.save()
    assert all("avatars/lea.png" in html for html in both_see())
    with django_capture_on_commit_callbacks(execute=True):
        profile.visible_in_directory = False
        profile.save()
    theirs_html, ours_html = both_see()
    assert "avatars/lea.png" in theirs_html  # hidden from the others only
    assert "avatars/lea.png" not in ours_html and 'aria-hidden="true">ZD</span>' in ours_html

    hers.post(f"/fr/comments/{theirs.pk}/edit/", {"comment": "Avis corrigé"})
    assert all("Avis corrigé" in html and "L&#x27;avis de Léa" not in html for html in both_see())

    mine.post(f"/fr/comments/like/{theirs.pk}/", {"next": guide.url})
    assert all('<span class="comment__count">1</span>' in html for html in both_see())


def test_an_unlisted_author_renamed_shows_at_once(
    settings, guide, member, make_member, django_capture_on_commit_callbacks
):
    """A member hidden from the directory is not in the search index, so
    renaming them moves no content version: the thread follows the members
    version, and their new initials show on the next visit."""
    caching(settings, on=True)
    noe = make_member("noe@univ-test.example", first_name="Noé")
    MemberProfile.objects.create(user=noe, visible_in_directory=False)
    theirs = add_comment(guide, noe, "L'avis de Noé")
    mine = logged_in(member)
    assert 'aria-hidden="true">ND</span>' in comment_html(thread(mine.get(guide.url)), theirs)
    with django_capture_on_commit_callbacks(execute=True):
        noe.first_name = "Yann"
        noe.save()
    assert 'aria-hidden="true">YD</span>' in comment_html(thread(mine.get(guide.url)), theirs)


# --- What a thread weighs and costs per request ------------------------------


def grow_discussion(guide, member, lea, threads, start=0):
    for number in range(start, start + threads):
        top = add_comment(guide, member, f"Fil {number}")
        reply = add_comment(guide, lea, f"Réponse {number}", parent=top)
        add_comment(guide, member, f"Précision {number}", parent=reply)


@pytest.mark.parametrize("cached", [False, True], ids=["caching off", "caching on"])
def test_each_comment_adds_one_form_one_token_and_little_html(
    settings, guide, member, make_member, cached
):
    """A phone downloads the whole thread: each comment brings at most one
    form that posts (its reactions, one CSRF token) and a "Reply" link, not a reply form of
    its own; the page's one comment form serves every reply. No id shows
    twice. The same at 30 and 90 comments."""
    caching(settings, on=cached)
    lea = make_member("lea@univ-test.example", first_name="Léa")
    client = logged_in(member)

    def page():
        html = client.get(guide.url).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert sorted(ids) == sorted(set(ids)), "an id shows twice"
        return html

    grow_discussion(guide, member, lea, 10)
    small = page()
    grow_discussion(guide, member, lea, 20, start=10)
    large = page()
    added = large.count('<li class="comment') - small.count('<li class="comment')
    assert added == 60
    # Léa's comments (a third): reactions and "suggest removal", one CSRF
    # token; the member's own: "delete" (no reactions to their own words).
    theirs, own = added // 3, added - added // 3
    assert large.count("<form") - small.count("<form") == theirs * 2 + own
    assert large.count("csrfmiddlewaretoken") - small.count("csrfmiddlewaretoken") == theirs
    assert large.count('class="comment-form"') == 1
    assert large.count('name="security_hash"') == 1
    # A "Reply" link on the comments that take replies (two of each three).
    assert large.count('data-reply-to="') - small.count('data-reply-to="') == added * 2 // 3
    assert (len(large.encode()) - len(small.encode())) / added < 1500


def test_a_warm_visit_scans_none_of_the_threads_html(
    settings, monkeypatch, guide, member, make_member
):
    """The shared thread is cached cut into pieces: a visit joins them,
    choosing the member's parts, without a regular expression over the
    HTML."""
    caching(settings, on=True)
    lea = make_member("lea@univ-test.example", first_name="Léa")
    grow_discussion(guide, member, lea, 10)
    client = logged_in(member)
    client.get(guide.url)
    scanned = []

    class Counted:
        def __init__(self, pattern):
            self.pattern = pattern

        def __getattr__(self, name):
            method = getattr(self.pattern, name)

            def counted(*args, **kwargs):
                scanned.extend(len(arg) for arg in args if isinstance(arg, str))
                return method(*args, **kwargs)

            return counted

    class CountedRe:
        def __getattr__(self, name):
            return getattr(re, name)

        def compile(self, *args, **kwargs):
            return Counted(re.compile(*args, **kwargs))

    monkeypatch.setattr(comment_tags, "re", CountedRe())
    html = thread(client.get(guide.url))
    assert "Précision 9" in html and "csrfmiddlewaretoken" in html
    assert sum(scanned) == 0
    # After a new comment, neither the member who renders the thread again
    # nor the next one.
    add_comment(guide, lea, "Encore un avis")
    assert "Encore un avis" in thread(client.get(guide.url))
    assert "Encore un avis" in thread(logged_in(lea).get(guide.url))
    assert sum(scanned) == 0


def test_a_bystander_gets_the_same_thread_from_the_joined_view(
    settings, monkeypatch, guide, discussion
):
    """A member who wrote nothing and reacted to nothing gets the thread
    from the view joined once per process: exactly what choosing their
    parts piece by piece gives, for a thread with every kind of part."""
    zoe = logged_in(discussion["viewers"]["zoe"])
    for on in (False, True):
        caching(settings, on=on)
        joined = thread(zoe.get(guide.url))
        # The form given: the parts chosen piece by piece.
        monkeypatch.setattr(
            comment_tags,
            "_fill",
            lambda rendered, context, user, state, form=None, fill=comment_tags._fill: fill(
                rendered, context, user, state, form if form is not None else rendered["form"]
            ),
        )
        assert thread(zoe.get(guide.url)) == joined
        monkeypatch.undo()
