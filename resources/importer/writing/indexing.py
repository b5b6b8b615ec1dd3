"""Indexing the pages an import wrote, once everything is written."""

from collections import defaultdict

from wagtail.search.backends import get_search_backends_with_name


def index_pages(pages, report):
    """Index `pages` in every search backend.

    Wagtail's signal handlers index a page as it is saved, before its
    speakers and topics are stored, and the task queue may run later:
    indexing once everything is written makes search right at once. A
    backend that may fail quietly is reported instead.
    """
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page.pk)
    for backend_name, backend in get_search_backends_with_name():
        for model, pks in by_model.items():
            pages = list(model.objects.filter(pk__in=pks))
            try:
                backend.add_bulk(model, pages)
            except Exception:
                if not backend.catch_indexing_errors:
                    raise
                report(
                    f"Search backend '{backend_name}' could not index "
                    f"{len(pages)} {model._meta.verbose_name_plural}: "
                    "run `manage.py update_index`."
                )
