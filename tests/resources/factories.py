"""Helpers that build resources the way the admin or the demo would."""

import datetime

from community.models import Institution, Person, Platform, Topic
from resources.models import CaseStudyPage, GuidePage, JobProfilePage, TalkPage, TalkSpeaker


def publish(parent, page, topics=(), platforms=()):
    parent.add_child(instance=page)
    if topics:
        page.topics = list(topics)
    if platforms:
        page.platforms = list(platforms)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_guide(parent, number=0, **fields):
    fields.setdefault("title", f"Guide {number}")
    fields.setdefault("slug", f"guide-{number}")
    fields.setdefault("summary", f"Résumé du guide {number}.")
    fields.setdefault(
        "body",
        [
            ("step", {"title": "Ouvrir les paramètres", "text": "<p>Menu Paramètres.</p>"}),
            ("checklist", {"title": "Avant", "items": ["Logo", "Charte"]}),
        ],
    )
    topics = fields.pop("topics", ())
    platforms = fields.pop("platforms", ())
    return publish(parent, GuidePage(**fields), topics, platforms)


def make_talk(parent, number=0, speakers=(), **fields):
    fields.setdefault("title", f"Intervention {number}")
    fields.setdefault("slug", f"talk-{number}")
    fields.setdefault("summary", "Une intervention.")
    fields.setdefault("date", datetime.date(2026, 3, 12))
    topics = fields.pop("topics", ())
    page = TalkPage(**fields)
    page.speakers = [TalkSpeaker(person=person) for person in speakers]
    return publish(parent, page, topics)


def make_job_profile(parent, number=0, **fields):
    fields.setdefault("title", f"Profil {number}")
    fields.setdefault("slug", f"profil-{number}")
    fields.setdefault("summary", "Un métier.")
    fields.setdefault("missions", "Animer les comptes\nRépondre aux messages")
    topics = fields.pop("topics", ())
    return publish(parent, JobProfilePage(**fields), topics)


def make_case_study(parent, number=0, **fields):
    fields.setdefault("title", f"Cas {number}")
    fields.setdefault("slug", f"cas-{number}")
    fields.setdefault("summary", "Un retour d'expérience.")
    fields.setdefault("kind", "success")
    fields.setdefault("context", "<p>Quinze jours pour recruter.</p>")
    topics = fields.pop("topics", ())
    platforms = fields.pop("platforms", ())
    return publish(parent, CaseStudyPage(**fields), topics, platforms)


def make_topic(locale, slug="veille", name="Veille"):
    return Topic.objects.create(locale=locale, slug=slug, name=name)


def make_institution(name="Université Test", kind="university", **fields):
    return Institution.objects.create(name=name, kind=kind, **fields)


def make_person(locale, first_name="Claire", last_name="Vasseur", **fields):
    return Person.objects.create(
        locale=locale, first_name=first_name, last_name=last_name, **fields
    )


def platform(slug):
    return Platform.objects.canonical().get(slug=slug)


def make_event(home, title="Rencontre annuelle", days=-30):
    """A live event under the home page's event list (created if needed)."""
    import zoneinfo

    from django.utils import timezone

    from events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = EventIndexPage(title="Événements", slug="evenements", summary="Ateliers.")
        home.add_child(instance=index)
    start = timezone.now().astimezone(zoneinfo.ZoneInfo("Europe/Paris")) + datetime.timedelta(
        days=days
    )
    event = EventPage(
        title=title,
        slug=f"event{abs(days)}",
        summary="Une journée.",
        kind="meetup",
        time_zone="Europe/Paris",
        start=start,
        end=start + datetime.timedelta(hours=6),
        city="Paris",
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event
