"""Members' comments: posting, threading, escaping, flood protection,
follow-up e-mails, edit/delete window, counts and query bounds."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import datetime
import re
import zoneinfo
from html import unescape
from unittest import mock

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import formats, timezone, translation
from django_comments_xtd.models import XtdComment

from community.comments import DEPTH_REFUSED, RATE_LIMITED
from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

from .comment_helpers import (  # noqa: F401 - fixtures
    POST_URL,
    add_comment,
    caching,
    form_data,
    guide,
    post_comment,
    publish_at_once,
    set_site_settings,
)

pytestmark = pytest.mark.django_db


def test_member_posts_with_the_name_and_email_of_their_account(
    member_client, member, guide, publish_at_once
):
    response = member_client.get(guide.url)
    html = response.content.decode()
    assert 'name="comment"' in html
    assert 'name="email"' not in html and 'name="name"' not in html and 'name="url"' not in html

    data = form_data(guide, "Très utile, merci !")
    data.update({"name": "Quelqu'un d'autre", "email": "pirate@example.org"})
    response = member_client.post(POST_URL, data)

    comment = XtdComment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{guide.url}#c{comment.pk}"
    assert (comment.user, comment.user_name, comment.user_email) == (
        member,
        "Camille Durand",
        member.email,
    )
    assert comment.is_public
    assert "Très utile, merci !" in member_client.get(guide.url).content.decode()


def test_a_new_members_first_comment_waits_for_a_moderator(member_client, make_member, guide):
    post_comment(member_client, guide, "Mon premier commentaire")
    first = XtdComment.objects.get()
    assert not first.is_public
    # The author sees it, marked as waiting; others do not.
    assert "En attente de modération" in member_client.get(guide.url).content.decode()
    other = Client()
    other.force_login(make_member("lea@univ-test.example", first_name="Léa"))
    assert "Mon premier commentaire" not in other.get(guide.url).content.decode()

    post_comment(member_client, guide, "Le deuxième")
    assert XtdComment.objects.get(comment="Le deuxième").is_public


def test_replies_nest_to_depth_three_and_a_fourth_level_is_refused(
    member_client, guide, publish_at_once
):
    post_comment(member_client, guide, "Niveau 0")
    top = XtdComment.objects.get(comment="Niveau 0")
    post_comment(member_client, guide, "Niveau 1", reply_to=top.pk)
    reply = XtdComment.objects.get(comment="Niveau 1")
    post_comment(member_client, guide, "Niveau 2", reply_to=reply.pk)
    deepest = XtdComment.objects.get(comment="Niveau 2")
    assert [top.level, reply.level, deepest.level] == [0, 1, 2]
    assert deepest.thread_id == top.pk

    response = post_comment(member_client, guide, "Niveau 3", reply_to=deepest.pk)

    assert response.status_code == 400
    assert str(DEPTH_REFUSED) in response.content.decode()
    assert not XtdComment.objects.filter(comment="Niveau 3").exists()
    # The deepest comment offers no "Reply" link.
    html = member_client.get(guide.url).content.decode()
    assert f'data-reply-to="{reply.pk}"' in html
    assert f'data-reply-to="{deepest.pk}"' not in html


def test_a_reply_to_a_comment_of_another_page_is_refused(
    member_client, member, guide, sections, publish_at_once
):
    other_guide = make_guide(sections[(GuideIndexPage, "fr")], 2)
    elsewhere = add_comment(other_guide, member)
    response = post_comment(member_client, guide, "Hors sujet", reply_to=elsewhere.pk)
    assert response.status_code == 400
    assert XtdComment.objects.count() == 1


def test_hostile_text_is_escaped_and_only_web_addresses_become_links(
    member_client, guide, publish_at_once
):
    payload = (
        "<script>alert('x')</script> <img src=x onerror=alert(1)> "
        '<a href="javascript:alert(2)">clic</a> javascript:alert(3) '
        "https://www.cnil.fr/fr/reseaux-sociaux"
    )
    post_comment(member_client, guide, payload)
    html = member_client.get(guide.url).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html
    assert (
        '<a href="https://www.cnil.fr/fr/reseaux-sociaux" rel="nofollow noopener">'
        "https://www.cnil.fr/fr/reseaux-sociaux</a>" in html
    )


def test_posting_too_fast_is_refused_with_a_clear_message(
    member_client, guide, publish_at_once, mid_minute
):
    set_site_settings(hold_first_comments=0, comments_per_minute=2)
    assert post_comment(member_client, guide, "Un").status_code == 302
    assert post_comment(member_client, guide, "Deux").status_code == 302

    response = post_comment(member_client, guide, "Trois")

    assert response.status_code == 429
    assert str(RATE_LIMITED) in response.content.decode()
    assert "Trois" in response.content.decode()  # the text is not lost
    assert XtdComment.objects.count() == 2


def test_closed_pages_refuse_comments(member_client, guide, publish_at_once):
    guide.comments_open = False
    guide.save_revision().publish()
    assert (
        "Les commentaires sont fermés sur cette page."
        in member_client.get(guide.url).content.decode()
    )
    assert post_comment(member_client, guide, "Encore ?").status_code == 403
    assert not XtdComment.objects.exists()


def test_followers_get_an_email_with_a_working_mute_link(
    client, member, make_member, guide, publish_at_once
):
    client.force_login(member)
    post_comment(client, guide, "Qui a testé les lives ?", followup=True)
    answerer = make_member("lea@univ-test.example", first_name="Léa")
    other = Client()
    other.force_login(answerer)
    mail.outbox.clear()

    post_comment(other, guide, "Nous, à Lyon 2 !", followup=False)

    assert [message.to for message in mail.outbox] == [[member.email]]
    body = mail.outbox[0].body
    assert "Nous, à Lyon 2 !" in body and "Guide des lives Instagram" in body
    mute_path = re.search(r"https?://[^/\s]+(/\S+/comments/mute/\S+/)", body).group(1)

    response = client.get(mute_path)

    assert response.status_code == 200
    assert not XtdComment.objects.get(user=member).followup
    mail.outbox.clear()
    post_comment(other, guide, "Et à Montréal aussi.", followup=False)
    assert mail.outbox == []


def test_member_edits_and_deletes_their_comment_within_the_window(
    member_client, member, make_member, guide, publish_at_once
):
    comment = add_comment(guide, member, "Texte avec une faute")
    reply = add_comment(guide, make_member("lea@univ-test.example"), "Une réponse", parent=comment)
    edit_url = f"/fr/comments/{comment.pk}/edit/"

    assert member_client.get(edit_url).status_code == 200
    response = member_client.post(edit_url, {"comment": "Texte corrigé"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.comment == "Texte corrigé"

    response = member_client.post(f"/fr/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    html = member_client.get(guide.url).content.decode()
    assert "Commentaire supprimé." in html and "Texte corrigé" not in html
    assert "Une réponse" in html  # the reply keeps its place
    reply.refresh_from_db()
    assert reply.is_public


def test_the_edit_window_closes_and_others_comments_are_off_limits(
    member_client, member, make_member, guide
):
    late = add_comment(guide, member, "Trop tard")
    XtdComment.objects.filter(pk=late.pk).update(
        submit_date=late.submit_date - datetime.timedelta(minutes=16)
    )
    someone_elses = add_comment(guide, make_member("lea@univ-test.example"), "À Léa")

    for comment in (late, someone_elses):
        assert (
            member_client.post(f"/fr/comments/{comment.pk}/edit/", {"comment": "x"}).status_code
            == 403
        )
        assert member_client.post(f"/fr/comments/{comment.pk}/delete/").status_code == 403
    assert not XtdComment.objects.filter(is_removed=True).exists()
    assert XtdComment.objects.get(pk=late.pk).comment == "Trop tard"


def test_too_late_to_edit_ones_comment_says_so_and_keeps_the_typed_text(
    member_client, member, make_member, guide
):
    """The form opened at minute 14 and saved at minute 16: not "access
    denied, ask an editor", but the edit window, the text typed, the way
    back to the comment. Someone else's comment still gets the plain 403."""
    late = add_comment(guide, member, "Trop tard")
    XtdComment.objects.filter(pk=late.pk).update(
        submit_date=late.submit_date - datetime.timedelta(minutes=16)
    )
    response = member_client.post(
        f"/fr/comments/{late.pk}/edit/", {"comment": "Ma correction <soignée>"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Trop tard pour modifier ce commentaire" in html
    assert "modifié ou supprimé pendant 15 minutes après sa publication" in html
    assert "Ma correction &lt;soignée&gt;" in html
    assert f'href="{guide.url}#c{late.pk}"' in html
    assert "demandez à un éditeur" not in html
    opened = member_client.get(f"/fr/comments/{late.pk}/delete/").content.decode()
    assert "Trop tard pour modifier ce commentaire" in opened
    assert XtdComment.objects.get(pk=late.pk).comment == "Trop tard"

    someone_elses = add_comment(guide, make_member("lea@univ-test.example"), "À Léa")
    refused = member_client.post(f"/fr/comments/{someone_elses.pk}/edit/", {"comment": "x"})
    assert refused.status_code == 403
    assert "Trop tard" not in refused.content.decode()


def test_a_deleted_comment_without_replies_disappears(member_client, member, guide):
    comment = add_comment(guide, member, "À supprimer")
    member_client.post(f"/fr/comments/{comment.pk}/delete/")
    html = member_client.get(guide.url).content.decode()
    assert "À supprimer" not in html and "Commentaire supprimé." not in html


def test_like_and_suggest_removal_use_xtd_flags(member_client, make_member, guide):
    author = make_member("lea@univ-test.example")
    comment = add_comment(guide, author, "Avis tranché")
    like = member_client.post(f"/fr/comments/like/{comment.pk}/", {"next": guide.url})
    flag = member_client.post(f"/fr/comments/flag/{comment.pk}/", {"next": guide.url})
    assert like.status_code == flag.status_code == 302
    assert set(comment.flags.values_list("flag", flat=True)) == {"I liked it", "removal suggestion"}
    html = member_client.get(guide.url).content.decode()
    assert "Retrait suggéré" in html
    assert 'aria-pressed="true"' in html


@pytest.mark.parametrize("cached", [False, True], ids=["caching off", "caching on"])
def test_a_member_does_not_rate_their_own_comment(
    settings, cached, member_client, member, make_member, guide
):
    """Their comment shows its counts without the buttons; another member
    gets the buttons; a post from its author records nothing and says so."""
    caching(settings, on=cached)
    own = add_comment(guide, member, "Mon avis")
    other = Client()
    other.force_login(make_member("lea@univ-test.example"))
    other.post(f"/fr/comments/like/{own.pk}/", {"next": guide.url})

    def reactions(client):
        html = client.get(guide.url).content.decode()
        start = html.index(f'id="c{own.pk}"')
        return html[start : html.index("</li>", start)]

    for _ in range(2):  # rendered, then from the cache
        mine = reactions(member_client)
        assert f'action="/fr/comments/like/{own.pk}/"' not in mine
        assert "aria-pressed" not in mine
        assert re.search(r'Utile <span class="comment__count">1</span>', mine)
        theirs = reactions(other)
        assert f'action="/fr/comments/like/{own.pk}/"' in theirs
        assert 'aria-pressed="true"' in theirs  # Léa's own like
    response = member_client.post(f"/fr/comments/dislike/{own.pk}/", {"next": guide.url})
    assert response.status_code == 302
    assert response["Location"] == f"{guide.url}#c{own.pk}"
    assert not own.flags.filter(user=member).exists()
    page = member_client.get(response["Location"]).content.decode()
    assert "aux autres de le juger" in unescape(page)


def test_opening_a_like_or_flag_address_leads_back_to_the_comment(
    member_client, make_member, guide
):
    """The buttons post; a member who opens their address (a bookmark, a
    crawler, a copied link) is sent to the comment, not to a 500, and
    nothing is recorded."""
    comment = add_comment(guide, make_member("lea@univ-test.example"), "Avis tranché")
    for action in ("like", "dislike", "flag"):
        response = member_client.get(f"/fr/comments/{action}/{comment.pk}/")
        assert response.status_code == 302, action
        assert response["Location"] == f"{guide.url}#c{comment.pk}"
    assert not comment.flags.exists()


def test_comment_urls_need_login_and_csrf(member, guide):
    anonymous = Client()
    for url in (POST_URL, "/fr/comments/flag/1/", "/fr/comments/like/1/", "/fr/comments/mute/x/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    # xtd's REST API (open to visitors by design) is not mounted.
    api_list = f"/fr/comments/api/resources-guidepage/{guide.pk}/"
    assert anonymous.get(api_list).status_code == 302
    add_comment(guide, member, "Privé")
    member_client = Client()
    member_client.force_login(member)
    assert member_client.get(api_list).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(POST_URL, form_data(guide, "Sans jeton")).status_code == 403
    assert XtdComment.objects.count() == 1


def test_a_300_comment_thread_costs_what_a_30_comment_one_does(
    member_client, member, make_member, guide, settings, page_queries
):
    settings.COMMENT_THREADS_PER_PAGE = 100
    other = make_member("lea@univ-test.example", first_name="Léa")
    numbers = iter(range(1000))

    def add(count):
        for _ in range(count):
            number = next(numbers)
            top = add_comment(guide, member, f"Fil {number}")
            reply = add_comment(guide, other, f"Réponse {number}", parent=top)
            add_comment(guide, member, f"Précision {number}", parent=reply)

    add(10)
    small, large = page_queries.assert_constant(
        member_client, guide.url, lambda: add(90), cold=25, warm=4
    )
    html = large.response.content.decode()
    assert XtdComment.objects.count() == 300
    assert html.count('class="comment comment--level-') == 300
    assert "300 commentaires" in html


def test_long_discussions_are_paginated_by_top_level_thread(member_client, member, guide):
    for number in range(55):
        add_comment(guide, member, f"Fil numéro {number:02d}.")
    first = member_client.get(guide.url).content.decode()
    second = member_client.get(f"{guide.url}?comments_page=2").content.decode()
    assert "Fil numéro 49." in first and "Fil numéro 50." not in first
    assert "Fil numéro 50." in second and "Fil numéro 54." in second
    assert "55 commentaires" in first


def test_cards_show_comment_counts_without_a_query_per_card(
    member_client, member, sections, page_queries
):
    parent = sections[(GuideIndexPage, "fr")]
    guides = [make_guide(parent, number) for number in range(3)]
    add_comment(guides[0], member)
    add_comment(guides[0], member, "Deuxième")
    add_comment(guides[1], member, "Retiré", is_removed=True)
    add_comment(guides[2], member, "Un avis")

    def add_commented_guides():
        for number in range(3, 9):
            add_comment(make_guide(parent, number), member)

    small, large = page_queries.assert_constant(
        member_client, parent.url, add_commented_guides, cold=24, warm=2
    )
    html = small.response.content.decode()
    assert "2 commentaires" in html
    assert html.count('class="card__comments"') == 2  # removed comments do not count
    assert large.response.content.decode().count('class="card__comments"') == 8


def test_home_page_lists_recent_discussions(member_client, member, guide, home_pages):
    add_comment(guide, member, "Le plus ancien")
    latest = add_comment(guide, member, "Le plus récent des échanges")
    held = add_comment(guide, member, "Pas encore publié", is_public=False)

    html = member_client.get(home_pages[0].url).content.decode()

    assert f'href="{guide.url}#c{latest.pk}"' in html
    assert "Guide des lives Instagram" in html
    assert html.index("Le plus récent des échanges") < html.index("Le plus ancien")
    assert held.comment not in html
    assert "No discussion yet" not in html


@pytest.mark.parametrize("on", [True, False], ids=["cached", "uncached"])
def test_recent_discussions_say_how_long_ago_at_every_visit(
    member_client, member, guide, home_pages, settings, on
):
    """The dashboard's recent discussions are rendered once for everyone of
    the same groups and language; how long ago each comment was is worked
    out on each visit, so a cached list never says
    "less than a minute ago" of a comment three hours old. A comment that
    looks like the list's own mark stays text."""
    caching(settings, on=on)
    add_comment(guide, member, "Premier retour <!--cmhub-ago:1-->")
    french = home_pages[0]
    html = member_client.get(french.url).content.decode()
    assert "il y a moins d’une minute" in unescape(html) or "il y a moins d'une minute" in unescape(
        html
    )
    assert "&lt;!--cmhub-ago:1--&gt;" in html
    later = timezone.now() + datetime.timedelta(hours=3, minutes=1)
    with mock.patch.object(timezone, "now", return_value=later):
        html = unescape(member_client.get(french.url).content.decode())
        assert "il y a 3\xa0heures" in html or "il y a 3 heures" in html
        assert "moins d" not in html


@override_settings(WAGTAILADMIN_BASE_URL="https://intranet.example.org")
def test_follow_up_emails_link_to_the_address_members_use(
    client, member, make_member, guide, publish_at_once
):
    """The Wagtail Site record says localhost on a fresh installation: the
    links in e-mails use the public address instead."""
    client.force_login(member)
    post_comment(client, guide, "Qui a testé les lives ?", followup=True)
    other = Client()
    other.force_login(make_member("lea@univ-test.example", first_name="Léa"))
    mail.outbox.clear()

    post_comment(other, guide, "Nous, à Lyon 2 !", followup=False)

    body = mail.outbox[0].body
    assert f"https://intranet.example.org{guide.url}#c" in body
    assert "https://intranet.example.org/fr/comments/mute/" in body
    assert "localhost" not in body


def _edit_notice(client, comment):
    html = client.get(f"/fr/comments/{comment.pk}/edit/").content.decode()
    notice = re.search(r'<p class="muted">(.*?)</p>', html, re.S).group(1)
    return " ".join(unescape(notice).split())


def test_the_edit_page_gives_the_deadline_in_the_members_time_zone(member_client, member, guide):
    member.time_zone = "America/Toronto"
    member.save(update_fields=["time_zone"])
    comment = add_comment(guide, member, "Depuis Montréal")
    zone = zoneinfo.ZoneInfo("America/Toronto")
    deadline = (comment.submit_date + datetime.timedelta(minutes=15)).astimezone(zone)
    if deadline.date() != datetime.datetime.now(zone).date():
        pytest.skip("run at midnight in Montréal: the other test covers another day")

    assert _edit_notice(member_client, comment) == (
        f"Vous pouvez le modifier jusqu’à {deadline:%H:%M} · Montréal (heure de l'Est)"
    )


@override_settings(COMMENT_EDIT_WINDOW_MINUTES=3 * 24 * 60)
def test_the_edit_page_names_the_day_when_the_deadline_is_not_today(member_client, member, guide):
    comment = add_comment(guide, member, "Trois jours pour corriger")
    deadline = timezone.localtime(comment.submit_date + datetime.timedelta(days=3))
    day = "1er" if deadline.day == 1 else str(deadline.day)
    with translation.override("fr"):
        month = formats.date_format(deadline, "F")

    assert _edit_notice(member_client, comment) == (
        f"Vous pouvez le modifier jusqu’au {day} {month} à {deadline:%H:%M}"
        " · Paris (heure d'Europe centrale)"
    )
