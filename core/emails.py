"""The e-mails CM Hub sends: one subject prefix and a plain-text body
rendered from a template."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

SUBJECT_PREFIX = "[CM Hub] "


def site_email(subject, template, context, to):
    """An e-mail to the address ``to``: ``subject`` after the site's prefix,
    the body rendered from the text ``template`` (in the active language)."""
    body = render_to_string(template, context)
    return EmailMessage(f"{SUBJECT_PREFIX}{subject}", body, to=[to])
