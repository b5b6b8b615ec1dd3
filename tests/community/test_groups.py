"""The groups created by migration give each role what it needs, no more."""

import pytest
from django.contrib.auth.models import Group
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

pytestmark = pytest.mark.django_db


def test_the_three_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Members",
        "Editors",
        "Moderators",
    }


def test_members_cannot_enter_the_admin(member, member_client):
    assert not member.has_perm("wagtailadmin.access_admin")
    response = member_client.get("/admin/")
    # A "no access" page, not a redirect to the login page (which looped).
    assert response.status_code == 403
    assert "Pas d’accès à l’administration" in response.content.decode()


def test_editors_write_and_publish_pages(editor, editor_client, home_pages):
    french_home, _ = home_pages
    permissions = french_home.permissions_for_user(editor)
    assert permissions.can_edit()
    assert permissions.can_publish()
    assert editor.has_perm("wagtail_localize.submit_translation")
    assert editor_client.get("/admin/").status_code == 200
    assert editor_client.get(f"/admin/pages/{french_home.pk}/edit/").status_code == 200


def test_editors_upload_images_and_documents(editor):
    root = Collection.get_first_root_node()
    for model in (Image, Document):
        policy = CollectionOwnershipPermissionPolicy(model, auth_model=model)
        assert policy.user_has_permission(editor, "add")
        assert root in policy.collections_user_has_permission_for(editor, "choose")


def test_editors_manage_community_snippets(editor):
    for model in ("institution", "person", "topic"):
        for action in ("add", "change", "delete"):
            assert editor.has_perm(f"community.{action}_{model}")


def test_moderators_moderate_comments_but_do_not_publish(moderator, home_pages, client):
    french_home, _ = home_pages
    assert moderator.has_perm("django_comments.can_moderate")
    assert moderator.has_perm("wagtailadmin.access_admin")
    assert not french_home.permissions_for_user(moderator).can_edit()
    assert not moderator.has_perm("community.add_institution")
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200


def test_members_and_moderators_cannot_open_the_page_editor(member, moderator, client, home_pages):
    french_home, _ = home_pages
    for user in (member, moderator):
        client.force_login(user)
        response = client.get(f"/admin/pages/{french_home.pk}/edit/")
        assert response.status_code in (302, 403)
