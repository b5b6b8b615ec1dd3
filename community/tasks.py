"""Background work of the community app (django-tasks)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from core.emails import site_email

from .models import Invitation


def invitation_signup_url(invitation, language_code):
    """The absolute address of the sign-up page carrying the invitation's token."""
    with translation.override(language_code):
        path = reverse("account_signup")
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}?invitation={invitation.token}"


@task()
def send_invitation_email(invitation_id: int):
    """Send the invitation (in French and English: the invited person has no
    preferred language yet) with the link to the sign-up page."""
    invitation = Invitation.objects.select_related("invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending:
        return
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by,
        "urls": {code: invitation_signup_url(invitation, code) for code in ("fr", "en")},
    }
    site_email(
        "Invitation à rejoindre CM Hub / Invitation to join CM Hub",
        "community/email/invitation.txt",
        context,
        invitation.email,
    ).send()
