"""Every view of the Wagtail admin, opened as an editor, a moderator and a
superuser: none answers 500, each role is refused where it has no access,
and a moderator never reads what they may not see (restricted pages'
titles, their comments, invitees' addresses).

The URLs come from the URL resolver: a new admin view is opened here
without anyone listing it.
"""

# The world fixture comes from the security crawl; tests take it as argument.
# ruff: noqa: F811

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Site, Workflow

from community.models import Institution, Invitation, Person, Platform, Topic
from events.models import Registration
from search.models import Synonym
from tests.community.comment_helpers import add_comment
from tests.security.conftest import COMMENT_MARK, PAGE_MARK, world  # noqa: F401

pytestmark = pytest.mark.django_db

INVITEE = "secret-marker-invitee@elsewhere.example"

#: Views not opened, and why.
SKIPPED = {
    "wagtailadmin_logout": "logs the user out",
    "wagtailadmin_error_test": "Wagtail's deliberate 500, to try the error page",
}


def admin_patterns(patterns=None, namespace="", route=""):
    """(name, route, names of its parameters) of every admin URL pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from admin_patterns(pattern.url_patterns, prefix, here)
        elif isinstance(pattern, URLPattern) and here.startswith("admin/") and pattern.name:
            params = list(getattr(pattern.pattern, "converters", {}))
            params += list(pattern.pattern.regex.groupindex)
            yield f"{namespace}{pattern.name}", here, list(dict.fromkeys(params))


@pytest.fixture
def admin_world(world):
    """The security crawl's world, plus one object of every admin model."""
    w = world
    guide = w.restricted["guide"]
    w.objects.update(
        invitation=Invitation.objects.create(email=INVITEE),
        held_comment=_held(guide, w.users["insider"]),
        institution=Institution.objects.create(name="Université Admin", kind="university"),
        person=Person.objects.create(first_name="Paul", last_name="Admin"),
        topic=Topic.objects.create(name="Crise", slug="crise"),
        platform=Platform.objects.create(name="Mastodon", slug="mastodon"),
        synonym=Synonym.objects.create(terms="cm, community manager"),
        query=Query.get("guide"),
        redirect=Redirect.objects.create(old_path="/ancien", redirect_link="/fr/"),
        registration=Registration.objects.get(event=w.restricted["event"]),
    )
    return w


def _held(page, user):
    return add_comment(page, user, f"Retenu {COMMENT_MARK}", is_public=False)


def parameter_values(w, namespace):
    """Real objects for the parameters of the admin's URLs: the restricted
    guide for page views, the restricted event, the secret image…"""
    guide = w.restricted["guide"]
    image, document = w.objects["secret_image"], w.objects["secret_doc"]
    values = {
        "page_id": guide.pk,
        "parent_page_id": guide.pk,
        "page_to_move_id": guide.pk,
        "destination_id": w.pages["guides"].pk,
        "page_pk": guide.pk,
        "revision_id": guide.latest_revision_id,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "image_id": image.pk,
        "document_id": document.pk,
        "doc_id": document.pk,
        "event_id": w.restricted["event"].pk,
        "registration_id": w.objects["registration"].pk,
        "collection_id": document.collection_id,
        "query_id": w.objects["query"].pk,
        "redirect_id": w.objects["redirect"].pk,
        "workflow_pk": Workflow.objects.first().pk,
        "task_id": 1,
        "app_label": "community",
        "app_name": "core",
        "model_name": "person",
        "content_type_app_name": "community",
        "content_type_model_name": "person",
        "filter_spec": "fill-100x100",
        "action": "delete",
        "action_name": "approve",
        "mode": "form",
        "object_id": guide.pk,
    }
    by_namespace = {
        "comment_moderation": w.objects["held_comment"].pk,
        "wagtailadmin_api:pages": guide.pk,
        "wagtailadmin_api:images": image.pk,
        "wagtailadmin_api:documents": document.pk,
        "wagtailadmin_collections": document.collection_id,
        "wagtailadmin_workflows": values["workflow_pk"],
        "wagtaillocales": Locale.objects.get(language_code="fr").pk,
        "wagtailsites": Site.objects.get(is_default_site=True).pk,
        "wagtailsettings": Site.objects.get(is_default_site=True).pk,
        "wagtailusers_users": w.users["hidden"].pk,
        "wagtailusers_groups": Group.objects.get(name="Direction").pk,
        "wagtailadmin_pages": guide.pk,
    }
    if namespace.startswith(("wagtailsnippets_", "wagtailsnippetchoosers_")):
        app_label, model_name = namespace.split("_", 1)[1].split("_", 1)
        model = apps.get_model(app_label, model_name)
        values["pk"] = model.objects.order_by("pk").first().pk
        values["app_label"], values["model_name"] = app_label, model_name
    else:
        values["pk"] = by_namespace.get(namespace, guide.pk)
    if namespace == "wagtailsettings":
        values["model_name"] = "sitesettings"
    return values


