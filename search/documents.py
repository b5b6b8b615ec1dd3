"""How each kind of content becomes a `SearchDocument`: its text split by
weight (title, summary, keywords, body), its facet values, its language and
who may see it."""

import html
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import PageViewRestriction
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from community.models import MemberProfile, Platform
from resources.models import RESOURCE_KINDS, RESOURCE_MODELS

from .models import DocumentKind
from .text import SCAN_CHARS

KIND_OF_MODEL = {
    **{model._meta.model_name: DocumentKind(kind) for kind, model in RESOURCE_KINDS.items()},
    "eventpage": DocumentKind.EVENT,
}
SUMMARY_FIELDS = {"summary", "search_description"}
#: The part of a page's text that is indexed. A longer body (an editor can
#: paste a book into rich text) would overflow PostgreSQL's 1 MB tsvector and
#: fail the page's indexing; members search guides by what they are about,
#: which their first 200,000 characters say.
BODY_CHARS = 200_000


@dataclass
class Draft:
    """A document before it is saved: its column values and its tags."""

    key: str
    values: dict
    tags: list = field(default_factory=list)  # [(facet, value)]


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set):
        return [text for item in value for text in _flatten(item)]
    if hasattr(value, "all") and callable(value.all):  # a related manager
        return [str(item) for item in value.all()]
    return [str(value)]


def _related_text(related, obj):
    """The text of `index.RelatedFields`, followed down to its fields."""
    value = related.get_value(obj)
    if value is None:
        return []
    objects = list(value.all()) if hasattr(value, "all") else [value]
    texts = []
    for item in objects:
        for sub in related.fields:
            if isinstance(sub, index.RelatedFields):
                texts += _related_text(sub, item)
            elif isinstance(sub, index.SearchField):
                texts += _flatten(sub.get_value(item))
    return texts


#: The most characters of prose kept for snippets: one more than they read
#: (search.text.SCAN_CHARS), so that they know when the text goes on.
PROSE_CHARS = SCAN_CHARS + 1
#: The end of a sentence or clause: a line or a field ending so is followed
#: by a space, any other by " · " (lists "one per line" are not glued).
CLAUSE_END = tuple(".!?…:;")


#: The end of a block of rich text: a line of its own in the prose.
BLOCK_END_RE = re.compile(r"</(?:p|h\d|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def join_prose(texts):
    """Lines and fields as one text without gluing them ("Écouter ·
    Répondre."), cut at PROSE_CHARS (a body may be megabytes long)."""
    parts, size = [], 0
    for text in texts:
        for line in text[:PROSE_CHARS].splitlines():
            line = line.strip()
            if not line:
                continue
            if parts:
                parts.append(" " if parts[-1].endswith(CLAUSE_END) else " · ")
            parts.append(line)
            size += len(line) + 3
            if size > PROSE_CHARS:
                return "".join(parts)[:PROSE_CHARS]
    return "".join(parts)


def page_prose(page):
    """What snippets show of a page beside its summary: its long text fields
    (text, rich text, stream fields) in its own language, without the short
    fields (city, venue), the related names (topics, institution, speakers)
    or the tags (platforms, audiences in both languages) that the body
    and keywords also hold for matching."""
    texts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or isinstance(
            search_field, index.RelatedFields
        ):
            continue
        name = search_field.field_name
        if name in SUMMARY_FIELDS or name == "title" or (search_field.boost or 1) >= 2:
            continue
        try:
            model_field = page._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, models.TextField | StreamField):
            texts += [
                html.unescape(strip_tags(text)) for text in _flatten(search_field.get_value(page))
            ]
    return join_prose(texts)


def page_text(page):
    """(summary, keywords, body) from the page type's own `search_fields`:
    fields boosted twice or more and related fields (institution, topics,
    speakers) are keywords; the rest is body."""
    summary, keywords, body = [], [], []
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.RelatedFields):
            keywords += _related_text(search_field, page)
        elif isinstance(search_field, index.SearchField):
            name = search_field.field_name
            if name == "title":
                continue
            texts = [strip_tags(text) for text in _flatten(search_field.get_value(page))]
            if name in SUMMARY_FIELDS:
                summary += texts
            elif (search_field.boost or 1) >= 2:
                keywords += texts
            else:
                body += texts
    join = " ".join
    return join(summary), join(keywords), join(body)


#: Words members use for each kind of event, in both languages: a workshop
#: or a training module is a "formation" to a French-speaking CM.
EVENT_KIND_WORDS = {
    "workshop": "atelier formation pratique workshop training",
    "training": "module de formation formation cours training module course",
    "webinar": "webinaire visioconférence en ligne webinar video conference online",
    "talk": "conférence intervention talk",
    "meetup": "rencontre réseautage meet-up meetup networking",
}
#: What a job profile's salary is called, so that "salaire", "rémunération"
#: or "pay" find the profiles that give one.
SALARY_WORDS = "salaire rémunération salary pay"
CURRENCY_WORDS = {
    "EUR": "€ EUR euros",
    "CAD": "$ CAD dollars canadiens canadian dollars",
    "CHF": "CHF francs suisses swiss francs",
}


