"""Keeps the search documents in step with the content.

A page is (re)indexed when it is published, and removed when it is
unpublished, deleted or restricted by password; institutions, speakers and
member profiles when they are saved or deleted. Each change runs as a
background task (`search.tasks`), immediate in development and tests.

`manage.py update_index` rebuilds everything without emptying search: the
documents are written as a new generation beside the live one, members keep
searching the live one, and `SearchIndex.live` moves to the new one in one
transaction at the end (then the old rows go). A change made meanwhile is
written into both generations, and the rebuild leaves its key alone; a
rebuild that fails or is killed leaves the live generation serving, and its
rows are deleted (at once, or by the next run).

When the engine is external (Elasticsearch) and down, a change still
writes its rows (what the search page shows of a hit) and the editor's or
member's save succeeds; the keys the engine missed are kept in
`SearchEngineBacklog` and written again by `catch_up`: after the next index
task that reaches the engine, or by `manage.py update_index --if-needed`
(a full `update_index` rebuilds them too).
"""

import datetime
import logging
from collections import Counter
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import fragments

from . import documents, text
from .backends import get_engine
from .backends.base import SearchUnavailable
from .models import (
    SearchDocument,
    SearchDocumentTag,
    SearchEngineBacklog,
    SearchIndex,
    SearchRebuildChange,
    SearchTerm,
)

logger = logging.getLogger(__name__)
GENERATION_KEY = "cmsearch:generation"
# What the documents hold and how they are stored. Raise it with any change
# that needs every document written again (search.documents, the columns,
# the full-text structures): `update_index --if-needed`, which the deploy
# runs, then rebuilds once. 3: only verified members have a document. 4: events
# keep their kind and topics, job profiles their salary, pages their
# platforms and audiences as words; French plurals are normalised. 5: the
# prose snippets are taken from (SearchDocument.prose). 6: on PostgreSQL,
# titles and their autocomplete vectors are kept inside the row (migration
# 0013; rows written before keep them out of line until written again).
SCHEMA_VERSION = 6
# A rebuild that has not written a batch for this long is dead (killed, out
# of memory): changes stop going to its generation, the next run drops it.
STALE_BUILD = datetime.timedelta(minutes=10)
# How many rows of an old generation are deleted per transaction.
DROP_BATCH = 1000


class RebuildSuperseded(RuntimeError):
    """Another rebuild started after this one, which gives way."""


def generation():
    """A number that changes whenever the searched index does (cache keys
    use it). Not the index generation of the rows (`SearchIndex.live`)."""
    return fragments.read_counter(GENERATION_KEY)


def bump_generation():
    fragments.bump()  # pages show what the index holds: institutions, profiles…
    fragments.bump_counter(GENERATION_KEY)


def schema(engine=None):
    """What an index built now is built with: the documents' schema
    version, the engine and what the engine bakes into its index (on
    Elasticsearch the analyzers, synonyms included)."""
    engine = engine or get_engine()
    return f"{SCHEMA_VERSION}:{engine.name}:{engine.schema_fingerprint()}"[:200]


def live_generation():
    """The generation members search, as an expression for a filter
    (`generation=live_generation()`): 1 until the `SearchIndex` row exists."""
    return Coalesce(Subquery(SearchIndex.objects.filter(pk=1).values("live")[:1]), Value(1))


def index_state(lock=False):
    """The `SearchIndex` row, created at first use; with `lock`, locked
    until the end of the caller's transaction (every write to the index
    takes this lock first, so that writes and the switch are serialised)."""
    queryset = SearchIndex.objects.select_for_update() if lock else SearchIndex.objects
    state = queryset.filter(pk=1).first()
    if state is None:
        try:
            with transaction.atomic():
                SearchIndex.objects.create(pk=1)
        except IntegrityError:  # created meanwhile
            pass
        state = queryset.get(pk=1)
    return state


def build_alive(state):
    """The generation a running rebuild is writing, or None."""
    if state.building is None:
        return None
    if state.heartbeat is None or timezone.now() - state.heartbeat > STALE_BUILD:
        return None
    return state.building


