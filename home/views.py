"""The member's account page: the hub for what each app keeps per member."""

from django.shortcuts import render

from contributions.models import Proposal
from notifications.views import preference_rows
from resources.feeds import member_feed_urls

#: Proposals listed on the account page, newest first.
PROPOSALS_SHOWN = 50


def account(request):
    """What CM Hub knows and keeps for the member, with the links to manage it."""
    feed_urls = member_feed_urls(request)
    proposals = Proposal.objects.filter(member=request.user).select_related("page")[
        :PROPOSALS_SHOWN
    ]
    return render(
        request,
        "home/account.html",
        {
            "feed_urls": feed_urls,
            "proposals": proposals,
            "preference_rows": preference_rows(request.user),
        },
    )