def _both_languages(label):
    """A translatable label in French and English ("Étudiants Students")."""
    labels = []
    for language in ("fr", "en"):
        with translation.override(language):
            labels.append(str(label))
    return " ".join(dict.fromkeys(labels))


def _choice_label(obj, name):
    """The (lazy, translatable) label of a field's choice, "" if none."""
    value = getattr(obj, name)
    return dict(obj._meta.get_field(name).flatchoices).get(value, value or "")


def salary_words(page):
    """A job profile's salary as words: "salaire rémunération salary pay
    38000 38 000 45000 45 000 € EUR euros Québec"; "" without a salary."""
    amounts = [amount for amount in (page.salary_min, page.salary_max) if amount]
    if not amounts:
        return ""
    numbers = []
    for amount in amounts:
        numbers.append(str(amount))
        if amount >= 1000:
            numbers.append(f"{amount // 1000} {amount % 1000:03d}")
    return " ".join(
        [
            SALARY_WORDS,
            *numbers,
            CURRENCY_WORDS.get(page.salary_currency, page.salary_currency),
            _both_languages(_choice_label(page, "salary_region")),
        ]
    )


def classification_words(page):
    """The words of what classifies a page but is not in its text, as
    (keywords, tags): an event's kind and topics and a job profile's salary
    are keywords (weighted as the summary); platforms and audiences (in both
    languages) are tags, which a page may carry without being about them,
    so they weigh as the body."""
    keywords = []
    if page._meta.model_name == "eventpage":
        keywords.append(EVENT_KIND_WORDS.get(page.kind, ""))
        keywords.append(_both_languages(_choice_label(page, "kind")))
        keywords += [topic.name for topic in page.topics.all()]
    if page._meta.model_name == "jobprofilepage":
        keywords.append(salary_words(page))
    tags = platform_names(page)
    tags += [
        _both_languages(_choice_label(audience, "kind")) for audience in _all(page, "audiences")
    ]
    return " ".join(word for word in keywords if word), " ".join(tags)


def platform_names(page):
    """The names of the page's platforms in every language, from the rows
    `indexable_pages` prefetched with their names, else in one query."""
    platforms = _all(page, "platforms")
    if platforms and not hasattr(platforms[0], Platform.name_attribute(settings.LANGUAGE_CODE)):
        platforms = Platform.objects.with_names().filter(pk__in=[row.pk for row in platforms])
    return [name for platform in platforms for name in platform.names()]


def kind_labels(kind):
    """The name of a kind in both languages ("fiche de poste job profile"),
    so that "fiche de poste community manager" finds the job profiles."""
    labels = []
    for language in ("fr", "en"):
        with translation.override(language):
            labels.append(str(DocumentKind(kind).label))
    return " ".join(dict.fromkeys(labels))


def page_groups(page, restrictions=None):
    """None if no member search may show the page (password), "" if every
    member may, else "|id|id|": the groups allowed by its restrictions.

    `restrictions` (a RestrictionIndex) saves a query per page when many
    pages are indexed at once."""
    if restrictions is None:
        rules = [
            (
                restriction.restriction_type,
                lambda r=restriction: r.groups.values_list("pk", flat=True),
            )
            for restriction in page.get_view_restrictions()
        ]
    else:
        rules = restrictions.for_page(page)
    allowed = None
    for restriction_type, group_ids in rules:
        if restriction_type == PageViewRestriction.PASSWORD:
            return None
        if restriction_type == PageViewRestriction.GROUPS:
            ids = set(group_ids())
            allowed = ids if allowed is None else allowed & ids
    if allowed is None:
        return ""
    return "|" + "|".join(str(pk) for pk in sorted(allowed)) + "|" if allowed else "|0|"


class RestrictionIndex:
    """Every page view restriction, read once (there are few), to find a
    page's restrictions by its tree path without a query."""

    def __init__(self):
        self.rules = [
            (
                restriction.page.path,
                restriction.restriction_type,
                {g.pk for g in restriction.groups.all()},
            )
            for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
                "groups"
            )
        ]

    def for_page(self, page):
        return [
            (restriction_type, lambda ids=ids: ids)
            for path, restriction_type, ids in self.rules
            if page.path.startswith(path)
        ]


def institution_values(institution):
    if institution is None:
        return {"institution": None, "institution_kind": "", "country": "", "region": ""}
    return {
        "institution": institution,
        "institution_kind": institution.kind,
        "country": institution.country,
        "region": institution.region,
    }


