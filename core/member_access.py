"""The member's groups and permissions, cached across requests.

Every member page needs them: the header asks whether the member may open
the editors' admin (``perms.wagtailadmin.access_admin``, Wagtail's userbar),
lists and fragment cache keys depend on the member's groups
(core/security.py, core/fragments.py). Read from the database, they cost
three queries per request; here they cost one cache read, done by
``MemberAccessMiddleware`` once the member is known.

They are forgotten the moment they change, whoever changes them and from
whichever web instance (the cache is shared): a member added to or removed
from a group, a group or a member given or refused a permission, a group or
a permission deleted, a member saved (made superuser, deactivated). A
change that bypasses Django's signals (raw SQL, ``QuerySet.update()``) is
seen after ``TIMEOUT`` seconds at the latest.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

KEY = "cmhub:member-access:1:{pk}"

#: Seconds an entry may live (bounds a change made behind Django's back).
TIMEOUT = 600

#: Where Django's ModelBackend (and allauth's, a subclass) memoises a user's
#: permissions on the user object for the rest of the request.
PERMISSION_ATTRIBUTES = {"user": "_user_perm_cache", "group": "_group_perm_cache"}


def _read(user):
    """(group pks, user permissions, group permissions) from the database,
    as ModelBackend computes them."""
    backend = ModelBackend()
    return (
        frozenset(user.groups.values_list("pk", flat=True)),
        frozenset(backend.get_user_permissions(user)),
        frozenset(backend.get_group_permissions(user)),
    )


def load(user):
    """Put the member's groups and permissions on ``user`` (from the cache,
    else from the database and into the cache) for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or hasattr(user, "_cmhub_group_ids"):
        return
    key = KEY.format(pk=user.pk)
    entry = cache.get(key)
    if entry is None:
        entry = _read(user)
        cache.set(key, entry, TIMEOUT)
    group_ids, user_permissions, group_permissions = entry
    user._cmhub_group_ids = group_ids
    if user.is_active:  # an inactive member has no permission (ModelBackend)
        setattr(user, PERMISSION_ATTRIBUTES["user"], set(user_permissions))
        setattr(user, PERMISSION_ATTRIBUTES["group"], set(group_permissions))


class MemberAccessMiddleware:
    """Loads the member's groups and permissions (``load``) once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            load(user)
        return self.get_response(request)


# --- Invalidation -------------------------------------------------------------


def forget(user_pks):
    """Forget the cached groups and permissions of these members."""
    keys = [KEY.format(pk=pk) for pk in set(user_pks)]
    if keys:
        cache.delete_many(keys)


def _members_of(groups):
    return get_user_model().objects.filter(groups__in=groups).values_list("pk", flat=True)


def _holders_of(permissions):
    """Members who hold one of these permissions, directly or through a group."""
    return (
        get_user_model()
        .objects.filter(
            Q(user_permissions__in=permissions) | Q(groups__permissions__in=permissions)
        )
        .values_list("pk", flat=True)
    )


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A member's groups (``member.groups``) or a group's members
    (``group.user_set``) changed."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget([instance.pk])
    elif pk_set is not None:
        forget(pk_set)
    else:
        forget(_members_of([instance]))


def _user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget([instance.pk])
    elif pk_set is not None:
        forget(pk_set)
    else:
        forget(
            get_user_model().objects.filter(user_permissions=instance).values_list("pk", flat=True)
        )


def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget(_members_of([instance]))
    elif pk_set is not None:
        forget(_members_of(pk_set))
    else:
        forget(_members_of(instance.group_set.all()))


def _group_deleted(sender, instance, **kwargs):
    forget(_members_of([instance]))


def _permission_deleted(sender, instance, **kwargs):
    forget(_holders_of([instance]))


def _member_saved(sender, instance, **kwargs):
    forget([instance.pk])


def connect():
    """Forget a member's cached access whenever it may have changed."""
    User = get_user_model()
    uid = "cmhub_member_access"
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid=uid)
    m2m_changed.connect(
        _user_permissions_changed, sender=User.user_permissions.through, dispatch_uid=uid
    )
    m2m_changed.connect(
        _group_permissions_changed, sender=Group.permissions.through, dispatch_uid=uid
    )
    pre_delete.connect(_group_deleted, sender=Group, dispatch_uid=uid)
    pre_delete.connect(_permission_deleted, sender=Permission, dispatch_uid=uid)
    post_save.connect(_member_saved, sender=User, dispatch_uid=uid)
    post_delete.connect(_member_saved, sender=User, dispatch_uid=uid)
