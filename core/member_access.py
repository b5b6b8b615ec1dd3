"""The signed-in member, their groups and permissions, cached across requests.

Every member page needs them: the member (Django reads them from the
database on every request), whether they may open the editors' admin
(``perms.wagtailadmin.access_admin``, Wagtail's userbar), their groups
(lists and fragment cache keys: core/security.py, core/fragments.py). Read
from the database, that is four queries per request; here it is one cache
read, made by ``MemberMiddleware`` (Django's AuthenticationMiddleware, the
member served from the cache) the first time the request needs its member.

The session is checked exactly as Django checks it (its backend is one of
AUTHENTICATION_BACKENDS, the member may sign in, the password hash it was
opened with is still the member's), on the cached member, which is
forgotten the moment anything about it changes, whoever changes it and from
whichever web instance (the cache is shared): the member saved (password
changed, deactivated, made superuser, renamed), added to or removed from a
group, a group or the member given or refused a permission, a group or a
permission deleted. A change that bypasses Django's signals (raw SQL,
``QuerySet.update()``) is seen after ``TIMEOUT`` seconds at the latest.
"""

import copy

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    _get_user_session_key,
    get_user_model,
    load_backend,
)
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

KEY = "cmhub:member:1:{pk}"

#: Seconds an entry may live (bounds a change made behind Django's back).
TIMEOUT = 600

#: Where Django's ModelBackend (and allauth's, a subclass) memoises a user's
#: permissions on the user object for the rest of the request.
PERMISSION_ATTRIBUTES = {"user": "_user_perm_cache", "group": "_group_perm_cache"}


def _read(user):
    """(member, group pks, user permissions, group permissions) from the
    database, as ModelBackend computes them: the groups and their
    permissions in one query."""
    backend = ModelBackend()
    fresh = copy.copy(user)  # the cached member carries no request's memos
    rows = fresh.groups.values_list(
        "pk", "permissions__content_type__app_label", "permissions__codename"
    )
    group_ids = frozenset(pk for pk, _app, _codename in rows)
    if fresh.is_superuser:  # every permission, as ModelBackend says
        group_permissions = backend.get_group_permissions(fresh)
    else:
        group_permissions = {
            f"{app}.{codename}" for _pk, app, codename in rows if codename is not None
        }
    return (
        user,
        group_ids,
        frozenset(backend.get_user_permissions(fresh)),
        frozenset(group_permissions),
    )


def _attach(entry):
    """The member of a cache entry, with their groups and permissions
    memoised on it for the request (where ModelBackend, allauth's backend
    and core.security look for them)."""
    user, group_ids, user_permissions, group_permissions = entry
    user = copy.copy(user)
    user._cmhub_group_ids = group_ids
    if user.is_active:  # an inactive member has no permission (ModelBackend)
        setattr(user, PERMISSION_ATTRIBUTES["user"], set(user_permissions))
        setattr(user, PERMISSION_ATTRIBUTES["group"], set(group_permissions))
    return user


#: Values read with the member, in the same query, and kept on the cached
#: member as attributes: name -> function returning a query expression on
#: the user model. Higher apps register them (`register_member_value`) and
#: `forget` the member whenever such a value changes.
_MEMBER_VALUES = {}


def register_member_value(name, expression):
    """Read ``expression()`` with the member (one query with the member's
    row, none when the member comes from the cache) as ``member.<name>``."""
    _MEMBER_VALUES[name] = expression


def _get_user(backend, user_id):
    """``backend.get_user(user_id)``, with the registered values read in the
    same query (as ModelBackend.get_user, which allauth's backend keeps)."""
    if not _MEMBER_VALUES or not isinstance(backend, ModelBackend):
        return backend.get_user(user_id)
    values = {name: expression() for name, expression in _MEMBER_VALUES.items()}
    manager = get_user_model()._default_manager
    try:
        user = manager.annotate(**values).get(pk=user_id)
    except manager.model.DoesNotExist:
        return None
    return user if backend.user_can_authenticate(user) else None


def _member(backend, user_id):
    """The member ``backend.get_user(user_id)`` would return, from the cache
    when it is there."""
    key = KEY.format(pk=user_id)
    entry = cache.get(key)
    if entry is None:
        user = _get_user(backend, user_id)
        if user is None:
            return None
        entry = _read(user)
        cache.set(key, entry, TIMEOUT)
    elif not backend.user_can_authenticate(entry[0]):
        return None
    return _attach(entry)


def get_user(request):
    """django.contrib.auth.get_user, the member served from the cache."""
    try:
        user_id = _get_user_session_key(request)
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    user = _member(load_backend(backend_path), user_id)
    if user is None:
        return AnonymousUser()
    session_hash = request.session.get(HASH_SESSION_KEY)
    session_auth_hash = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, session_auth_hash):
        return user
    # As Django does: a hash made with a fallback secret is renewed...
    if session_hash and any(
        constant_time_compare(session_hash, fallback)
        for fallback in user.get_session_auth_fallback_hash()
    ):
        request.session.cycle_key()
        request.session[HASH_SESSION_KEY] = session_auth_hash
        return user
    # ...any other mismatch (the password changed) signs the member out.
    request.session.flush()
    return AnonymousUser()


class MemberMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, the member (with their groups and
    permissions) served from the cache: see the module's docstring."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


# --- Invalidation -------------------------------------------------------------


def forget(user_pks):
    """Forget the cached groups and permissions of these members."""
    keys = [KEY.format(pk=pk) for pk in set(user_pks)]
    if not keys:
        return
    cache.delete_many(keys)
    if transaction.get_connection().in_atomic_block:
        # A request that read the member before the change was committed
        # may have cached the old state meanwhile: forget it again once
        # the change is visible to everyone.
        transaction.on_commit(lambda: cache.delete_many(keys))


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


def _forget_on_m2m(action, instance, reverse, pk_set, members_of_instance):
    """A many-to-many change on a member (forward) or on the other side
    (reverse: the members in ``pk_set``, or all of the instance's members
    when the relation is cleared)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget([instance.pk])
    elif pk_set is not None:
        forget(pk_set)
    else:
        forget(members_of_instance())


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A member's groups (``member.groups``) or a group's members
    (``group.user_set``) changed."""
    _forget_on_m2m(action, instance, reverse, pk_set, lambda: _members_of([instance]))


def _user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A member's own permissions, or a permission's members, changed."""
    _forget_on_m2m(
        action,
        instance,
        reverse,
        pk_set,
        lambda: (
            get_user_model().objects.filter(user_permissions=instance).values_list("pk", flat=True)
        ),
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
