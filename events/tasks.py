"""Background work of the events app (django-tasks: immediate in development
and tests, the database queue and its worker in production)."""

from django_tasks import task

from notifications.api import wants_email

from .emails import registration_email
from .models import Registration


@task()
def send_registration_email(registration_id: int, message: str):
    """Send one of the registration e-mails ("confirmed", "waitlisted",
    "promoted", "cancelled") to the member, in their language."""
    registration = (
        Registration.objects.select_related("event", "member").filter(pk=registration_id).first()
    )
    if registration is None:
        return
    if message == "promoted" and not wants_email(registration.member, "waitlist"):
        return  # the member chose the notification in the site only, or nothing
    registration_email(registration, message).send()
