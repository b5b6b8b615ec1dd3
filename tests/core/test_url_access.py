"""Every URL of the site needs a logged-in member, except a short, reviewed
list. A new view that opens itself to visitors makes this test fail."""

from django.urls import URLPattern, URLResolver, get_resolver

#: Views open without a session, and why.
OPEN_VIEWS = {
    "healthz": "load balancers and docker-compose probe it",
    "set_language": "visitors switch language on the login page",
    "resources:feed_rss": "feed readers: a secret token is the check",
    "resources:feed_atom": "feed readers: a secret token is the check",
    "events:feed": "calendar clients: a secret token is the check",
    "wagtailadmin_login": "the admin's own login page",
    "wagtailcore_login": "Wagtail's login page for private pages",
}

#: allauth's pages for people who are not logged in yet, and the admin's
#: API views, which Wagtail wraps in its own admin-access check (tested
#: below with real requests).
OPEN_PREFIXES = ("account_", "socialaccount_", "wagtailadmin_api:", "wagtail_localize:")


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else repr(pattern), pattern.callback


def open_views():
    found = {}
    for name, callback in walk(get_resolver().url_patterns):
        if getattr(callback, "login_required", True) is False:
            found[name] = callback
    return found


def test_only_reviewed_views_are_open_to_visitors():
    unexpected = {
        name
        for name in open_views()
        if name not in OPEN_VIEWS and not name.startswith(OPEN_PREFIXES)
    }
    assert unexpected == set(), f"views open without login: {sorted(unexpected)}"


def test_the_reviewed_open_views_exist():
    names = set(open_views())
    for name in OPEN_VIEWS:
        assert name in names, name


def test_admin_apis_refuse_visitors_and_members(client, member):
    urls = [
        "/admin/api/main/pages/",
        "/admin/api/main/images/",
        "/admin/api/main/documents/",
        "/admin/localize/api/snippets/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 401, 403, 404), url
        if response.status_code == 302:
            assert "/login/" in response["Location"], url
    client.force_login(member)
    for url in urls[:3]:
        assert client.get(url).status_code in (302, 403), url
