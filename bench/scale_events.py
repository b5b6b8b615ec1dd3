"""The data set's events (bench/scale.py): workshops over two years, past
and upcoming, each with 6 seats taken by generated members and 2 on the
waiting list."""

import datetime

from django.db import transaction

from bench.scale_bulk import Progress, chunks, insert_numbered_pages
from bench.scale_text import SUBJECTS, block, html, paragraph
from events.models import EventIndexPage, EventKind, EventPage, Registration, RegistrationStatus

#: Generated events' slugs are EVENT_SLUG_PREFIX<number>.
EVENT_SLUG_PREFIX = "atelier-scale-"


def add_events(loader):
    """Add events until there are `loader.events`, with their registrations;
    returns [(EventPage, page id)] of the pages it created."""
    existing = EventPage.objects.filter(slug__startswith=EVENT_SLUG_PREFIX).count()
    missing = loader.events - existing
    if missing <= 0:
        return []
    parents = {
        code: EventIndexPage.objects.get(locale__language_code=code) for code in ("fr", "en")
    }
    created = []
    progress = Progress("events", missing, loader.out)
    members = loader.member_pool()
    for numbers in chunks(range(existing, loader.events)):
        with transaction.atomic():
            pages = insert_numbered_pages(
                parents, EventPage, numbers, lambda n, language: event(loader, n, language)
            )
            Registration.objects.bulk_create(
                registration(loader, pk, rank, member)
                for _model, pk in pages
                for rank, member in enumerate(loader.rng.sample(members, k=min(8, len(members))))
            )
        created += pages
        progress.advance(len(numbers))
    loader.report(f"events: {loader.events:,} generated ({len(created):,} added)")
    return created


def registration(loader, event_id, rank, member_id):
    """The first six members to register get a seat, the others wait."""
    seated = rank < 6
    return Registration(
        event_id=event_id,
        member_id=member_id,
        status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITLISTED,
        waitlist_position=None if seated else rank - 5,
        confirmed_at=loader.now if seated else None,
    )


def event(loader, number, language):
    """An unsaved event page, in person or online, one to three hours long."""
    rng = loader.rng
    subject = rng.choice(SUBJECTS[language])
    opening = "Atelier :" if language == "fr" else "Workshop:"
    start = loader.now + datetime.timedelta(days=rng.randint(-700, 300), hours=rng.randint(0, 8))
    start = start.replace(minute=0, second=0, microsecond=0)
    page = EventPage(
        title=f"{opening} {subject} ({number})",
        slug=f"{EVENT_SLUG_PREFIX}{number}",
        summary=paragraph(rng, language, 2)[:600],
        kind=rng.choice(EventKind.values),
        start=start,
        end=start + datetime.timedelta(hours=rng.choice([1, 2, 3])),
        is_online=rng.random() < 0.4,
        city=rng.choice(["Paris", "Lyon", "Montréal", "Québec", "Lille", "Nantes"]),
        host_institution_id=rng.choice(loader.institutions),
        capacity=6,
        description=[block("paragraph", html(rng, language, 2))],
        first_published_at=start - datetime.timedelta(days=40),
    )
    page._m2m = {
        "topics": rng.sample(loader.topics[language], k=1),
        "audiences": rng.sample(loader.audiences, k=1),
    }
    return page