def page_date(page):
    for name in ("start", "date"):
        value = getattr(page, name, None)
        if value is not None:
            return value.date() if hasattr(value, "date") and callable(value.date) else value
    published = page.first_published_at or page.last_published_at
    return published.date() if published else None


def page_document(page, restrictions=None):
    """The draft document of a live page, or None if search must not show it."""
    page = page.specific
    kind = KIND_OF_MODEL.get(page._meta.model_name)
    if kind is None or not page.live:
        return None
    groups = page_groups(page, restrictions)
    if groups is None:
        return None
    summary, keywords, body = page_text(page)
    classification, tags = classification_words(page)
    keywords = f"{keywords} {kind_labels(kind)} {classification}"
    date = page_date(page)
    institution = getattr(page, "institution", None) or getattr(page, "host_institution", None)
    language = page.locale.language_code
    values = {
        "kind": kind,
        "object_id": page.pk,
        "locale": language,
        "language": "en" if language == "en" else "fr",
        "title": page.title[:255],
        "summary": summary,
        "keywords": keywords,
        "body": f"{body[:BODY_CHARS]} {tags}",
        "prose": page_prose(page),
        "url": page.url or "",
        "date": date,
        "year": date.year if date else None,
        "groups": groups,
        **institution_values(institution),
    }
    tags = [("topic", str(topic.translation_key)) for topic in page.topics.all()]
    tags += [("platform", platform.slug) for platform in _all(page, "platforms")]
    tags += [("audience", audience.kind) for audience in _all(page, "audiences")]
    return Draft(f"page:{page.pk}", values, tags)


def _all(obj, name):
    related = getattr(obj, name, None)
    return list(related.all()) if related is not None else []


def _search_url(**params):
    from django.utils.http import urlencode

    with translation.override(params.pop("language", "fr")):
        return reverse("search") + "?" + urlencode(params)


def institution_document(institution):
    """Language-neutral: an institution keeps its name in both languages.
    It leads to everything from that institution."""
    return Draft(
        f"institution:{institution.pk}",
        {
            "kind": DocumentKind.INSTITUTION,
            "object_id": institution.pk,
            "locale": "",
            "language": "fr",
            "title": institution.name[:255],
            "summary": " ".join(filter(None, [institution.city, institution.region])),
            "keywords": institution.short_name,
            "body": "",
            "prose": "",
            "url": _search_url(institution=institution.pk),
            "date": None,
            "year": None,
            "groups": "",
            **institution_values(institution),
        },
    )


def person_document(person):
    language = person.locale.language_code
    return Draft(
        f"person:{person.pk}",
        {
            "kind": DocumentKind.PERSON,
            "object_id": person.pk,
            "locale": language,
            "language": "en" if language == "en" else "fr",
            "title": person.full_name[:255],
            "summary": person.role,
            "keywords": person.institution.name if person.institution else "",
            "body": get_text_for_indexing(person.bio),
            "prose": join_prose([get_text_for_indexing(BLOCK_END_RE.sub("\n", person.bio))]),
            "url": _speaker_url(person, language),
            "date": None,
            "year": None,
            "groups": "",
            **institution_values(person.institution),
        },
    )


def _speaker_url(person, language):
    """The speaker page, in the person's language (its own address)."""
    with translation.override("en" if language == "en" else "fr"):
        return person.get_absolute_url()


def member_document(profile):
    """A member's profile, only while the directory shows it (shown by its
    member, active account, verified address)."""
    if not MemberProfile.objects.in_directory().filter(pk=profile.pk).exists():
        return None
    user = profile.user
    topics = list(profile.topics.all())
    return Draft(
        f"member:{user.pk}",
        {
            "kind": DocumentKind.MEMBER,
            "object_id": user.pk,
            "locale": "",
            "language": "fr",
            "title": (user.get_full_name() or user.email.split("@")[0])[:255],
            "summary": profile.job_title,
            "keywords": " ".join(topic.name for topic in topics),
            "body": profile.bio,
            "prose": join_prose([profile.bio]),
            "url": _member_url(user.pk),
            "date": None,
            "year": None,
            "groups": "",
            **institution_values(profile.institution),
        },
        [("topic", str(topic.translation_key)) for topic in topics],
    )


def _member_url(pk):
    with translation.override("fr"):
        return reverse("members:profile", args=[pk])


def indexable_pages():
    """Every live page of a searchable type, specific, ready to index."""
    from events.models import EventPage

    for model in (*RESOURCE_MODELS, EventPage):
        queryset = model.objects.live().select_related("locale")
        for name in ("institution", "host_institution"):
            if hasattr(model, name):
                queryset = queryset.select_related(name)
        related = [name for name in ("topics", "audiences") if hasattr(model, name)]
        if hasattr(model, "platforms"):
            related.append(Prefetch("platforms", queryset=Platform.objects.with_names()))
        yield from queryset.prefetch_related(*related).iterator(chunk_size=200)
