"""The editors' search report: what members searched over a period, what
found nothing, and how many searches a day (`SearchQueryStat` rows, one per
query, day and language). Each function is one aggregate query."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Sum
from django.utils import timezone

from .models import SearchQueryStat
from .statistics import shown_form

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
LANGUAGES = ("fr", "en")
TABLE_SIZE = 50


def parse_period(value):
    """A number of days among PERIODS; anything else is the default."""
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


def parse_language(value):
    """ "fr", "en", or "" for every language."""
    return value if value in LANGUAGES else ""


def period_days(days, today=None):
    """The days of the period, oldest first, today included."""
    today = today or timezone.localdate()
    return [today - datetime.timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def _stats(days, language, today=None):
    first = period_days(days, today)[0]
    rows = SearchQueryStat.objects.filter(day__gte=first)
    if today is not None:
        rows = rows.filter(day__lte=today)
    if language:
        rows = rows.filter(locale=language)
    return rows


def top_queries(days, language="", limit=TABLE_SIZE, today=None):
    """The most frequent searches: [{query, searches, zero_results}], most
    searched first, grouped by their normal form and shown as members typed
    them (`search.statistics.shown_form`). `limit=None` for all of them."""
    rows = (
        _stats(days, language, today)
        .values("query")
        .annotate(total=Sum("searches"), empty=Sum("zero_results"), shown=shown_form())
        .order_by("-total", "query")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        {
            "query": row["shown"] or row["query"],
            "searches": row["total"],
            "zero_results": row["empty"],
        }
        for row in rows
    ]


def zero_result_queries(days, language="", limit=TABLE_SIZE, today=None):
    """The searches that found nothing: [{query, count, last_seen}], the
    most frequent first; `last_seen` is the last day one found nothing."""
    rows = (
        _stats(days, language, today)
        .filter(zero_results__gt=0)
        .values("query")
        .annotate(count=Sum("zero_results"), last_seen=Max("day"), shown=shown_form())
        .order_by("-count", "-last_seen", "query")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        {
            "query": row["shown"] or row["query"],
            "count": row["count"],
            "last_seen": row["last_seen"],
        }
        for row in rows
    ]


def totals(days, language="", today=None):
    """{searches, zero_results, zero_share}: zero_share from 0 to 1."""
    sums = _stats(days, language, today).aggregate(
        searches=Sum("searches"), zero_results=Sum("zero_results")
    )
    searches = sums["searches"] or 0
    zero = sums["zero_results"] or 0
    return {
        "searches": searches,
        "zero_results": zero,
        "zero_share": zero / searches if searches else 0.0,
    }


def daily_counts(days, language="", today=None):
    """[(day, searches, zero_results)] for every day of the period, oldest
    first, days without a search included."""
    sums = {
        row["day"]: (row["total"], row["empty"])
        for row in _stats(days, language, today)
        .values("day")
        .annotate(total=Sum("searches"), empty=Sum("zero_results"))
        .order_by()
    }
    return [(day, *sums.get(day, (0, 0))) for day in period_days(days, today)]


# --- Chart -----------------------------------------------------------------


@dataclass
class Bar:
    day: datetime.date
    searches: int
    zero_results: int
    x: float
    width: float
    y: float  # top of the searches bar
    height: float
    zero_y: float  # top of the zero-result bar (drawn over the other)
    zero_height: float


@dataclass
class Chart:
    width: int
    height: int
    top: int  # the plot area, inside the margins
    bottom: int
    left: int
    right: int
    maximum: int
    bars: list
    ticks: list  # [(y, value)] gridlines
    labels: list  # [(x, day)] some days under the axis


def nice_maximum(value):
    """The axis maximum: 1, 2, 5 × a power of ten, at least `value`."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def chart(daily, width=720, height=240):
    """The geometry of the daily bar chart (SVG user units): one bar per
    day for the searches, the zero-result ones drawn over it."""
    left, right, top, bottom = 40, width - 8, 10, height - 28
    maximum = nice_maximum(max((searches for _, searches, _ in daily), default=0))
    plot_height = bottom - top
    slot = (right - left) / max(1, len(daily))
    gap = min(2.0, slot * 0.2)

    def scale(value):
        return round(plot_height * value / maximum, 2)

    bars = []
    for index, (day, searches, zero) in enumerate(daily):
        x = round(left + index * slot + gap / 2, 2)
        bar_height, zero_height = scale(searches), scale(zero)
        bars.append(
            Bar(
                day=day,
                searches=searches,
                zero_results=zero,
                x=x,
                width=round(slot - gap, 2),
                y=round(bottom - bar_height, 2),
                height=bar_height,
                zero_y=round(bottom - zero_height, 2),
                zero_height=zero_height,
            )
        )
    ticks = [(round(bottom - scale(value), 2), value) for value in (0, maximum / 2, maximum)]
    ticks = [(y, int(value) if value == int(value) else value) for y, value in ticks]
    every = max(1, round(len(daily) / 6))
    labels = [
        (round(bar.x + bar.width / 2, 2), bar.day)
        for index, bar in enumerate(bars)
        if (len(bars) - 1 - index) % every == 0
    ]
    return Chart(
        width=width,
        height=height,
        top=top,
        bottom=bottom,
        left=left,
        right=right,
        maximum=maximum,
        bars=bars,
        ticks=ticks,
        labels=labels,
    )


def report(days, language="", today=None):
    """Everything the report page shows."""
    daily = daily_counts(days, language, today)
    return {
        "days": days,
        "language": language,
        "first_day": daily[0][0],
        "last_day": daily[-1][0],
        "totals": totals(days, language, today),
        "top_queries": top_queries(days, language, today=today),
        "zero_result_queries": zero_result_queries(days, language, today=today),
        "daily": daily,
        "chart": chart(daily),
    }
