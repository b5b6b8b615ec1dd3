"""Search indexing as background work (django-tasks): immediate in
development and tests, queued for the worker in production. The task takes
a document key and reads the content afresh, so a late run never writes
stale text."""

from django_tasks import task


@task()
def reindex(key: str):
    from .indexer import reindex_key

    reindex_key(key)


@task()
def reindex_tree(page_id: int):
    from wagtail.models import Page

    from .indexer import index_page_tree

    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        index_page_tree(page)
