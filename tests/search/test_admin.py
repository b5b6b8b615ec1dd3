"""Search in the Wagtail admin: the editors' synonym list, the search
report, and promoted results as members see them."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from search import reports
from search.models import SearchQueryStat, Synonym

pytestmark = pytest.mark.django_db

SYNONYMS_URL = "/admin/snippets/cmsearch/synonym/"
REPORT_URL = "/admin/search-report/"


def login(user):
    client = Client()
    client.force_login(user)
    return client


def search(client, q, language="fr"):
    return client.get(f"/{language}/search/", {"q": q})


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def stat(query, days=0, locale="fr", searches=1, zero_results=0):
    return SearchQueryStat.objects.create(
        day=days_ago(days),
        query=query,
        locale=locale,
        searches=searches,
        zero_results=zero_results,
    )


# --- Synonyms ----------------------------------------------------------------


def test_the_starter_synonyms_are_there_after_migrating():
    lists = [synonym.term_list() for synonym in Synonym.objects.all()]
    assert len(lists) >= 15
    assert [
        "community manager",
        "gestionnaire de communauté",
        "animateur de communauté",
        "animatrice de communauté",
        "CM",
    ] in lists
    assert ["newsletter", "infolettre", "lettre d'information"] in lists
    assert any("webinaire" in terms and "webinar" in terms for terms in lists)
    assert all(len(terms) >= 2 for terms in lists)
    assert Synonym.objects.get(terms__startswith="cégep").language == "fr"


def test_editors_may_manage_synonyms_and_read_the_report_others_not(member, editor, moderator):
    for codename in ("add_synonym", "change_synonym", "delete_synonym", "view_searchquerystat"):
        assert editor.has_perm(f"cmsearch.{codename}")
        assert not member.has_perm(f"cmsearch.{codename}")
        assert not moderator.has_perm(f"cmsearch.{codename}")
    assert editor.has_perm("wagtailsearchpromotions.add_searchpromotion")


def test_the_synonyms_are_in_the_admin_menu_for_editors_only(editor, moderator):
    assert SYNONYMS_URL in login(editor).get("/admin/").content.decode()
    assert SYNONYMS_URL not in login(moderator).get("/admin/").content.decode()


def test_an_editors_new_synonym_applies_to_the_next_search(editor, member, guides):
    guides(title="Lancer un podcast étudiant", summary="Micro et montage.")
    member_client = login(member)
    # Synonyms and results are cached by the first search.
    assert search(member_client, "balado").context["total"] == 0

    editor_client = login(editor)
    add_url = reverse("wagtailsnippets_cmsearch_synonym:add")
    assert editor_client.get(add_url).status_code == 200
    response = editor_client.post(add_url, {"terms": "balado, baladodiffusion, podcast"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(terms="balado, baladodiffusion, podcast")
    assert synonym.language == ""

    response = search(member_client, "balado")
    assert [hit.document.title for hit in response.context["hits"]] == [
        "Lancer un podcast étudiant"
    ]

    # Deleting it takes effect at once as well.
    delete_url = reverse("wagtailsnippets_cmsearch_synonym:delete", args=[synonym.pk])
    assert editor_client.post(delete_url).status_code == 302
    assert not Synonym.objects.filter(pk=synonym.pk).exists()
    assert search(member_client, "balado").context["total"] == 0


def test_an_edited_synonym_applies_at_once(editor, member, guides):
    guides(title="Animer un balado", summary="Le son.")
    synonym = Synonym.objects.create(terms="balado, baladodiffusion")
    member_client = login(member)
    assert search(member_client, "podcast").context["total"] == 0
    edit_url = reverse("wagtailsnippets_cmsearch_synonym:edit", args=[synonym.pk])
    response = login(editor).post(edit_url, {"terms": "balado, podcast", "language": "fr"})
    assert response.status_code == 302
    assert search(member_client, "podcast").context["total"] == 1
    # A French synonym does not apply to English searches.
    assert search(member_client, "podcast", language="en").context["total"] == 0


def test_a_synonym_needs_two_terms(editor):
    count = Synonym.objects.count()
    response = login(editor).post(
        reverse("wagtailsnippets_cmsearch_synonym:add"), {"terms": "podcast", "language": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["terms"] == [
        "Indiquez au moins deux termes, séparés par des virgules."
    ]
    assert "Indiquez au moins deux termes" in response.content.decode()
    assert Synonym.objects.count() == count


def test_the_synonym_list_is_searchable_and_filtered_by_language(editor):
    client = login(editor)
    response = client.get(SYNONYMS_URL, {"q": "webinar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "webinaire" in html
    assert "tableau de bord" not in html

    french = client.get(SYNONYMS_URL, {"language": "fr"}).content.decode()
    assert "cégep" in french
    assert "tableau de bord" not in french


@pytest.mark.parametrize("url", [SYNONYMS_URL, SYNONYMS_URL + "add/", REPORT_URL])
def test_members_and_moderators_cannot_reach_the_synonyms_or_the_report(url, member, moderator):
    response = login(member).get(url)
    # Members get the admin's "no access" page (community.middleware).
    assert response.status_code == 403
    assert login(moderator).get(url).status_code in (302, 403)
    assert login(moderator).post(url, {"terms": "a, b"}).status_code != 200
    assert not Synonym.objects.filter(terms="a, b").exists()


def test_the_report_is_not_in_the_menu_of_moderators(editor, moderator):
    # The Reports submenu is rendered with the rest of the menu.
    assert REPORT_URL in login(editor).get("/admin/").content.decode()
    assert REPORT_URL not in login(moderator).get("/admin/").content.decode()


# --- The report's numbers ----------------------------------------------------------


@pytest.fixture
def stats():
    stat("rentree", days=0, searches=5, zero_results=0)
    stat("rentree", days=3, searches=4, zero_results=1)
    stat("rentree", days=0, locale="en", searches=2)
    stat("balado", days=1, searches=3, zero_results=3)
    stat("balado", days=10, searches=2, zero_results=2)
    stat("tiktok", days=20, searches=6, zero_results=0)
    stat("mooc", days=50, searches=9, zero_results=9)
    stat("old", days=120, searches=50, zero_results=50)


def test_top_queries_sum_the_days_of_the_period(stats):
    assert reports.top_queries(7) == [
        {"query": "rentree", "searches": 11, "zero_results": 1},
        {"query": "balado", "searches": 3, "zero_results": 3},
    ]
    assert reports.top_queries(7, "fr")[0] == {
        "query": "rentree",
        "searches": 9,
        "zero_results": 1,
    }
    assert reports.top_queries(7, "en") == [{"query": "rentree", "searches": 2, "zero_results": 0}]
    assert [row["query"] for row in reports.top_queries(30)] == ["rentree", "tiktok", "balado"]
    assert [row["query"] for row in reports.top_queries(90)] == [
        "rentree",
        "mooc",
        "tiktok",
        "balado",
    ]
    assert len(reports.top_queries(90, limit=2)) == 2


def test_zero_result_queries_count_and_last_day(stats):
    assert reports.zero_result_queries(30) == [
        {"query": "balado", "count": 5, "last_seen": days_ago(1)},
        {"query": "rentree", "count": 1, "last_seen": days_ago(3)},
    ]
    assert reports.zero_result_queries(30, "en") == []
    assert reports.zero_result_queries(90)[0] == {
        "query": "mooc",
        "count": 9,
        "last_seen": days_ago(50),
    }


def test_totals_and_share_with_no_result(stats):
    assert reports.totals(7) == {"searches": 14, "zero_results": 4, "zero_share": 4 / 14}
    assert reports.totals(7, "en") == {"searches": 2, "zero_results": 0, "zero_share": 0.0}
    assert reports.totals(90)["searches"] == 31
    SearchQueryStat.objects.all().delete()
    assert reports.totals(30) == {"searches": 0, "zero_results": 0, "zero_share": 0.0}


def test_daily_counts_have_every_day_of_the_period(stats):
    daily = reports.daily_counts(7)
    assert [day for day, _, _ in daily] == [days_ago(n) for n in range(6, -1, -1)]
    assert daily[-1] == (days_ago(0), 7, 0)
    assert daily[-2] == (days_ago(1), 3, 3)
    assert daily[-4] == (days_ago(3), 4, 1)
    assert daily[0] == (days_ago(6), 0, 0)
    assert len(reports.daily_counts(90)) == 90
    assert sum(searches for _, searches, _ in reports.daily_counts(90, "fr")) == 29


def test_the_aggregates_are_one_query_each(stats, django_assert_num_queries):
    with django_assert_num_queries(4):
        reports.report(90)


def test_the_chart_scales_bars_to_the_busiest_day():
    today = datetime.date(2026, 3, 10)
    daily = [(today - datetime.timedelta(days=2), 0, 0), (today, 8, 2)]
    daily.insert(1, (today - datetime.timedelta(days=1), 4, 4))
    chart = reports.chart(daily, width=300, height=200)
    assert chart.maximum == 10
    assert [bar.searches for bar in chart.bars] == [0, 4, 8]
    plot = chart.bottom - chart.top
    first, middle, last = chart.bars
    assert first.height == 0
    assert middle.height == middle.zero_height == pytest.approx(plot * 0.4)
    assert last.height == pytest.approx(plot * 0.8)
    assert last.zero_y == pytest.approx(chart.bottom - plot * 0.2)
    assert first.x < middle.x < last.x
    assert last.x + last.width <= chart.right
    assert reports.chart([(today, 0, 0)]).maximum == 1


@pytest.mark.parametrize(
    ("value", "days"),
    [("7", 7), ("30", 30), ("90", 90), (" 90 ", 90), ("", 30), (None, 30), ("abc", 30)]
    + [("-7", 30), ("0", 30), ("8", 30), ("7.5", 30), ("9" * 50, 30), ("\x00", 30)],
)
def test_bad_periods_fall_back_to_30_days(value, days):
    assert reports.parse_period(value) == days


# --- The report page ---------------------------------------------------------------


def test_the_report_shows_what_members_searched(editor, member, guides, stats):
    guides(title="Préparer la rentrée", summary="Le calendrier.")
    member_client = login(member)
    for _ in range(2):
        assert search(member_client, "xylophone").context["total"] == 0
    assert search(member_client, "Rentrée").context["total"] == 1

    response = login(editor).get(REPORT_URL)
    assert response.status_code == 200
    assert response.context["days"] == 30
    # Grouped by the normal form "rentree", shown as the member typed it
    # (issue 16: no more folded text in the report).
    assert response.context["top_queries"][:2] == [
        {"query": "rentrée", "searches": 12, "zero_results": 1},
        {"query": "tiktok", "searches": 6, "zero_results": 0},
    ]
    zero = {row["query"]: row for row in response.context["zero_result_queries"]}
    assert zero["balado"]["count"] == 5
    assert zero["xylophone"]["count"] == 2
    assert zero["xylophone"]["last_seen"] == timezone.localdate()
    assert "mooc" not in zero
    assert response.context["totals"]["searches"] == 25
    assert response.context["totals"]["zero_results"] == 8

    html = response.content.decode()
    assert "xylophone" in html
    assert 'data-total="zero-share">32&nbsp;%' in html  # 8 / 25
    promote = reverse("cmsearch_report:promote") + "?q=xylophone"
    assert f'href="{promote}"' in html

    english = login(editor).get(REPORT_URL, {"language": "en", "period": "7"})
    assert english.context["top_queries"] == [
        {"query": "rentree", "searches": 2, "zero_results": 0}
    ]
    assert english.context["zero_result_queries"] == []


@pytest.mark.parametrize("days", [7, 30, 90])
def test_the_chart_has_one_bar_per_day(editor, stats, days):
    response = login(editor).get(REPORT_URL, {"period": str(days)})
    html = response.content.decode()
    svg = re.search(r"<svg class=\"search-chart\".*?</svg>", html, re.S).group(0)
    assert svg.count('class="search-chart__searches"') == days
    assert svg.count('class="search-chart__zero"') == days
    assert 'role="img"' in svg
    assert '<title id="search-chart-title">' in svg
    assert '<desc id="search-chart-desc">' in svg
    # Coordinates are never written the French way (1,5).
    assert not re.search(r'(x|y|width|height)="[\d.]*,', svg)
    table = re.search(r"<details class=\"search-report__data\">.*?</details>", html, re.S)
    assert table.group(0).count("<tr>") == days + 1
    assert "<script" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize(
    "params",
    [
        {"period": "abc"},
        {"period": "-1"},
        {"period": "1000000000000000000000"},
        {"period": ""},
        {"period": "7", "language": "de"},
        {"period": ["7", "90"]},
    ],
)
def test_bad_parameters_show_the_default_report(editor, params):
    response = login(editor).get(REPORT_URL, params)
    assert response.status_code == 200
    if params.get("period") != "7" and not isinstance(params.get("period"), list):
        assert response.context["days"] == 30
    assert response.context["language"] == ""


def test_a_nul_character_in_the_report_address_is_a_clear_400(editor):
    response = login(editor).get(REPORT_URL, {"language": "\x00"})
    assert response.status_code == 400
    assert "Cette adresse ne peut pas être lue" in response.content.decode()


def test_the_searches_as_csv(editor, stats):
    response = login(editor).get(REPORT_URL, {"period": "7", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1:] == ["rentree,11,1", "balado,3,3"]


def test_the_csv_neutralises_formulas(editor):
    for query in ("=cmd()", "+1", "-2", "@SUM(A1)", "référencement"):
        stat(query, searches=1)
    response = login(editor).get(REPORT_URL, {"export": "csv"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == [
        "'+1",
        "'-2",
        "'=cmd()",
        "'@SUM(A1)",
        "référencement",
    ]


def test_promote_a_page_for_a_search_that_found_nothing(editor, moderator):
    url = reverse("cmsearch_report:promote")
    response = login(editor).get(url, {"q": "balado"})
    assert response.status_code == 200
    assert response.context["form"].initial["query_string"] == "balado"
    assert 'value="balado"' in response.content.decode()
    assert login(moderator).get(url, {"q": "balado"}).status_code in (302, 403)


# --- Promotions on the search page -------------------------------------------------


def test_a_promoted_page_shows_above_the_results(member, guides):
    promoted = guides(title="Notre guide des webinaires", summary="Zoom, Teams.")
    query = Query.get("webinaire")
    SearchPromotion.objects.create(
        query=query, page=promoted, sort_order=0, description="Le guide de référence."
    )
    response = search(login(member), "webinaire")
    assert response.context["promotions"] == [
        {
            "title": "Notre guide des webinaires",
            "url": promoted.url,
            "description": "Le guide de référence.",
        }
    ]
    assert "Le guide de référence." in response.content.decode()


def test_a_promoted_page_the_member_may_not_see_is_not_shown(member, editor, guides):
    secret = guides(title="Webinaires : notes internes", summary="Pour l'équipe.")
    public = guides(title="Webinaires : le guide", summary="Pour tous.")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    restriction.save()  # the signal reindexes the page with its groups
    query = Query.get("webinaire")
    SearchPromotion.objects.create(query=query, page=secret, sort_order=0)
    SearchPromotion.objects.create(query=query, page=public, sort_order=1)

    shown = search(login(member), "webinaire").context["promotions"]
    assert [pick["title"] for pick in shown] == ["Webinaires : le guide"]
    assert "notes internes" not in search(login(member), "webinaire").content.decode()
    shown = search(login(editor), "webinaire").context["promotions"]
    assert [pick["title"] for pick in shown] == [
        "Webinaires : notes internes",
        "Webinaires : le guide",
    ]
