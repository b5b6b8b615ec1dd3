"""The member's account page: the hub for what each app keeps per member."""

from django.shortcuts import render
from django.urls import reverse

from contributions.models import Proposal
from notifications.views import preference_rows
from resources.models import ResourceFeedToken

#: Proposals listed on the account page, newest first.
PROPOSALS_SHOWN = 50


def account(request):
    """What CM Hub knows and keeps for the member, with the links to manage it."""
    feed_token = ResourceFeedToken.for_user(request.user)
    feed_urls = {
        "rss": request.build_absolute_uri(reverse("resources:feed_rss", args=[feed_token.token])),
        "atom": request.build_absolute_uri(reverse("resources:feed_atom", args=[feed_token.token])),
    }
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
