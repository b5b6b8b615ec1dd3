"""Proposals made directly in the database, for tests that need a member's
shared resources without going through the form."""

from contributions.models import Proposal, ProposalStatus


def published_proposal(member, page, kind="guide"):
    """The published proposal through which ``member`` shared ``page`` (in French)."""
    return Proposal.objects.create(
        member=member,
        kind=kind,
        status=ProposalStatus.PUBLISHED,
        title=page.title,
        language="fr",
        page=page,
    )
