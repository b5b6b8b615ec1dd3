from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """Members' proposals of resources: forms, files, the editors' review."""

    name = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        from community import sections
        from core import media
        from resources import sharing

        from .models import member_proposals, recently_shared, shared_page_ids
        from .proposals import author_may_open, connect_signals

        connect_signals()
        media.register_grant(author_may_open)
        sharing.register_sharing(
            recently_shared=recently_shared, share_url_name="contributions:proposal_choose"
        )
        sections.register_shared_pages(shared_page_ids)
        sections.register_member_data("proposals", member_proposals)
