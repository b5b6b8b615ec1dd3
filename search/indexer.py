"""Keeps the search documents in step with the content.

A page is (re)indexed when it is published, and removed when it is
unpublished, deleted or restricted by password; institutions, speakers and
member profiles when they are saved or deleted. Each change runs as a
background task (`search.tasks`), immediate in development and tests.
`manage.py update_index` rebuilds everything.
"""

import logging

from django.db import transaction

from core import fragments

from . import documents, text
from .backends import get_engine
from .models import SearchDocument, SearchDocumentTag, SearchTerm

logger = logging.getLogger(__name__)
GENERATION_KEY = "cmsearch:generation"


def generation():
    """A number that changes whenever the index does (cache keys use it)."""
    return fragments.read_counter(GENERATION_KEY)


def bump_generation():
    fragments.bump()  # pages show what the index holds: institutions, profiles…
    fragments.bump_counter(GENERATION_KEY)


def save_drafts(drafts):
    """Write drafts as documents (creating or updating by key), replace
    their tags and hand them to the engine."""
    if not drafts:
        return []
    existing = {
        document.key: document
        for document in SearchDocument.objects.filter(key__in=[draft.key for draft in drafts])
    }
    saved = []
    for draft in drafts:
        document = existing.get(draft.key) or SearchDocument(key=draft.key)
        for name, value in draft.values.items():
            setattr(document, name, value)
        saved.append(document)
    with transaction.atomic():
        to_create = [document for document in saved if document.pk is None]
        to_update = [document for document in saved if document.pk is not None]
        SearchDocument.objects.bulk_create(to_create, batch_size=500)
        if to_create and to_create[0].pk is None:  # backends without RETURNING
            by_key = dict(
                SearchDocument.objects.filter(
                    key__in=[document.key for document in to_create]
                ).values_list("key", "pk")
            )
            for document in to_create:
                document.pk = by_key[document.key]
        if to_update:
            fields = [name for name in drafts[0].values if name != "key"]
            SearchDocument.objects.bulk_update(to_update, fields, batch_size=500)
        SearchDocumentTag.objects.filter(document__in=[document.pk for document in saved]).delete()
        by_key = {document.key: document for document in saved}
        SearchDocumentTag.objects.bulk_create(
            [
                SearchDocumentTag(document=by_key[draft.key], facet=facet, value=value)
                for draft in drafts
                for facet, value in dict.fromkeys(draft.tags)
            ],
            batch_size=1000,
        )
        get_engine().index(saved)
        remember_terms(saved)
    bump_generation()
    return saved


def remember_terms(saved):
    """Add the words of titles, summaries and keywords to the vocabulary
    "did you mean" draws from."""
    terms = {}
    for document in saved:
        for word in text.words(f"{document.title} {document.summary} {document.keywords}"):
            if 3 <= len(word) <= 40 and not word.isdigit():
                terms[word] = terms.get(word, 0) + 1
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term, frequency=count) for term, count in terms.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )


def remove_keys(keys):
    ids = list(SearchDocument.objects.filter(key__in=keys).values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            get_engine().remove(ids)
            SearchDocument.objects.filter(pk__in=ids).delete()
        bump_generation()


# --- One object -----------------------------------------------------------


def index_page(page):
    draft = documents.page_document(page)
    if draft is None:
        remove_keys([f"page:{page.pk}"])
    else:
        save_drafts([draft])


def index_page_tree(page):
    """A page and its descendants (after a move or a change of restriction)."""
    from wagtail.models import Page

    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        index_page(descendant)


def index_institution(institution):
    from .tasks import reindex

    index_institution_only(institution)
    # Pages, speakers and members show its name, kind and region: each is
    # rebuilt as a task (on the worker in production, not in the editor's
    # request).
    keys = SearchDocument.objects.filter(institution=institution).exclude(
        key=f"institution:{institution.pk}"
    )
    for key in keys.values_list("key", flat=True):
        reindex.enqueue(key)


def index_person(person):
    save_drafts([documents.person_document(person)])


def index_member(profile):
    draft = documents.member_document(profile)
    if draft is None:
        remove_keys([f"member:{profile.user_id}"])
    else:
        save_drafts([draft])


def reindex_key(key):
    """Rebuild one document from its source, wherever it comes from."""
    from wagtail.models import Page

    from community.models import Institution, MemberProfile, Person

    kind, _sep, pk = key.partition(":")
    loaders = {
        "page": (Page.objects.filter(pk=pk), index_page),
        "institution": (Institution.objects.filter(pk=pk), index_institution_only),
        "person": (
            Person.objects.filter(pk=pk).select_related("institution", "locale"),
            index_person,
        ),
        "member": (
            MemberProfile.objects.filter(user_id=pk).select_related("user", "institution"),
            index_member,
        ),
    }
    queryset, index = loaders[kind]
    obj = queryset.first()
    if obj is None:
        remove_keys([key])
    else:
        index(obj)


def index_institution_only(institution):
    save_drafts([documents.institution_document(institution)])


# --- Everything -----------------------------------------------------------


def rebuild(stdout=None, batch_size=200):
    """Rebuild every document from the content; returns how many."""
    from community.models import Institution, MemberProfile, Person

    engine = get_engine()
    with transaction.atomic():
        engine.clear()
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
    restrictions = documents.RestrictionIndex()
    sources = [
        (
            "pages",
            documents.indexable_pages(),
            lambda page: documents.page_document(page, restrictions),
        ),
        (
            "institutions",
            Institution.objects.all().iterator(chunk_size=batch_size),
            documents.institution_document,
        ),
        (
            "speakers",
            Person.objects.select_related("institution", "locale").iterator(chunk_size=batch_size),
            documents.person_document,
        ),
        (
            "members",
            MemberProfile.objects.select_related("user", "institution")
            .prefetch_related("topics")
            .iterator(chunk_size=batch_size),
            documents.member_document,
        ),
    ]
    total = 0
    for label, objects, build in sources:
        batch, count = [], 0
        for obj in objects:
            draft = build(obj)
            if draft is not None:
                batch.append(draft)
            if len(batch) >= batch_size:
                save_drafts(batch)
                count += len(batch)
                batch = []
        save_drafts(batch)
        count += len(batch)
        total += count
        if stdout is not None:
            stdout.write(f"  {label}: {count} documents")
    return total
