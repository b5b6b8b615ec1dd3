"""The kinds of resource: the one list the apps above build on."""

from django.utils.text import capfirst

from .case_studies import CaseStudyPage
from .guides import GuidePage
from .job_profiles import JobProfilePage
from .talks import TalkPage

#: Every kind of resource, in the order members meet them.
RESOURCE_MODELS = (GuidePage, TalkPage, JobProfilePage, CaseStudyPage)
#: The same by kind: the one list of kinds the apps above build on (members'
#: proposals, search documents). Their rows store the keys: never change one.
RESOURCE_KINDS = {model.resource_kind: model for model in RESOURCE_MODELS}


def resource_kind_choices(labels=None):
    """The resource kinds as members of a `TextChoices` built on them
    (`models.TextChoices("Name", resource_kind_choices())`), in the order
    members meet them: [("GUIDE", ("guide", "Guide")), …]. Each is labelled
    with its model's name unless `labels` (kind -> label) names every kind."""
    return [
        (
            kind.upper(),
            (kind, labels[kind] if labels else capfirst(model._meta.verbose_name)),
        )
        for kind, model in RESOURCE_KINDS.items()
    ]