def _write(drafts, generation, target, missed=None):
    """Write drafts as documents of one generation (creating or updating by
    key), replace their tags and hand them to the engine (`target`: None for
    the live index, else the generation being built). With a `missed` dict,
    an unreachable engine adds the keys to it instead of raising."""
    existing = {
        document.key: document
        for document in SearchDocument.objects.filter(
            generation=generation, key__in=[draft.key for draft in drafts]
        )
    }
    saved = []
    for draft in drafts:
        document = existing.get(draft.key) or SearchDocument(key=draft.key, generation=generation)
        for name, value in draft.values.items():
            setattr(document, name, value)
        saved.append(document)
    if not saved:
        return saved
    to_create = [document for document in saved if document.pk is None]
    to_update = [document for document in saved if document.pk is not None]
    SearchDocument.objects.bulk_create(to_create, batch_size=500)
    if to_create and to_create[0].pk is None:  # backends without RETURNING
        by_key = dict(
            SearchDocument.objects.filter(
                generation=generation, key__in=[document.key for document in to_create]
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
    try:
        get_engine().index(saved, generation=target)
    except SearchUnavailable:
        if missed is None:
            raise
        for document in saved:
            missed.setdefault(document.key, [])
    return saved


def _note_changes(generation, keys):
    SearchRebuildChange.objects.bulk_create(
        [SearchRebuildChange(generation=generation, key=key) for key in keys],
        batch_size=1000,
        ignore_conflicts=True,
    )


def save_drafts(drafts):
    """Write drafts as documents of the live generation, and of the one a
    rebuild is writing if any (noting their keys, which the rebuild then
    leaves alone); returns the live documents."""
    if not drafts:
        return []

    def write(generation, target, missed):
        saved = _write(drafts, generation, target, missed)
        if target is None:
            remember_terms(saved)
        return saved

    saved = _in_both_generations(write, [draft.key for draft in drafts])
    bump_generation()
    return saved


def _in_both_generations(change, keys):
    """Run ``change(generation, target, missed)`` on the live generation, then
    on the one a rebuild is writing if any (noting ``keys``, which the
    rebuild then leaves alone), in one transaction under the index state's
    lock; keeps what the engine missed for `catch_up`. Returns what
    ``change`` returned for the live generation."""
    missed = {}
    with transaction.atomic():
        state = index_state(lock=True)
        live = change(state.live, None, missed)
        building = build_alive(state)
        if building is not None:
            change(building, building, missed)
            _note_changes(building, keys)
        _keep_for_later(missed)
    return live


def _keep_for_later(missed):
    """Note the keys (and the ids of deleted rows) the engine missed, for
    `catch_up`: the content's change is saved, the engine's copy is stale."""
    if not missed:
        return
    for key, removed_ids in missed.items():
        entry, _created = SearchEngineBacklog.objects.get_or_create(key=key)
        ids = [part for part in entry.removed_ids.split(",") if part]
        ids += [str(pk) for pk in removed_ids if str(pk) not in ids]
        entry.removed_ids = ",".join(ids)
        entry.save()
    logger.warning(
        "The search engine missed %d document(s) (%s): kept for later; "
        "`manage.py update_index --if-needed` brings them up to date",
        len(missed),
        ", ".join(sorted(missed)[:10]),
    )


def catch_up(limit=None):
    """Write into the engine the documents it missed while unreachable
    (`SearchEngineBacklog`), oldest first; stops at the first failure.
    Returns how many were brought up to date."""
    engine = get_engine()
    if not engine.external:
        return 0
    done = 0
    for entry in SearchEngineBacklog.objects.order_by("noted_at", "pk")[:limit]:
        if not engine.available():
            break
        ids = [int(part) for part in entry.removed_ids.split(",") if part]
        try:
            with transaction.atomic():
                SearchEngineBacklog.objects.filter(pk=entry.pk).delete()
                engine.remove(ids)
                reindex_key(entry.key)
        except SearchUnavailable:
            break  # rolled back: the entry stays
        if SearchEngineBacklog.objects.filter(key=entry.key).exists():
            break  # missed again
        done += 1
    return done


def catch_up_if_pending():
    """After an index task: if the engine answers and missed documents
    while it was down, write them now."""
    engine = get_engine()
    if engine.external and engine.available() and SearchEngineBacklog.objects.exists():
        done = catch_up()
        if done:
            logger.info("The search engine caught up on %d missed document(s)", done)


def term_counts(texts):
    """The words "did you mean" may offer, from texts (titles, summaries and
    keywords), with how often they occur."""
    terms = Counter()
    for value in texts:
        for word in text.words(value):
            if 3 <= len(word) <= 40 and not word.isdigit():
                terms[word] += 1
    return terms


def head_text(values):
    return f"{values['title']} {values['summary']} {values['keywords']}"


def remember_terms(saved):
    """Add the words of titles, summaries and keywords to the vocabulary
    "did you mean" draws from."""
    counts = term_counts(head_text(document.__dict__) for document in saved)
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term, frequency=count) for term, count in counts.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _remove(keys, generation, target, missed=None):
    """Remove the documents of these keys from a generation (see `_write`
    for `target` and `missed`): the rows go even when the engine cannot be
    reached, so that nothing removed is shown."""
    rows = list(
        SearchDocument.objects.filter(generation=generation, key__in=keys).values_list("pk", "key")
    )
    ids = [pk for pk, _key in rows]
    if ids:
        try:
            get_engine().remove(ids, generation=target)
        except SearchUnavailable:
            if missed is None:
                raise
            for pk, key in rows:
                missed.setdefault(key, []).append(pk)
        SearchDocument.objects.filter(pk__in=ids).delete()
    return bool(ids)


def remove_keys(keys):
    """Remove these documents from the live generation and from the one
    being built (noting their keys: the rebuild, which may have read the
    content before, must not write them back)."""
    keys = list(keys)
    removed = _in_both_generations(partial(_remove, keys), keys)
    if removed:
        bump_generation()


# --- One object -----------------------------------------------------------


def _save_or_remove(key, draft):
    """Save ``draft``, or remove the document ``key`` when its source no
    longer belongs in the index (``draft`` is None)."""
    if draft is None:
        remove_keys([key])
    else:
        save_drafts([draft])


def index_page(page):
    _save_or_remove(f"page:{page.pk}", documents.page_document(page))


def index_page_tree(page):
    """A page and its descendants (after a move or a change of restriction)."""
    from wagtail.models import Page

    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        index_page(descendant)


def keys_showing(institution):
    """The keys of the other documents that show ``institution``'s name,
    kind and region: its pages, speakers and members."""
    keys = SearchDocument.objects.filter(institution=institution).exclude(
        key=f"institution:{institution.pk}"
    )
    return list(keys.values_list("key", flat=True).distinct())


def keys_tagged_with_platform(platform):
    """The keys of the documents filed under ``platform`` (under its default
    language's slug, the one documents carry), which hold its names."""
    from community.models import Platform

    slugs = {platform.slug}
    slugs.update(
        Platform.objects.canonical()
        .filter(translation_key=platform.translation_key)
        .values_list("slug", flat=True)
    )
    keys = SearchDocumentTag.objects.filter(facet="platform", value__in=slugs)
    return list(keys.values_list("document__key", flat=True).distinct())


def index_person(person):
    save_drafts([documents.person_document(person)])


def index_member(profile):
    _save_or_remove(f"member:{profile.user_id}", documents.member_document(profile))


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


def batches(batch_size=200):
    """Every document to index, built from the content: (label, drafts)
    with at most `batch_size` drafts, the last batch of each label possibly
    empty."""
    from community.models import Institution, MemberProfile, Person

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
    for label, objects, build in sources:
        batch = []
        for obj in objects:
            draft = build(obj)
            if draft is not None:
                batch.append(draft)
            if len(batch) >= batch_size:
                yield label, batch
                batch = []
        yield label, batch


def rebuild(stdout=None, batch_size=200):
    """Rebuild every document from the content into a new generation, then
    make it the searched one; returns how many documents it holds.

    Until the switch, searches read the live generation, complete; the
    switch is one transaction; the old generation is deleted afterwards.
    If anything fails, the live generation stays and the new one is
    dropped."""
    engine = get_engine()
    started = timezone.now()
    new = _begin(engine)
    counts, vocabulary = {}, Counter()
    try:
        for label, drafts in batches(batch_size):
            _write_batch(drafts, new)
            counts[label] = counts.get(label, 0) + len(drafts)
            vocabulary.update(term_counts(head_text(draft.values) for draft in drafts))
        _replace_vocabulary(vocabulary)
        old = _switch(engine, new)
    except BaseException:
        _abandon(engine, new)
        raise
    bump_generation()
    # What the engine missed before the rebuild began is in the new index.
    SearchEngineBacklog.objects.filter(noted_at__lt=started).delete()
    _drop(engine, old)
    if stdout is not None:
        for label, count in counts.items():
            stdout.write(f"  {label}: {count} documents")
    return sum(counts.values())


def needs_rebuild(engine=None):
    """Why the index must be rebuilt (missing, or built with another schema
    or engine), or "" when the live one is good."""
    engine = engine or get_engine()
    state = index_state()
    if not engine.index_exists():
        return "the index does not exist"
    if state.schema != schema(engine):
        if not state.schema:
            return "the index was never built by this version"
        return f"the index was built with schema {state.schema}, not {schema(engine)}"
    return ""


def _begin(engine):
    """Claim the next generation (a rebuild still running gives way), give
    the engine an empty structure for it, and drop what failed rebuilds
    left."""
    with transaction.atomic():
        state = index_state(lock=True)
        top = SearchDocument.objects.aggregate(top=Max("generation"))["top"] or 0
        new = max(state.live, state.building or 0, top) + 1
        # Under the lock: a change made from now on finds the structure.
        engine.create_generation(new)
        state.building = new
        state.heartbeat = timezone.now()
        state.save(update_fields=["building", "heartbeat"])
        live = state.live
        # Under the lock, so that a rebuild starting now keeps its index.
        engine.drop_stale(keep=new)
    SearchRebuildChange.objects.exclude(generation=new).delete()
    stale = (
        SearchDocument.objects.exclude(generation__in=[live, new])
        .values_list("generation", flat=True)
        .distinct()
    )
    for generation in list(stale):
        _drop(engine, generation)
    return new


def _write_batch(drafts, generation):
    """Write a batch of the rebuild, except the keys changed meanwhile
    (already written into this generation from fresher content, or removed)."""
    with transaction.atomic():
        state = index_state(lock=True)
        if state.building != generation:
            raise RebuildSuperseded(
                f"generation {generation} was given up: another rebuild started "
                f"(generation {state.building})"
            )
        changed = set(
            SearchRebuildChange.objects.filter(
                generation=generation, key__in=[draft.key for draft in drafts]
            ).values_list("key", flat=True)
        )
        _write([draft for draft in drafts if draft.key not in changed], generation, generation)
        state.heartbeat = timezone.now()
        state.save(update_fields=["heartbeat"])


def _replace_vocabulary(counts):
    """The words of the new documents replace the vocabulary, in one step."""
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term, frequency=count) for term, count in counts.items()],
            batch_size=1000,
        )


