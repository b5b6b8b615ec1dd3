"""What members follow, and the notification when something new appears
in it.

Members follow pages (a section of resources, or one page and its
discussion) and the models apps register with `register_followable`
(community: topics, institutions, people). When a page is published for
the first time, its followers are those of its ancestors (the sections it
is in) and of what its ``follow_targets()`` returns (its topics, speakers,
institution); each gets one "followed" notification, if they may see it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from wagtail.models import Page
from wagtail.signals import page_published

from core.security import visible_to

from .models import Follow

_followable = {}

#: How long a member's set of follows stays cached (every change forgets it).
FOLLOWS_TIMEOUT = 600


def register_followable(model):
    """Members may follow objects of ``model`` (translatable models: every
    translation counts as the same thing)."""
    _followable[model._meta.label_lower] = model


def followable_model(label):
    if label == "wagtailcore.page":
        return Page
    return _followable.get(label)


def target_key(obj):
    """(content type, id) under which ``obj`` is followed."""
    model = Page if isinstance(obj, Page) else type(obj)
    return ContentType.objects.get_for_model(model), obj.pk


def _cache_key(user_id):
    return f"notifications:follows:{user_id}"


def followed_keys(user):
    """What the member follows, cached (a page's follow buttons read it
    without a query when warm): {"keys": {(content type id, object id)},
    "paths": {paths of followed pages}}."""
    followed = cache.get(_cache_key(user.pk))
    if followed is None:
        rows = Follow.objects.filter(user=user).values_list(
            "content_type_id", "object_id", "page__path"
        )
        followed = {"keys": set(), "paths": set()}
        for content_type_id, object_id, path in rows:
            followed["keys"].add((content_type_id, object_id))
            if path:
                followed["paths"].add(path)
        cache.set(_cache_key(user.pk), followed, FOLLOWS_TIMEOUT)
    return followed


def _forget(user_id):
    cache.delete(_cache_key(user_id))
    transaction.on_commit(lambda: cache.delete(_cache_key(user_id)))


def follow(user, obj):
    content_type, pk = target_key(obj)
    Follow.objects.get_or_create(
        user=user,
        content_type=content_type,
        object_id=pk,
        defaults={"page": obj if isinstance(obj, Page) else None},
    )
    _forget(user.pk)


def unfollow(user, obj=None, *, content_type=None, object_id=None):
    if obj is not None:
        content_type, object_id = target_key(obj)
    Follow.objects.filter(user=user, content_type=content_type, object_id=object_id).delete()
    _forget(user.pk)


def _same_things(obj):
    """``obj`` and, for a translatable object, its translations."""
    if hasattr(obj, "translation_key") and not isinstance(obj, Page):
        return list(type(obj).objects.filter(translation_key=obj.translation_key))
    return [obj]


def followers_of(page):
    """The (member id, followed object) pairs of the page's followers: one
    row per member, through the first thing of theirs that matches."""
    lookups = Q()
    page_type = ContentType.objects.get_for_model(Page)
    ancestors = {
        ancestor.pk: ancestor for ancestor in Page.objects.ancestor_of(page, inclusive=False)
    }
    lookups |= Q(content_type=page_type, object_id__in=list(ancestors))
    targets = {}
    for obj in getattr(page, "follow_targets", lambda: [])():
        for same in _same_things(obj):
            content_type, pk = target_key(same)
            targets[(content_type.pk, pk)] = obj
            lookups |= Q(content_type=content_type, object_id=pk)
    found = {}
    rows = Follow.objects.filter(lookups).values_list("user_id", "content_type_id", "object_id")
    for user_id, content_type_id, object_id in rows.order_by("created_at"):
        if user_id in found:
            continue
        if content_type_id == page_type.pk:
            found[user_id] = ancestors.get(object_id)
        else:
            found[user_id] = targets.get((content_type_id, object_id))
    return found


def _first_publication(page):
    """Whether ``page`` is new: first published now, and no translation of
    it was published before (a translation is not news to followers)."""
    if page.first_published_at is None or page.last_published_at is None:
        return False
    if abs((page.last_published_at - page.first_published_at).total_seconds()) > 1:
        return False
    return not (
        Page.objects.filter(translation_key=page.translation_key, first_published_at__isnull=False)
        .exclude(pk=page.pk)
        .filter(first_published_at__lt=page.first_published_at)
        .exists()
    )


def on_page_published(sender, instance, **kwargs):
    """Tell the followers of what a newly published resource or event is in."""
    from django.contrib.auth import get_user_model

    from .api import notify

    page = instance.specific
    if not hasattr(page, "follow_targets") or not _first_publication(page):
        return
    followers = followers_of(page)
    if not followers:
        return
    members = get_user_model().objects.filter(pk__in=followers, is_active=True)
    for member in members:
        followed = followers[member.pk]
        notify(
            member,
            "followed",
            page,
            key=f"followed:{page.translation_key}",  # once per page, whatever its languages
            followed=str(followed) if followed is not None else page.title,
            # A followed section is shown in the reader's language (api.in_language).
            **_section_keys(followed),
        )


def _section_keys(followed):
    if not isinstance(followed, Page):
        return {}
    return {
        "followed_key": str(followed.translation_key),
        "followed_language": followed.locale.language_code,
    }


def connect_signals():
    page_published.connect(on_page_published, dispatch_uid="notifications_followed_new")


def follows_of(user):
    """The member's follows with their objects, pages they may no longer
    see left out (for the "Suivis" page): one query per kind of object."""
    follows = list(Follow.objects.filter(user=user).select_related("content_type"))
    by_type = {}
    for item in follows:
        by_type.setdefault(item.content_type_id, []).append(item)
    shown = []
    for items in by_type.values():
        model = items[0].content_type.model_class()
        if model is None:
            continue
        objects = model._default_manager.filter(pk__in=[item.object_id for item in items])
        if model is Page:
            objects = visible_to(objects.live(), user)
        objects = objects.in_bulk()
        for item in items:
            item.followed = objects.get(item.object_id)
            if item.followed is not None:
                shown.append(item)
    shown.sort(key=lambda item: item.created_at, reverse=True)
    return shown


def choices(user):
    """For the "Suivis" page's forms: [(model label, verbose name, objects)]
    of the registered models not yet followed, in the active language for
    translatable ones."""
    from django.utils.translation import get_language

    followed = followed_keys(user)["keys"]
    offered = []
    for label, model in _followable.items():
        content_type = ContentType.objects.get_for_model(model)
        objects = model._default_manager.all()
        if hasattr(model, "locale"):
            objects = objects.filter(locale__language_code=get_language())
        objects = [obj for obj in objects if (content_type.pk, obj.pk) not in followed]
        offered.append((label, model._meta.verbose_name, objects))
    return offered
