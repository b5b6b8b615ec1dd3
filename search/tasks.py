"""Search indexing as background work (django-tasks): immediate in
development and tests, queued for the worker in production. The task takes
a document key and reads the content afresh, so a late run never writes
stale text. A write the search engine missed (Elasticsearch down) is kept
in `SearchEngineBacklog`; each task then writes what is kept, once the
engine answers (`search.indexer.catch_up`)."""

from django_tasks import task
from wagtail.models import Page

from .indexer import catch_up_if_pending, index_page_tree, reindex_key


@task()
def reindex(key: str):
    reindex_key(key)
    catch_up_if_pending()


@task()
def reindex_tree(page_id: int):
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        index_page_tree(page)
    catch_up_if_pending()