def _switch(engine, new):
    """Make generation `new` the searched one, in one transaction; returns
    the previous one."""
    with transaction.atomic():
        state = index_state(lock=True)
        if state.building != new:
            raise RebuildSuperseded(f"generation {new} was given up before its switch")
        old = state.live
        state.live = new
        state.building = None
        state.heartbeat = None
        state.schema = schema(engine)
        state.built_at = timezone.now()
        state.save()
        SearchRebuildChange.objects.filter(generation=new).delete()
        # Last: if the engine fails to switch, the transaction rolls back.
        engine.switch(new)
    return old


def _abandon(engine, new):
    """A rebuild failed: the live generation stays; its own goes (or, if
    even that fails, the next run drops it)."""
    try:
        with transaction.atomic():
            state = index_state(lock=True)
            if state.building == new:
                state.building = None
                state.heartbeat = None
                state.save(update_fields=["building", "heartbeat"])
            SearchRebuildChange.objects.filter(generation=new).delete()
        _drop(engine, new)
    except Exception:
        logger.exception("Could not drop generation %s of the search index", new)


def _drop(engine, generation):
    """Delete a generation that is no longer searched, a batch at a time."""
    rows = SearchDocument.objects.filter(generation=generation)
    while ids := list(rows.values_list("pk", flat=True)[:DROP_BATCH]):
        with transaction.atomic():
            engine.forget(ids)
            SearchDocumentTag.objects.filter(document_id__in=ids).delete()
            SearchDocument.objects.filter(pk__in=ids).delete()
    engine.drop_generation(generation)


def cleanup():
    """Drop what a dead rebuild left (rows, engine structures) when no
    rebuild is running; returns the generation dropped, or None."""
    engine = get_engine()
    with transaction.atomic():
        state = index_state(lock=True)
        if build_alive(state) is not None:
            return None
        dead = state.building
        state.building = None
        state.heartbeat = None
        state.save(update_fields=["building", "heartbeat"])
        SearchRebuildChange.objects.all().delete()
        # Under the lock, so that a rebuild starting now keeps its index.
        engine.drop_stale(keep=None)
    if dead is not None:
        _drop(engine, dead)
    return dead
