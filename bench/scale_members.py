"""The data set's members (bench/scale.py): accounts with a verified
address, in the Members group, with a profile (institution, job title, a
short bio; nine in ten listed in the directory)."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from bench.scale_bulk import Progress, chunks
from bench.scale_text import FIRST_NAMES, LAST_NAMES, sentence
from community.models import MemberProfile
from demo.loader import DEMO_PASSWORD

#: Generated members' addresses are scale<number>@MEMBER_DOMAIN.
MEMBER_DOMAIN = "scale.cmhub.example"


def generated_members():
    return get_user_model().objects.filter(email__endswith="@" + MEMBER_DOMAIN)


def add_members(loader):
    """Add members until there are `loader.members`; returns the new ones' ids."""
    User = get_user_model()
    rng = loader.rng
    existing = generated_members().count()
    missing = loader.members - existing
    if missing <= 0:
        loader.report(f"members: {existing:,} already there")
        return []
    password = make_password(DEMO_PASSWORD if loader.sign_in else None)
    group = Group.objects.get(name="Members")
    progress = Progress("members", missing, loader.out)
    added = []
    for numbers in chunks(range(existing, loader.members)):
        users = [
            User(
                username=f"scale{number}@{MEMBER_DOMAIN}",
                email=f"scale{number}@{MEMBER_DOMAIN}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=password,
                preferred_language="fr" if number % 3 else "en",
                date_joined=loader.now - datetime.timedelta(days=number % 900),
            )
            for number in numbers
        ]
        with transaction.atomic():
            User.objects.bulk_create(users)
            EmailAddress.objects.bulk_create(
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in users
            )
            User.groups.through.objects.bulk_create(
                User.groups.through(user_id=user.pk, group_id=group.pk) for user in users
            )
            MemberProfile.objects.bulk_create(
                MemberProfile(
                    user=user,
                    institution_id=rng.choice(loader.institutions),
                    job_title=rng.choice(
                        ["Community manager", "Chargée de communication digitale"]
                    ),
                    bio=sentence(rng, user.preferred_language),
                    visible_in_directory=rng.random() < 0.9,
                )
                for user in users
            )
        added += [user.pk for user in users]
        progress.advance(len(users))
    loader.report(f"members: {loader.members:,} (added {missing:,})")
    return added
