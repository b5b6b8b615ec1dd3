"""What other apps call: `notify` a member, ask whether they want an e-mail,
and read their unread count (cached: the header shows it on every page).

    from notifications.api import notify
    notify(member, "moderation", comment, actor=moderator, reason="…")

A notification is created in the caller's transaction (it disappears with a
rolled-back cause) and its e-mail is queued only once that transaction
commits. Nothing is created for a page the recipient may not see.
"""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from wagtail.models import Page

from core.security import can_view_page, visible_to

from .kinds import KINDS, Channel
from .models import EmailStatus, Notification, NotificationPreference

#: How long an unread count stays cached; every change deletes it sooner.
COUNT_TIMEOUT = 600


def _count_key(user_id):
    return f"notifications:unread:{user_id}"


def forget_count(user_id):
    """Drop the cached unread count of a member, now and when the current
    transaction commits (a request in between would cache the old count)."""
    cache.delete(_count_key(user_id))
    transaction.on_commit(lambda: cache.delete(_count_key(user_id)))


def channel_for(user, kind):
    """How ``user`` wants notifications of ``kind`` (`Channel`)."""
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return chosen or KINDS[kind].default


def preferences(user):
    """{kind code: channel} for every kind, defaults included (one query)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {code: chosen.get(code, kind.default) for code, kind in KINDS.items()}


def wants_email(user, kind):
    """Whether ``user`` wants e-mails of ``kind``: apps that send their own
    e-mail (`Kind.own_email`) ask before sending."""
    return channel_for(user, kind) == Channel.EMAIL


def _page_of(target):
    if isinstance(target, Page):
        return target
    page = getattr(target, "content_object", None)
    return page if isinstance(page, Page) else None


def _url_of(target, page):
    if page is None:
        return ""
    url = page.url or ""
    if page is not target and target is not None and target.pk:
        url += f"#c{target.pk}"
    return url


def notify(recipient, kind, target=None, actor=None, *, url="", key=None, **context):
    """Notify ``recipient`` of ``kind`` about ``target`` (a page, a comment…):
    returns the Notification, or None when the member chose "not at all",
    caused it themself, may not see the page, or already had ``key``."""
    if recipient is None or not recipient.is_active or KINDS.get(kind) is None:
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    channel = channel_for(recipient, kind)
    if channel == Channel.OFF:
        return None
    page = _page_of(target)
    if page is not None and (not page.live or not can_view_page(page, recipient)):
        return None
    if key is not None and Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    context.setdefault("title", page.title if page is not None else "")
    if actor is not None:
        context.setdefault("actor", str(actor))
    with translation.override(None):  # lazy texts keep their msgid: read in the reader's language
        context = {k: str(v) for k, v in context.items() if v is not None}
    email = channel == Channel.EMAIL and not KINDS[kind].own_email
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                actor=actor,
                page=page,
                url=url or _url_of(target, page),
                context=context,
                key=key,
                email_status=EmailStatus.PENDING if email else EmailStatus.NONE,
            )
    except IntegrityError:  # the same key, created meanwhile
        return None
    forget_count(recipient.pk)
    if email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def visible_notifications(user):
    """The member's notifications they may still see: about no page, or a
    live page no view restriction hides from them."""
    notifications = Notification.objects.filter(recipient=user)
    shown = Q(page__isnull=True) | Q(page__live=True)
    hidden_pages = visible_to(Page.objects.all(), user)
    if hidden_pages.query.where:  # some restriction applies to this member
        shown = Q(page__isnull=True) | Q(page__live=True, page__in=hidden_pages)
    return notifications.filter(shown)


def in_language(notifications, user, language_code):
    """Show ``notifications`` in the reader's language: where the page a
    notification is about, or the section it was followed through, has a
    live translation in ``language_code`` that ``user`` may see, its title
    (and, for the page, its address) replace the ones frozen at creation.
    Changes the objects in memory only. The pages come with their locale
    (``select_related("page__locale")``); one query for the whole list, none
    when everything is already in that language."""
    notifications = list(notifications)
    keys = set()
    for notification in notifications:
        page = notification.page
        if page is not None and page.locale.language_code != language_code:
            keys.add(page.translation_key)
        context = notification.context
        if context.get("followed_key") and context.get("followed_language") != language_code:
            keys.add(context["followed_key"])
    if not keys:
        return notifications
    translations = visible_to(
        Page.objects.live().filter(translation_key__in=keys, locale__language_code=language_code),
        user,
    )
    found = {str(page.translation_key): page for page in translations}
    for notification in notifications:
        context = dict(notification.context)
        section = found.get(context.get("followed_key", ""))
        if section is not None:
            context["followed"] = section.title
        page = notification.page
        translated = found.get(str(page.translation_key)) if page is not None else None
        if translated is not None:
            context["title"] = translated.title
            old_url, new_url = page.url or "", translated.url or ""
            if old_url and new_url and notification.url.startswith(old_url):
                notification.url = new_url + notification.url.removeprefix(old_url)
        notification.context = context
    return notifications


def unread_count(user):
    """The member's unread notifications, cached until the next change.

    One query on a cache miss, none when warm. Notifications are only
    created about pages the member may see; the count does not check view
    restrictions again (that would cost a query on every page): one about
    a page restricted since is counted until read ("Mark all as read"),
    but never listed."""
    key = _count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = (
            Notification.objects.filter(recipient=user, read_at=None)
            .filter(Q(page__isnull=True) | Q(page__live=True))
            .count()
        )
        cache.set(key, count, COUNT_TIMEOUT)
    return count


def mark_read(user, pk=None):
    """Mark one notification (``pk``) or all of the member's as read;
    returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if pk is not None:
        unread = unread.filter(pk=pk)
    changed = unread.update(read_at=timezone.now())
    forget_count(user.pk)
    return changed
