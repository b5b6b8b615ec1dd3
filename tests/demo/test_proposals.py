"""The demo's member proposals: one in each state of the review, loaded once."""

from contributions.models import Proposal, ProposalStatus
from demo.proposals import PROPOSALS, load_proposals


def test_demo_proposals_cover_every_state(make_member, sections):
    make_member("editrice@cmhub.example", groups=("Members", "Editors"), first_name="Inès")
    for item in PROPOSALS:
        make_member(item["member"])
    summary = load_proposals()
    assert summary.startswith("4 member proposals")
    statuses = dict(Proposal.objects.values_list("member__email", "status"))
    assert statuses == {item["member"]: item["state"] for item in PROPOSALS}
    published = Proposal.objects.get(status=ProposalStatus.PUBLISHED)
    assert published.page.live
    assert published.page.specific.shared_by == published.member
    assert Proposal.objects.get(status=ProposalStatus.CHANGES_REQUESTED).feedback
    assert load_proposals().startswith("0 member proposals")
