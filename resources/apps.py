from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Guides, speaker talks, job profiles and case studies."""

    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from community.comments import register_commentable
        from core import media

        from .models import CaseStudyPage, GuidePage, JobProfilePage, TalkPage
        from .proposals import author_may_open, connect_signals

        connect_signals()
        media.register_grant(author_may_open)
        for model in (GuidePage, TalkPage, JobProfilePage, CaseStudyPage):
            register_commentable(model)
