"""Demo search activity: a few weeks of what members searched (so the
editors' report and its chart have something to show) and one editors'
pick."""

import datetime
import random

from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from resources.models import TalkPage
from search.models import SearchQueryStat
from search.statistics import as_typed, normalise

# (query as members type it, language, searches on a typical day, share
# that found nothing); stored like real searches: grouped by the normal form
# ("droit a l image"), shown as typed ("droit à l'image").
QUERIES = [
    ("gestion de crise", "fr", 4, 0.0),
    ("infolettre", "fr", 3, 0.0),
    ("droit à l'image", "fr", 3, 0.0),
    ("community manager salaire", "fr", 2, 0.0),
    ("linkedin", "fr", 2, 0.0),
    ("portes ouvertes", "fr", 2, 0.0),
    ("charte graphique", "fr", 1, 0.0),
    ("tiktok", "fr", 2, 1.0),
    ("subvention", "fr", 1, 1.0),
    ("parcoursup", "fr", 1, 1.0),
    ("crisis", "en", 1, 0.0),
    ("job description", "en", 1, 0.0),
    ("threads", "en", 1, 1.0),
]
DAYS = 45


def load_search_activity():
    rng = random.Random(2026)  # noqa: S311 (demo figures, the same every time)
    today = timezone.localdate()
    rows = 0
    for offset in range(DAYS):
        day = today - datetime.timedelta(days=offset)
        weekday_factor = 0.3 if day.weekday() >= 5 else 1.0
        for typed, language, daily, empty_share in QUERIES:
            searches = round(daily * weekday_factor * rng.uniform(0.2, 1.8))
            if not searches:
                continue
            SearchQueryStat.objects.update_or_create(
                day=day,
                query=normalise(typed),
                locale=language,
                defaults={
                    "typed": as_typed(typed),
                    "searches": searches,
                    "zero_results": round(searches * empty_share),
                },
            )
            rows += 1
    picks = 0
    talk = TalkPage.objects.filter(slug="gestion-crise-methode-trois-temps").first()
    if talk is not None:
        SearchPromotion.objects.get_or_create(
            query=Query.get("crise"),
            page=talk,
            defaults={
                "description": "La méthode en trois temps présentée à la rencontre annuelle.",
                "sort_order": 0,
            },
        )
        picks = 1
    return f"{rows} days × queries of search activity, {picks} editors' pick"
