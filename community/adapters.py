"""django-allauth glue: how CM Hub's accounts behave.

Joining is open to the staff of registered institutions (their e-mail
domain is one of an `InstitutionEmailDomain`) and to people an editor
invited (`Invitation`). Everyone verifies their address before the first
login (ACCOUNT_EMAIL_VERIFICATION = "mandatory").
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django import forms
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Institution, InstitutionEmailDomain, Invitation, MemberProfile

#: Where the sign-up view keeps the token of the invitation link it was opened with.
INVITATION_SESSION_KEY = "cmhub_invitation_token"

MEMBERS_GROUP = "Members"


def invitation_from_request(request):
    """The pending invitation whose token the visitor brought, if any."""
    if request is None:
        return None
    token = request.GET.get("invitation") or request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    return Invitation.objects.pending().filter(token=token).first()


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up by institution e-mail domain or by invitation."""

    def is_open_for_signup(self, request):
        if request.GET.get("invitation"):
            invitation = invitation_from_request(request)
            if invitation is None:
                # An unknown, used or expired link: say so (signup_closed.html).
                request.session.pop(INVITATION_SESSION_KEY, None)
                return False
            request.session[INVITATION_SESSION_KEY] = invitation.token
            return True
        return (
            invitation_from_request(request) is not None or InstitutionEmailDomain.objects.exists()
        )

    def clean_email(self, email):
        """On the sign-up page only (this also cleans the password-reset and
        add-address forms), the address must belong to an institution's
        domain or hold a pending invitation."""
        email = super().clean_email(email)
        request = context.request
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "account_signup":
            return email
        if Institution.for_email(email) is None and not (
            Invitation.objects.pending().for_email(email).exists()
        ):
            raise forms.ValidationError(
                _(
                    "CM Hub is open to the staff of member institutions: use your work "
                    "e-mail address. If your institution is not registered yet, ask an "
                    "editor for an invitation."
                ),
                code="domain_not_allowed",
            )
        return email

    def save_user(self, request, user, form, commit=True):
        """New members join the Members group, get a profile linked to their
        institution, and use up their invitation."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(*Group.objects.filter(name=MEMBERS_GROUP))
            MemberProfile.for_user(user)
            Invitation.objects.pending().for_email(user.email).update(accepted_at=timezone.now())
            if request is not None:
                request.session.pop(INVITATION_SESSION_KEY, None)
        return user


def user_display(user):
    """How allauth names a member in messages: full name, else e-mail."""
    return user.get_full_name() or user.email
