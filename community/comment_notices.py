"""The notifications a published comment causes: its parent's author hears
of the reply, the members it mentions of the mention (each once)."""

from django_comments_xtd.models import XtdComment

from notifications.api import notify

from .mentions import MENTION, mentionable_profiles, notify_mentioned


def comment_published(comment):
    """Notify for a comment members can now read (posted, or approved by a
    moderator); called in the transaction that makes it public."""
    author = comment.user
    if comment.parent_id and comment.parent_id != comment.pk:
        parent = (
            XtdComment.norel_objects.select_related("user").filter(pk=comment.parent_id).first()
        )
        if parent is not None and parent.user is not None and not parent.is_removed:
            notify(parent.user, "reply", comment, actor=author, key=f"reply:{comment.pk}")
    ids = {int(pk) for _name, pk in MENTION.findall(comment.comment)}
    if ids:
        allowed = mentionable_profiles().filter(user_id__in=ids).values_list("user_id", flat=True)
        notify_mentioned(comment, set(allowed), author)
