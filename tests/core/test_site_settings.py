"""The site settings (core.models.SiteSettings) come from the cache: a guide
reads them on every request without a query, and a change shows at once."""

import pytest
from wagtail.models import Site

from core.models import SiteSettings
from resources.models import GuideIndexPage
from tests.community.comment_helpers import set_site_settings
from tests.queries import CACHE_ON, PageQueries
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


def test_a_warm_guide_reads_no_site_settings(member_client, sections, settings):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives")
    measured = PageQueries(CACHE_ON, settings).measure(member_client, guide.url)
    assert "Guide des lives" in measured.response.content.decode()
    assert not [sql for sql in measured.queries if '"core_sitesettings"' in sql], measured.listing()


@pytest.mark.parametrize("timeout", [0, 3600])
def test_a_saved_or_deleted_setting_shows_at_once(home_pages, settings, timeout):
    settings.FRAGMENT_CACHE_TIMEOUT = timeout
    site = Site.objects.get(is_default_site=True)
    assert SiteSettings.for_site(site).guide_review_months == 12
    set_site_settings(guide_review_months=6)
    assert SiteSettings.for_site(site).guide_review_months == 6
    SiteSettings.objects.filter(site=site).get().delete()
    assert SiteSettings.for_site(site).guide_review_months == 12
