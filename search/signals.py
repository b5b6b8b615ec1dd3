"""What makes a search document change (see `search.indexer`)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from community.models import Institution, MemberProfile, Person, Platform
from core import fragments

from .indexer import (
    index_institution_only,
    keys_showing,
    keys_tagged_with_platform,
    remove_keys,
)
from .tasks import reindex, reindex_tree


def _page_changed(sender, instance, **kwargs):
    reindex.enqueue(f"page:{instance.pk}")


def _page_deleted(sender, instance, **kwargs):
    remove_keys([f"page:{instance.pk}"])


def _tree_changed(sender, instance, **kwargs):
    reindex_tree.enqueue(instance.page_id)


def _restriction_groups_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _tree_changed(sender, instance)


def _page_moved(sender, instance, **kwargs):
    reindex_tree.enqueue(instance.pk)


def _institution_saved(sender, instance, **kwargs):
    index_institution_only(instance)
    # Pages, speakers and members show its name, kind and region: each is
    # rebuilt as a task (on the worker in production, not in the editor's
    # request).
    for key in keys_showing(instance):
        reindex.enqueue(key)


def _platform_changed(sender, instance, **kwargs):
    # Pages carry a platform's names in every language as words: a new,
    # renamed or removed translation rebuilds them (as tasks).
    if kwargs.get("raw"):
        return
    for key in keys_tagged_with_platform(instance):
        reindex.enqueue(key)


def _deleted(prefix, attribute="pk"):
    def handler(sender, instance, **kwargs):
        remove_keys([f"{prefix}:{getattr(instance, attribute)}"])

    return handler


def _saved(prefix, attribute="pk"):
    def handler(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        reindex.enqueue(f"{prefix}:{getattr(instance, attribute)}")

    return handler


def _user_saved(sender, instance, **kwargs):
    # A login saves only `last_login` (update_fields): nothing search shows
    # changed, and a reindex would bump the content version, making every
    # cached part of the site stale at each login.
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if not kwargs.get("raw") and MemberProfile.objects.filter(user_id=instance.pk).exists():
        reindex.enqueue(f"member:{instance.pk}")


def _email_address_saved(sender, instance, **kwargs):
    # Verifying the address (allauth's confirmation saves it) lists the member.
    if not kwargs.get("raw"):
        _user_saved(sender, instance.user, **kwargs)


def _member_topics_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, MemberProfile):
        reindex.enqueue(f"member:{instance.user_id}")


def _promotions_changed(sender, instance, **kwargs):
    """The cached search pages show the editors' picks (search.views.results_part):
    a pick added, edited or removed bumps the content version, now and again
    once committed (a search in between may have cached the picks as they were)."""
    if kwargs.get("raw"):
        return
    fragments.bump()
    transaction.on_commit(fragments.bump)


def connect():
    page_published.connect(_page_changed, dispatch_uid="cmsearch_published")
    page_unpublished.connect(_page_changed, dispatch_uid="cmsearch_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="cmsearch_moved")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="cmsearch_page_deleted")
    post_save.connect(_promotions_changed, sender=SearchPromotion, dispatch_uid="cmsearch_pick")
    post_delete.connect(_promotions_changed, sender=SearchPromotion, dispatch_uid="cmsearch_pick_d")
    post_save.connect(_tree_changed, sender=PageViewRestriction, dispatch_uid="cmsearch_pvr")
    post_delete.connect(_tree_changed, sender=PageViewRestriction, dispatch_uid="cmsearch_pvr_d")
    # The admin saves a restriction, then sets its groups: follow both.
    m2m_changed.connect(
        _restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="cmsearch_pvr_groups",
    )
    post_save.connect(_institution_saved, sender=Institution, dispatch_uid="cmsearch_inst")
    post_delete.connect(
        _deleted("institution"), sender=Institution, dispatch_uid="cmsearch_inst_d", weak=False
    )
    post_save.connect(_platform_changed, sender=Platform, dispatch_uid="cmsearch_platform")
    post_delete.connect(_platform_changed, sender=Platform, dispatch_uid="cmsearch_platform_d")
    post_save.connect(_saved("person"), sender=Person, dispatch_uid="cmsearch_person", weak=False)
    post_delete.connect(
        _deleted("person"), sender=Person, dispatch_uid="cmsearch_person_d", weak=False
    )
    post_save.connect(
        _saved("member", "user_id"),
        sender=MemberProfile,
        dispatch_uid="cmsearch_member",
        weak=False,
    )
    post_delete.connect(
        _deleted("member", "user_id"),
        sender=MemberProfile,
        dispatch_uid="cmsearch_member_d",
        weak=False,
    )
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="cmsearch_user")
    post_save.connect(_email_address_saved, sender=EmailAddress, dispatch_uid="cmsearch_email")
    m2m_changed.connect(
        _member_topics_changed,
        sender=MemberProfile.topics.through,
        dispatch_uid="cmsearch_member_topics",
    )
