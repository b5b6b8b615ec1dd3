"""The last step of bench/scale.py: the new pages and members go into CM
Hub's search index, in bulk (Wagtail's own admin search index is left to
`manage.py update_index`)."""

from django.db import connection

from bench.scale_bulk import TAGS, Progress, chunks
from community.models import MemberProfile


def index(new_pages, new_members, out=None):
    """Index `new_pages` ([(model, page id)]) and `new_members` (user ids)."""
    from search import documents, indexer

    if not (new_pages or new_members):
        return
    by_model = {}
    for model, pk in new_pages:
        by_model.setdefault(model, []).append(pk)
    progress = Progress("search index", len(new_pages), out)
    restrictions = documents.RestrictionIndex()
    for model, ids in by_model.items():
        related = [name for name in TAGS if hasattr(model, name)]
        for chunk in chunks(ids):
            queryset = model.objects.filter(pk__in=chunk).select_related("locale")
            for name in ("institution", "host_institution"):
                if hasattr(model, name):
                    queryset = queryset.select_related(name)
            drafts = [
                documents.page_document(page, restrictions)
                for page in queryset.prefetch_related(*related)
            ]
            indexer.save_drafts([draft for draft in drafts if draft is not None])
            progress.advance(len(chunk))
    if new_members:
        progress = Progress("search index: members", len(new_members), out)
        for chunk in chunks(new_members):
            profiles = (
                MemberProfile.objects.filter(user_id__in=chunk)
                .select_related("user", "institution")
                .prefetch_related("topics")
            )
            drafts = [documents.member_document(profile) for profile in profiles]
            indexer.save_drafts([draft for draft in drafts if draft is not None])
            progress.advance(len(drafts))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    indexer.bump_generation()
