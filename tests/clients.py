"""Test clients."""

from django.test import Client


def logged_in(user):
    """A new browser, logged in as ``user``."""
    client = Client()
    client.force_login(user)
    return client
