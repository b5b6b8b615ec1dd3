"""A change to the synonym list takes effect at once: the parser's cached
list is dropped, and so are the cached answers built with the old one."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import indexer, synonyms


def _forget():
    synonyms.forget()
    indexer.bump_generation()


def synonyms_changed(sender, instance=None, **kwargs):
    if kwargs.get("raw"):  # loaddata: no cache to keep in step
        return
    _forget()
    # Again once committed: a search between now and the commit may have
    # cached the list as it was.
    transaction.on_commit(_forget)


def connect():
    from .models import Synonym

    post_save.connect(synonyms_changed, sender=Synonym, dispatch_uid="cmsearch_synonym_saved")
    post_delete.connect(synonyms_changed, sender=Synonym, dispatch_uid="cmsearch_synonym_deleted")
