"""Builds the demo events from `demo.events`; idempotent (everything is
looked up by slug or e-mail before being created)."""

import datetime
import zoneinfo
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale

from community.models import Audience, Institution, Person, Topic
from events import services
from events.models import EventIndexPage, EventPage, EventSpeaker, Registration

from . import events as data


def parse_time(value):
    hours, minutes = value.split(":")
    return datetime.time(int(hours), int(minutes))


class EventsLoader:
    def __init__(self, french_home, english_home):
        self.french_home = french_home
        self.english_home = english_home
        self.english = Locale.objects.get(language_code="en")
        self.today = timezone.localdate()

    def load(self):
        french_index, english_index = self.load_index()
        seat_holders = self.load_seat_holders()
        demo_member = get_user_model().objects.filter(email=data.DEMO_MEMBER_EMAIL).first()
        people = {
            person.last_name: person for person in Person.objects.filter(locale=french_index.locale)
        }
        created = 0
        for item in data.EVENTS:
            event = EventPage.objects.filter(slug=item["slug"], locale=french_index.locale).first()
            if event is None:
                event = self.create_event(french_index, item, people)
                created += 1
            if "english" in item:
                self.translate(event, item["english"])
            members = seat_holders[: item["registrations"]]
            if demo_member and item["slug"] in data.DEMO_MEMBER_EVENTS:
                members.append(demo_member)
            self.fill_seats(event, members)
        return f"{len(data.EVENTS)} events ({created} new), {len(seat_holders)} seat holders"

    def load_index(self):
        french_index = EventIndexPage.objects.child_of(self.french_home).first()
        if french_index is None:
            french_index = EventIndexPage(
                title=data.INDEX["title"], slug=data.INDEX["slug"], summary=data.INDEX["summary"]
            )
            self.french_home.add_child(instance=french_index)
            french_index.save_revision().publish()
        english_index = EventIndexPage.objects.filter(
            translation_key=french_index.translation_key, locale=self.english
        ).first()
        if english_index is None:
            english_index = french_index.copy_for_translation(self.english)
            for field, value in data.INDEX["english"].items():
                setattr(english_index, field, value)
            english_index.save_revision().publish()
        return french_index, english_index

    def load_seat_holders(self):
        User = get_user_model()
        members = Group.objects.filter(name="Members")
        holders = []
        for first_name, last_name, domain, time_zone in data.SEAT_HOLDERS:
            email = f"{first_name}.{last_name}@{domain}".lower().replace(" ", "")
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "username": email.split("@")[0],
                    "first_name": first_name,
                    "last_name": last_name,
                    "time_zone": time_zone,
                },
            )
            if created:
                user.set_unusable_password()
                user.save()
                user.groups.set(members)
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            holders.append(user)
        return holders

    def create_event(self, index, item, people):
        zone = zoneinfo.ZoneInfo(item["time_zone"])
        day = self.today + datetime.timedelta(days=item["days"])
        end_day = self.today + datetime.timedelta(days=item["end_days"])
        if item["time"] == "now":  # ``days`` from now, at this half hour; "now+1": an hour on
            now = timezone.localtime(timezone=zone).replace(second=0, microsecond=0)
            start = now.replace(minute=now.minute // 30 * 30) + datetime.timedelta(
                days=item["days"]
            )
            end = start + datetime.timedelta(hours=int(item["end_time"].removeprefix("now+")))
        else:
            start = datetime.datetime.combine(day, parse_time(item["time"]), tzinfo=zone)
            end = datetime.datetime.combine(end_day, parse_time(item["end_time"]), tzinfo=zone)
        event = EventPage(
            title=item["title"],
            slug=item["slug"],
            summary=item["summary"],
            kind=item["kind"],
            time_zone=item["time_zone"],
            start=start,
            end=end,
            is_online="online_url" in item,
            online_url=item.get("online_url", ""),
            venue=item.get("venue", ""),
            address=item.get("address", ""),
            city=item.get("city", ""),
            country=item.get("country", "FR"),
            host_institution=Institution.objects.filter(name=item["host"]).first(),
            capacity=item["capacity"],
            prerequisites=item.get("prerequisites", ""),
            total_hours=Decimal(item["total_hours"]) if "total_hours" in item else None,
            description=[("paragraph", item["description"])] if "description" in item else [],
            program=[
                (
                    "part",
                    {
                        "title": title,
                        "day": day + datetime.timedelta(days=offset),
                        "start_time": parse_time(starts),
                        "end_time": parse_time(ends),
                        "duration": None,
                        "speaker": people.get(speaker),
                        "description": description,
                    },
                )
                for title, offset, starts, ends, speaker, description in item.get("program", [])
            ],
        )
        event.speakers = [
            EventSpeaker(person=people[name], sort_order=order)
            for order, name in enumerate(item["speakers"])
            if name in people
        ]
        index.add_child(instance=event)
        event.topics.set(Topic.objects.filter(slug__in=item["topics"], locale=index.locale))
        event.audiences.set(Audience.objects.filter(kind__in=item["audiences"]))
        event.save_revision().publish()
        return event

    def translate(self, event, english_fields):
        if EventPage.objects.filter(
            translation_key=event.translation_key, locale=self.english
        ).exists():
            return
        translation = event.copy_for_translation(self.english)
        for field, value in english_fields.items():
            if field == "description":
                value = [("paragraph", value)]
            elif field == "program":
                # The same parts (days, times, speakers), their words in English.
                value = [
                    ("part", {**dict(part.value), "title": title, "description": text})
                    for part, (title, text) in zip(event.program, value, strict=True)
                ]
            setattr(translation, field, value)
        translation.topics.set(
            Topic.objects.filter(
                translation_key__in=[topic.translation_key for topic in event.topics.all()],
                locale=self.english,
            )
        )
        translation.save_revision().publish()

    def fill_seats(self, event, members):
        """Register the seat holders (quietly: no e-mail). Events already
        over get their attendance recorded directly."""
        if Registration.objects.filter(event=event).exists():
            return
        if event.registration_is_open():
            for member in members:
                services.register(event, member, notify=False)
        else:
            Registration.objects.bulk_create(
                Registration(
                    event=event, member=member, status="confirmed", confirmed_at=event.start
                )
                for member in members
            )
