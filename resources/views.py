"""Views of resources that are not pages: the member's feed token."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import ResourceFeedToken


@require_POST
def regenerate_feed_token(request):
    """Give the member a new feed address; the old one stops working."""
    ResourceFeedToken.for_user(request.user).regenerate()
    messages.success(
        request,
        _(
            "Your feed has a new address. Update it in your feed reader: "
            "the old one no longer works."
        ),
    )
    return redirect("account")
