"""What the load benchmark (bench/load.py) measures, worked out in Django
processes on the bench database: the page kinds and their URLs, the session
cookies of the members who load them, the SQL queries of one request per
kind, and CM Hub's search engine called directly."""

import time

from common import emit, percentile, setup_django

MEMBERS = 8
#: Single requests measured per page kind and state (the median time is kept).
SAMPLES = 3

#: Page kinds in the order of the table, with what they show.
KINDS = [
    ("ceiling", "bare Django view, same stack (the ceiling)"),
    ("home", "member dashboard, French and English"),
    ("resource_index", "guides list with topic and platform filters"),
    ("guide_300", "a guide with 300 comments"),
    ("guide", "guides, talks, job profiles, case studies"),
    ("compare", "two job profiles compared"),
    ("event_index", "events list, upcoming, pages 1-3"),
    ("event", "event pages"),
    ("calendar", "events calendar, this month and the next"),
    ("profile", "member profiles"),
    ("directory", "member directory, pages 1-3"),
    ("search_many", "search, common words (thousands of hits)"),
    ("search_none", "search that finds nothing"),
    ("autocomplete", "autocomplete, 3-letter prefixes"),
]
SEARCH_KINDS = ("search_many", "search_none", "autocomplete")


def worker(name):
    """In a worker process (`load.py --worker NAME`): start Django, work out
    the plan, the SQL counts or the search timings, and hand them over."""
    setup_django()
    emit({"plan": plan, "queries": count_queries, "search": time_search}[name]())


def members():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    demo = list(User.objects.filter(email="membre@cmhub.example"))
    others = list(
        User.objects.filter(email__endswith="@scale.cmhub.example").order_by("pk")[
            : MEMBERS - len(demo)
        ]
    )
    return demo + others


