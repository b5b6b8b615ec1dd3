"""What every member page pays before its own content: the links' site
lookups, the member's groups and permissions, the header. Each is counted
per request (SQL queries and cache calls), with fragment caching off and on
and at two data sizes (tests/queries.py), so a cost per link, per card or
per request that creeps back in fails here."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY

from core import member_access
from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_calls(monkeypatch):
    """Every cache call, in order, as (method, key)."""
    calls = []
    for name in ("get", "get_many", "set", "add", "delete", "incr", "set_many", "has_key"):
        original = getattr(LocMemCache, name)

        def counting(self, key, *args, _original=original, _name=name, **kwargs):
            calls.append((_name, key))
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(LocMemCache, name, counting)
    return calls


def measure_calls(page_queries, client, url, cache_calls):
    """The cache calls of one GET of `url` in the state of `page_queries`
    (after the warm-up request it makes), and the response."""
    page_queries.measure(client, url)
    cache_calls.clear()
    response = client.get(url)
    assert response.status_code == 200
    return list(cache_calls), response.content.decode()


def site_lookups(calls):
    return sum(1 for name, key in calls if name == "get" and key == SITE_ROOT_PATHS_CACHE_KEY)


@pytest.fixture
def discussed_guides(sections, member):
    """Adds `count` guides with a comment each."""
    guides = sections[(GuideIndexPage, "fr")]
    numbers = iter(range(1000))

    def add(count):
        for _ in range(count):
            guide = make_guide(guides, next(numbers))
            add_comment(guide, member, "Un avis.")

    return add


@pytest.mark.parametrize("url", ["/fr/", "/fr/ressources/fiches-conseil/"])
def test_links_look_the_site_up_once_per_request_however_many_there_are(
    member_client, discussed_guides, page_queries, cache_calls, url
):
    """The dashboard's discussions and every card's comment count link to a
    page: each link read Wagtail's site root paths from the cache (`page.url`
    has no request to keep them on); now the request keeps them."""
    discussed_guides(2)
    small_calls, small_html = measure_calls(page_queries, member_client, url, cache_calls)
    discussed_guides(4)
    large_calls, large_html = measure_calls(page_queries, member_client, url, cache_calls)
    # The links are there, more of them on the larger page...
    assert 'href="/fr/ressources/fiches-conseil/guide-5/#' in large_html
    assert small_html.count("/#c") < large_html.count("/#c")  # #c<pk>, #comments
    # ...and the site root paths are read once per request at most, whatever
    # their number (not at all when every link comes from the cache).
    assert site_lookups(small_calls) == site_lookups(large_calls) <= 1


# --- The member's groups and permissions (core/member_access.py) ---------------

ACCESS_TABLES = ("auth_permission", "auth_group", "community_user_groups")


def access_queries(queries):
    return [sql for sql in queries if any(f'"{table}"' in sql for table in ACCESS_TABLES)]


@pytest.mark.parametrize("url", ["/fr/", "/fr/ressources/fiches-conseil/guide-0/"])
def test_a_member_page_reads_no_group_or_permission(
    member_client, discussed_guides, page_queries, url
):
    """The header (admin link, Wagtail's userbar) and the lists need the
    member's permissions and groups: three queries on every page, now read
    from the cache (and forgotten when they change, tests below)."""
    discussed_guides(1)
    measured = page_queries.measure(member_client, url)
    if page_queries.cold:  # the cache was emptied: read once, then cached
        assert len(access_queries(measured.queries)) == 2, measured.listing()
    else:
        assert access_queries(measured.queries) == [], measured.listing()


def editor_tools(client, url="/fr/"):
    """Whether the page shows the admin link and Wagtail's userbar."""
    html = client.get(url).content.decode()
    return (reverse("wagtailadmin_home") in html, "wagtail-userbar" in html)


@pytest.fixture
def guide_url(discussed_guides):
    discussed_guides(1)
    return "/fr/ressources/fiches-conseil/guide-0/"


def test_a_member_made_editor_sees_the_editors_tools_on_the_next_request(
    member_client, member, guide_url
):
    assert editor_tools(member_client, guide_url) == (False, False)
    member.groups.add(Group.objects.get(name="Editors"))
    assert editor_tools(member_client, guide_url) == (True, True)
    Group.objects.get(name="Editors").user_set.remove(member)  # from the group's side
    assert editor_tools(member_client, guide_url) == (False, False)


def test_an_editor_whose_groups_are_cleared_loses_the_tools_at_once(editor_client, editor):
    assert editor_tools(editor_client) == (True, True)
    editor.groups.clear()
    assert editor_tools(editor_client) == (False, False)


def test_a_permission_given_to_or_taken_from_a_group_shows_at_once(member_client, member):
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    members = Group.objects.get(name="Members")
    assert editor_tools(member_client) == (False, False)
    members.permissions.add(access_admin)
    assert editor_tools(member_client) == (True, True)
    access_admin.group_set.remove(members)  # from the permission's side
    assert editor_tools(member_client) == (False, False)


def test_a_permission_given_to_the_member_and_a_deleted_group_show_at_once(client, make_member):
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    member = make_member(groups=("Members",))
    client.force_login(member)
    member.user_permissions.add(access_admin)
    assert editor_tools(client) == (True, True)
    member.user_permissions.remove(access_admin)
    assert editor_tools(client) == (False, False)

    editors = Group.objects.create(name="Temporary editors")
    editors.permissions.add(access_admin)
    member.groups.add(editors)
    assert editor_tools(client) == (True, True)
    editors.delete()
    assert editor_tools(client) == (False, False)


def test_a_member_made_superuser_sees_the_admin_link_at_once(member_client, member):
    assert editor_tools(member_client) == (False, False)
    member.is_superuser = True
    member.save()
    assert editor_tools(member_client) == (True, True)


def test_the_lists_follow_a_change_of_groups_at_once(member_client, member, sections):
    """A guide restricted to Editors appears in the member's list as soon
    as they join the group (fragment keys and restrictions use the groups)."""
    guides = sections[(GuideIndexPage, "fr")]
    secret = make_guide(guides, 1, title="Guide réservé aux éditeurs")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    assert "Guide réservé aux éditeurs" not in member_client.get(guides.url).content.decode()
    member.groups.add(Group.objects.get(name="Editors"))
    assert "Guide réservé aux éditeurs" in member_client.get(guides.url).content.decode()
    member.groups.remove(Group.objects.get(name="Editors"))
    assert "Guide réservé aux éditeurs" not in member_client.get(guides.url).content.decode()


# --- The member (core/member_access.MemberMiddleware) -----------------------------


@pytest.mark.parametrize("url", ["/fr/", "/fr/ressources/fiches-conseil/guide-0/"])
def test_a_member_page_does_not_read_the_member_from_the_database(
    member_client, discussed_guides, page_queries, url
):
    """Django read the member from the database on every request; the
    member now comes from the cache with their groups and permissions."""
    discussed_guides(1)
    measured = page_queries.measure(member_client, url)
    members = [sql for sql in measured.queries if 'FROM "community_user"' in sql]
    # Read once when the cache was emptied (cache-off state), then cached.
    assert len(members) == (1 if page_queries.cold else 0), measured.listing()
    if not page_queries.cold:
        assert access_queries(measured.queries) == []


def signed_in(client):
    response = client.get("/fr/")
    return response.status_code == 200 and "Se déconnecter" in response.content.decode()


def test_a_password_change_signs_the_other_sessions_out_on_their_next_request(
    client, member, make_member
):
    client.force_login(member)
    assert signed_in(client)  # the member is now in the cache
    member.set_password("another-long-password-43")
    member.save()
    assert not signed_in(client)
    assert client.get("/fr/").status_code == 302  # to the login page


def test_a_deactivated_member_is_signed_out_on_their_next_request(member_client, member):
    assert signed_in(member_client)
    member.is_active = False
    member.save()
    assert not signed_in(member_client)


def test_a_renamed_member_sees_their_new_name_on_the_next_request(member_client, member):
    assert "Camille Durand" in member_client.get("/fr/").content.decode()
    member.first_name = "Dominique"
    member.save()
    html = member_client.get("/fr/").content.decode()
    assert "Dominique Durand" in html and "Camille Durand" not in html


def test_a_deleted_member_is_signed_out(member_client, member):
    assert signed_in(member_client)
    member.delete()
    assert not signed_in(member_client)


def test_a_member_cached_by_another_request_before_the_change_is_committed_is_forgotten(
    member_client, member, django_capture_on_commit_callbacks
):
    """Another request may read the member between the change and its
    commit, and cache the old state: it is forgotten again on commit."""
    assert editor_tools(member_client) == (False, False)
    key = member_access.KEY.format(pk=member.pk)
    before = cache.get(key)
    assert before is not None
    with django_capture_on_commit_callbacks(execute=True):
        member.groups.add(Group.objects.get(name="Editors"))
        cache.set(key, before)  # what the other request read and cached
    assert editor_tools(member_client) == (True, True)
