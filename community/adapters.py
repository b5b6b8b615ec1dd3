"""django-allauth glue: how CM Hub's accounts behave."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by editors for now; public sign-up stays closed
    until joining by institution e-mail domain is in place."""

    def is_open_for_signup(self, request):
        return False


def user_display(user):
    """How allauth names a member in messages: full name, else e-mail."""
    return user.get_full_name() or user.email
