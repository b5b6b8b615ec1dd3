"""Who may open a file under /media/.

Every stored file belongs to a record, found by the top folder of its name:

- ``documents/``: a Wagtail document; ``original_images/``: a Wagtail image;
  ``images/``: a rendition of one. They follow the view restrictions of the
  collection (Wagtail's ``CollectionViewRestriction.accept_request``, as
  ``/documents/<id>/<name>`` does), plus the grants other apps register
  (a proposal's author may open the files of their proposal);
- other folders are registered by the app that stores files there, from its
  ``AppConfig.ready`` (``community``: members' pictures).

A file in a folder no app claims, or that no record names, is served to
no one: whatever else lies in the media folder stays there.
Each check is one indexed query on the file name, and one more for the
collection's restrictions.
"""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

_folders = {}
_grants = []


def register_folder(folder, rule):
    """Files under ``folder/`` belong to the app that calls this:
    ``rule(request, name)`` is True when the request may open the file
    ``name``, False when it may not or when no record names it."""
    _folders[folder] = rule


def register_grant(grant):
    """``grant(request, item)``, asked for a document or image whose
    collection shuts the request out: True lets it in all the same."""
    if grant not in _grants:
        _grants.append(grant)


def may_open(request, name):
    """True when the request may open the stored file ``name``."""
    rule = _folders.get(name.partition("/")[0])
    return rule is not None and rule(request, name)


def collection_lets_in(request, item):
    """True when the document or image's collection lets the request in."""
    restrictions = item.collection.get_view_restrictions().prefetch_related("groups")
    if all(restriction.accept_request(request) for restriction in restrictions):
        return True
    return any(grant(request, item) for grant in _grants)


def _document_rule(request, name):
    document = get_document_model().objects.filter(file=name).select_related("collection").first()
    return document is not None and collection_lets_in(request, document)


def _image_rule(request, name):
    image = get_image_model().objects.filter(file=name).select_related("collection").first()
    return image is not None and collection_lets_in(request, image)


def _rendition_rule(request, name):
    rendition = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(file=name)
        .select_related("image__collection")
        .first()
    )
    return rendition is not None and collection_lets_in(request, rendition.image)


register_folder("documents", _document_rule)
register_folder("original_images", _image_rule)
register_folder("images", _rendition_rule)
