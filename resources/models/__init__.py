"""Resources: how-to guides, speaker talks, job profiles and case studies,
each a structured Wagtail page type living under its own index page.

One module per kind of page (guides, talks, job_profiles, case_studies),
their shared base (base), the section's index pages (indexes), the list of
kinds (kinds) and members' feed tokens (feeds). Every name is importable
from `resources.models`, as the migrations and the other apps expect.
"""

from .base import ResourcePage, ResourcePageForm, cache_embed, lines
from .case_studies import CaseKind, CaseStudyPage
from .feeds import ResourceFeedToken, new_feed_token
from .guides import Difficulty, GuidePage
from .indexes import (
    CaseStudyIndexPage,
    GuideIndexPage,
    JobProfileIndexPage,
    ResourceIndexPage,
    ResourceSectionPage,
    TalkIndexPage,
)
from .job_profiles import (
    Currency,
    ExperienceLevel,
    JobProfilePage,
    RelatedJobProfile,
    SalaryRegion,
)
from .kinds import RESOURCE_KINDS, RESOURCE_MODELS, resource_kind_choices
from .talks import TalkFormat, TalkPage, TalkPageForm, TalkSpeaker

__all__ = [
    "RESOURCE_KINDS",
    "RESOURCE_MODELS",
    "CaseKind",
    "CaseStudyIndexPage",
    "CaseStudyPage",
    "Currency",
    "Difficulty",
    "ExperienceLevel",
    "GuideIndexPage",
    "GuidePage",
    "JobProfileIndexPage",
    "JobProfilePage",
    "RelatedJobProfile",
    "ResourceFeedToken",
    "ResourceIndexPage",
    "ResourcePage",
    "ResourcePageForm",
    "ResourceSectionPage",
    "SalaryRegion",
    "TalkFormat",
    "TalkIndexPage",
    "TalkPage",
    "TalkPageForm",
    "TalkSpeaker",
    "cache_embed",
    "lines",
    "new_feed_token",
    "resource_kind_choices",
]
