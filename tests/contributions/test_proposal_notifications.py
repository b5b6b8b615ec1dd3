"""The member hears of their proposal in the site (the bell) and, unless
they chose otherwise, by e-mail: sent back for changes, published."""

# Fixtures come from test_proposals; tests take them as arguments.
# ruff: noqa: F811

import pytest

from contributions.models import ProposalStatus
from notifications.models import Notification, NotificationPreference

from .test_proposals import (  # noqa: F401 - fixtures
    approve_url,
    french,
    institution,
    member_mail,
    on_commit,
    submit,
)

pytestmark = pytest.mark.django_db


def test_sent_back_is_notified_in_the_site_and_by_email(
    client, member, editor, sections, institution, mailoutbox, on_commit
):
    proposal = submit(client, member, "guide", institution, on_commit)
    client.force_login(editor)
    with on_commit():
        client.post(
            approve_url(proposal.page.specific, "reject"), {"comment": "Ajoutez un exemple."}
        )
    (notification,) = Notification.objects.filter(recipient=member, kind="proposal")
    assert "renvoyée pour modifications" in notification.text()
    assert notification.context["details"] == "Ajoutez un exemple."
    # The link leads to the proposal, the editors' words above its form.
    client.force_login(member)
    page = client.get(notification.url).content.decode()
    assert "proposal-feedback" in page and "Ajoutez un exemple." in page
    assert "Ajoutez un exemple." in member_mail(mailoutbox, member)[-1].body


def test_in_the_site_only_sends_no_proposal_email(
    client, member, editor, sections, institution, mailoutbox, on_commit
):
    NotificationPreference.objects.create(user=member, kind="proposal", channel="site")
    proposal = submit(client, member, "guide", institution, on_commit)
    mailoutbox.clear()
    client.force_login(editor)
    with on_commit():
        client.post(approve_url(proposal.page.specific), {"comment": "Parfait."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED
    (notification,) = Notification.objects.filter(recipient=member, kind="proposal")
    assert "publiée" in notification.text()
    assert notification.page_id == proposal.page_id
    assert member_mail(mailoutbox, member) == []