def admin_urls(w):
    """[(name, URL)]: every admin URL pattern, its parameters filled in."""
    urls = []
    for name, route, params in admin_patterns():
        if name in SKIPPED:
            continue
        namespace = name.rpartition(":")[0]
        values = parameter_values(w, namespace)
        kwargs = {param: values.get(param, 1) for param in params}
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            url = reverse(name, args=[1] * re.compile(route.replace("^", "")).groups)
        urls.append((name, url))
    return sorted(set(urls))


def open_all(user, w):
    """{URL: (pattern name, status, text)} for every admin URL, as ``user``."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    answers = {}
    for name, url in admin_urls(w):
        response = client.get(url)
        if getattr(response, "streaming", False):
            text = b"".join(response.streaming_content).decode("utf-8", "replace")
        else:
            text = response.content.decode("utf-8", "replace")
        answers[url] = (name, response.status_code, text + response.get("Location", ""))
    return answers


def server_errors(answers):
    return [
        f"{url} ({name}): {status}" for url, (name, status, _) in answers.items() if status >= 500
    ]


def test_every_admin_pattern_gets_a_url(admin_world):
    urls = admin_urls(admin_world)
    names = {name for name, _url in urls}
    assert len(names) + len(SKIPPED) == len({name for name, _r, _p in admin_patterns()})
    for expected in (
        "/admin/snippets/community/person/",
        "/admin/snippets/choose/community/invitation/",
        "/admin/comments/",
        "/admin/search-report/",
        "/admin/searchpicks/",
        "/admin/reports/site-history/",
        f"/admin/events/{admin_world.restricted['event'].pk}/registrations/",
    ):
        assert expected in {url for _name, url in urls}, expected


def test_an_editor_opens_every_admin_view_without_a_server_error(admin_world):
    answers = open_all(admin_world.users["editor"], admin_world)
    assert server_errors(answers) == []
    assert answers["/admin/snippets/community/person/"][1] == 200
    assert answers["/admin/snippets/community/invitation/"][1] == 200
    # Comment moderation is the moderators' job.
    for url, (name, status, _text) in answers.items():
        if name.startswith("comment_moderation:"):
            assert status in (403, 405), url


def test_a_superuser_opens_every_admin_view_without_a_server_error(admin_world):
    answers = open_all(admin_world.users["superuser"], admin_world)
    assert server_errors(answers) == []
    assert answers["/admin/snippets/community/person/"][1] == 200
    assert answers["/admin/comments/"][1] == 200


def test_a_moderator_is_refused_what_is_not_theirs_and_reads_nothing_restricted(
    admin_world, make_member
):
    moderator = make_member(
        "modo@univ-test.example", groups=("Members", "Moderators"), first_name="Mo"
    )
    answers = open_all(moderator, admin_world)
    bad = server_errors(answers)
    for url, (name, status, text) in answers.items():
        found = [
            mark for mark in (PAGE_MARK, COMMENT_MARK, INVITEE) if mark.lower() in text.lower()
        ]
        if found:
            bad.append(f"{url} ({name}): {status} shows {found}")
        # No permission on snippets, users, groups, sites, workflows…
        refused = (
            url.startswith(("/admin/snippets/", "/admin/users/", "/admin/groups/", "/admin/sites/"))
            and url != "/admin/snippets/"
        )
        if refused and status not in (302, 403, 404):
            bad.append(f"{url} ({name}): {status}, not refused")
    assert bad == [], "\n".join(bad)
    assert answers["/admin/comments/"][1] == 200