def session_cookie(user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    # A browser keeps the CSRF cookie it was given; without it every page
    # would mint a new one and nothing per member could be cached.
    csrf = get_random_string(32)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def plan_urls():
    import datetime

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.http import urlencode

    from community.models import MemberProfile, Platform, Topic
    from events.models import EventIndexPage, EventPage
    from resources.models import (
        CaseStudyIndexPage,
        CaseStudyPage,
        GuideIndexPage,
        GuidePage,
        JobProfileIndexPage,
        JobProfilePage,
        TalkIndexPage,
        TalkPage,
    )

    urls = {"ceiling": ["/bench/ceiling/"], "home": ["/fr/", "/en/"]}
    guides = GuideIndexPage.objects.get(locale__language_code="fr").url
    topics = list(Topic.objects.filter(locale__language_code="fr").values_list("slug", flat=True))
    platforms = list(Platform.objects.canonical().values_list("slug", flat=True))
    urls["resource_index"] = [guides] + [
        f"{guides}?{urlencode({'topic': topic, 'platform': platform})}"
        for topic in topics[:5]
        for platform in platforms[:2]
    ]
    for model in (TalkIndexPage, JobProfileIndexPage, CaseStudyIndexPage):
        section = model.objects.get(locale__language_code="fr").url
        urls["resource_index"] += [section, f"{section}?{urlencode({'topic': topics[0]})}"]
    big = GuidePage.objects.get(import_key="scale-guidepage-0")
    urls["guide_300"] = [big.url]
    pages = []
    for model in (GuidePage, TalkPage, JobProfilePage, CaseStudyPage):
        pages += list(model.objects.live().filter(import_key__startswith="scale-")[1:11])
    urls["guide"] = [page.url for page in pages]
    jobs = JobProfileIndexPage.objects.get(locale__language_code="fr")
    profiles = list(
        JobProfilePage.objects.live().filter(locale=jobs.locale).values_list("pk", flat=True)[:20]
    )
    compare = jobs.url + jobs.reverse_subpage("compare")
    urls["compare"] = [
        f"{compare}?{urlencode({'profiles': [a, b]}, doseq=True)}"
        for a, b in zip(profiles[::2], profiles[1::2], strict=False)
    ]
    events = EventIndexPage.objects.get(locale__language_code="fr").url
    urls["event_index"] = [events, f"{events}?page=2", f"{events}?page=3"]
    upcoming = EventPage.objects.live().filter(start__gte=timezone.now())
    urls["event"] = [page.url for page in upcoming[:20]]
    today = timezone.localdate()
    following = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    urls["calendar"] = [
        f"{events}calendar/",
        f"{events}calendar/{following.year}/{following.month}/",
    ]
    listed = MemberProfile.objects.in_directory().values_list("user_id", flat=True)[:8]
    urls["profile"] = [reverse("members:profile", args=[pk]) for pk in listed]
    directory = reverse("members:directory")
    urls["directory"] = [directory, f"{directory}?page=2", f"{directory}?page=3"]
    search = reverse("search")
    words = ["réseaux", "étudiants", "communauté", "engagement", "campagne", "vidéo"]
    urls["search_many"] = [f"{search}?{urlencode({'q': word})}" for word in words]
    urls["search_none"] = [
        f"{search}?{urlencode({'q': f'zorglub{n} quixotique'})}" for n in range(20)
    ]
    suggest = reverse("search_autocomplete")
    urls["autocomplete"] = [
        f"{suggest}?{urlencode({'q': prefix})}"
        for prefix in ["rés", "étu", "com", "eng", "cam", "vid", "lin", "ins", "cri", "for"]
    ]
    return urls


def plan():
    from django.contrib.auth import get_user_model
    from django.utils import translation
    from django_comments_xtd.models import XtdComment

    from events.models import EventPage, Registration
    from resources.models import RESOURCE_MODELS

    translation.activate("fr")
    counts = (
        f"{sum(model.objects.count() for model in RESOURCE_MODELS):,} resources, "
        f"{EventPage.objects.count():,} events, {Registration.objects.count():,} registrations, "
        f"{XtdComment.objects.count():,} comments, {get_user_model().objects.count():,} members"
    )
    return {
        "urls": plan_urls(),
        "cookies": [session_cookie(user) for user in members()],
        "counts": counts,
    }


def count_cache_round_trips():
    """Record every round trip to Redis: each command or pipeline the redis
    client sends on a connection (an MGET, a pipeline's batch, a GET, a
    SET...) appends one to the list returned. What the process answers on
    its own (the read-ahead's copy of the request's entries, a per-process
    memo) never reaches Redis and is not counted."""
    from redis.connection import AbstractConnection

    calls = []
    original = AbstractConnection.send_packed_command

    def counted(self, command, *args, **kwargs):
        calls.append(1)
        return original(self, command, *args, **kwargs)

    AbstractConnection.send_packed_command = counted
    return calls


def commented_page(kind, url):
    """The page a comment is posted on before the first visit of ``kind``
    after a comment: the page at ``url`` when it has a discussion (a guide,
    an event), otherwise the newest French guide, which the dashboard and the
    guides list show (the worst case: a count they show changes)."""
    from wagtail.models import Page

    from resources.models import GuidePage

    if kind in ("guide", "guide_300", "event"):
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        page = Page.objects.live().filter(slug=slug, locale__language_code="fr").first()
        if page is not None:
            return page.specific
    return (
        GuidePage.objects.live()
        .filter(locale__language_code="fr")
        .order_by("-first_published_at", "-pk")
        .first()
    )


def post_comment(page, member):
    """A public comment on ``page``, saved as the comment view saves one (its
    signals run: the page's count and discussion change)."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django_comments_xtd.models import XtdComment

    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        user=member,
        user_name=member.get_full_name() or member.get_username(),
        user_email=member.email,
        comment="Un avis posté pendant la mesure.",
        submit_date=timezone.now(),
        is_public=True,
    )


def count_queries():
    """Per page kind, as the demo member: the SQL queries, cache round trips
    and time of one request in-process, warm (cached parts fresh), on the
    first visit after a publish (the content and tree versions bumped, as
    publishing a page does: every cached part stale) and on the first visit
    after a comment (one posted on a page of that kind, or on the newest
    guide, which the dashboard and the guides list show). Each is measured
    SAMPLES times: the median time, the most queries and round trips."""
    import time as clock

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from core import counters, fragments, routing

    translation.activate("fr")
    member = members()[0]
    client = Client()
    client.force_login(member)
    client.get("/fr/")  # the CSRF cookie, as a member who has been browsing
    round_trips = count_cache_round_trips()
    figures = {}
    posted = []

    def measure(url):
        round_trips.clear()
        started = clock.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        elapsed = round((clock.perf_counter() - started) * 1000, 1)
        return elapsed, len(captured), len(round_trips), response.status_code

    for kind, urls in plan_urls().items():
        url = urls[-1]
        row = {}
        client.get(url)  # as a member who has been here before
        for label in ("cold", "warm", "comment"):
            if label == "comment" and kind == "ceiling":
                continue
            samples = []
            for _ in range(SAMPLES):
                if label == "cold":
                    fragments.bump()
                    counters.bump_counter(routing.TREE_KEY)
                elif label == "comment":
                    client.get(url)  # warm again
                    posted.append(post_comment(commented_page(kind, url), member))
                else:
                    client.get(url)
                samples.append(measure(url))
            # The median time; the most queries and round trips seen.
            row[f"{label}_ms"] = sorted(sample[0] for sample in samples)[len(samples) // 2]
            row[f"{label}_sql"] = max(sample[1] for sample in samples)
            row[f"{label}_cache"] = max(sample[2] for sample in samples)
            row["status"] = samples[-1][3]
        figures[kind] = row
    for comment in posted:
        comment.delete()
    return figures


def time_search(runs=20):
    """CM Hub's engine on the whole data set, facets on, as a member."""
    from django.db import connection

    from resources.models import RESOURCE_MODELS
    from search.backends import get_engine
    from search.query import SearchQuery, parse_groups

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from search.service import visibility_of

    engine = get_engine()
    member = visibility_of(members()[0])
    french, english = ("fr", ""), ("en", "")
    cases = [
        ("réseaux", "réseaux", french, {}),
        ("étudiants campagne", "étudiants campagne", french, {}),
        ("students (English)", "students", english, {}),
        ("réseaux + 2 facets", "réseaux", french, {"type": "guide", "platform": "instagram"}),
        ("rare word", "mastodon", french, {}),
    ]
    results = []
    for name, text, locales, filters in cases:
        query = SearchQuery(
            text=text,
            groups=parse_groups(text, locales[0]),
            locales=locales,
            filters=filters,
            visibility=member,
            sort="relevance",
            limit=20,
            with_facets=True,
        )
        timings, hits = [], 0
        for number in range(runs + 2):
            started = time.perf_counter()
            page = engine.search(query)
            elapsed = (time.perf_counter() - started) * 1000
            hits = page.total
            if number >= 2:
                timings.append(elapsed)
        timings.sort()
        results.append(
            {
                "name": name,
                "hits": hits,
                "p50_ms": round(timings[len(timings) // 2], 1),
                "p95_ms": round(percentile(timings, 0.95), 1),
            }
        )
        print(f"{name}: {hits} hits, p95 {results[-1]['p95_ms']} ms", flush=True)
    pages = sum(model.objects.live().count() for model in RESOURCE_MODELS)
    return {"resources": pages, "cases": results}
