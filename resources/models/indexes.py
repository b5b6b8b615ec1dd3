"""The Resources section and its lists: an index page per kind of resource."""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core import fragments
from core.models import BasePage
from core.pagination import paginate
from core.security import visible_to

from .. import sharing
from ..compare import CompareForm
from ..listing import ResourceFilterForm, filtered_resources, latest_resources
from .job_profiles import JobProfilePage


class ResourceIndexPage(BasePage):
    """The Resources section: the newest of every kind and links to each list."""

    max_count_per_parent = 1
    # Goes directly under a home page: the home app says so from its
    # AppConfig.ready (home sits above this app and is not named here).
    subpage_types = [
        "resources.GuideIndexPage",
        "resources.TalkIndexPage",
        "resources.JobProfileIndexPage",
        "resources.CaseStudyIndexPage",
    ]

    LATEST_PER_KIND = 3
    RECENTLY_SHARED = 4

    class Meta:
        verbose_name = _("resources index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = []
        # The section's class is all that is needed beyond the page's own
        # fields: no query per kind of section for their specific rows.
        children = self.get_children().live().specific(defer=True).order_by("path")
        for section in children:
            model = getattr(section, "resource_model", None)
            if model is None:
                continue
            latest = latest_resources([model], self.locale_id, self.LATEST_PER_KIND, request.user)
            sections.append({"index": section, "latest": latest})
        context["sections"] = sections
        # Their cards' comment counts are read at once (comment_tags).
        context["section_resources"] = [page for item in sections for page in item["latest"]]
        context["recently_shared"] = sharing.recently_shared(
            self.locale_id, self.RECENTLY_SHARED, request.user
        )
        context["share_url"] = sharing.share_url()
        return context


class ResourceSectionPage(BasePage):
    """A list of one kind of resource, with filters, sorting and pagination.

    The list is a query on the resource model (not on the tree), so it can
    span languages when a member asks for it, with a fixed number of queries.
    """

    comparable = False
    per_page = 12
    max_count_per_parent = 1
    parent_page_types = ["resources.ResourceIndexPage"]

    class Meta:
        abstract = True

    @property
    def resource_model(self):
        """The one kind of resource this list holds (its only subpage type)."""
        return self.allowed_subpage_models()[0]

    def get_template(self, request, *args, **kwargs):
        return "resources/resource_section_page.html"

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        form = getattr(response, "context_data", {}).get("filter_form")
        if form is not None and form.is_bound and not form.is_valid():
            response.status_code = 400  # unknown filter values: say so, show the rest
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(
            request.GET or None, locale=self.locale_id, model=self.resource_model
        )
        context["filter_form"] = form
        # The filters and the list are evaluated only when their cached
        # fragment (core/fragments.py) is stale.
        context["resources"] = SimpleLazyObject(
            lambda: paginate(
                request,
                filtered_resources(self.resource_model, form, self.locale_id, request.user),
                per_page=self.per_page,
            )
        )
        context["query_without_page"] = form.query_string_without_page()
        return context


class GuideIndexPage(ResourceSectionPage):
    subpage_types = ["resources.GuidePage"]

    class Meta:
        verbose_name = _("guides index")


class TalkIndexPage(ResourceSectionPage):
    subpage_types = ["resources.TalkPage"]

    class Meta:
        verbose_name = _("talks index")


class CaseStudyIndexPage(ResourceSectionPage):
    subpage_types = ["resources.CaseStudyPage"]

    class Meta:
        verbose_name = _("case studies index")


class JobProfileIndexPage(RoutablePageMixin, ResourceSectionPage):
    """Job profiles, and the side-by-side comparison of two or three."""

    subpage_types = ["resources.JobProfilePage"]
    comparable = True

    class Meta:
        verbose_name = _("job profiles index")

    @path("")
    def index_route(self, request):
        return self.serve(request)

    @path("compare/", name="compare")
    def compare(self, request):
        """Two or three job profiles side by side, field by field. The table
        is cached for the profiles, the content version, the member's groups
        and the language: a cached comparison was valid for all four, so it
        is served without reading the profiles."""
        form = CompareForm(request.GET, locale=self.locale_id, model=JobProfilePage)
        profiles = form.fields["profiles"]
        profiles.queryset = visible_to(profiles.queryset, request.user)
        key = self.compare_key(request)
        html = cache.get(make_template_fragment_key("job-compare", [key])) if key else None
        if html is None and not form.is_valid():
            translated = self.translated_compare_url(request, profiles.queryset)
            if translated:
                return redirect(translated)
            context = self.get_context(request)
            context["compare_form"] = form
            context["compare_invalid"] = True
            context.update(self.untranslated_profiles(request, profiles.queryset))
            return TemplateResponse(
                request, "resources/job_profile_compare.html", context, status=400
            )
        context = super(RoutablePageMixin, self).get_context(request)
        context["compare_form"] = form
        context["compare_key"] = key
        # Not cached without a key (caching off).
        context["compare_timeout"] = settings.FRAGMENT_CACHE_TIMEOUT if key else 0
        context["compare_html"] = html
        # Read only when the cached table is stale (core/fragments.py).
        context["profiles"] = SimpleLazyObject(
            lambda: list(form.cleaned_data["profiles"]) if form.is_valid() else []
        )
        context["rows"] = SimpleLazyObject(
            lambda: form.comparison_rows() if form.is_valid() else []
        )
        return TemplateResponse(request, "resources/job_profile_compare.html", context)

    def translated_compare_url(self, request, visible):
        """The comparison of the same profiles in this index's language,
        when the address names their versions in another (the language
        switcher keeps the address): None when one has no live version here
        the member may see. Only read for a comparison that is not valid."""
        values = request.GET.getlist("profiles")
        if not values or not all(value.isascii() and value.isdigit() for value in values):
            return None
        if any(int(value) >= 2**31 for value in values):
            return None  # no page has it (and SQLite's integers overflow on it)
        asked = JobProfilePage.objects.filter(pk__in=values).exclude(locale_id=self.locale_id)
        keys = set(asked.values_list("translation_key", flat=True))
        if not keys:
            return None
        here = dict(visible.filter(translation_key__in=keys).values_list("translation_key", "pk"))
        if set(here) != keys:
            return None
        by_id = dict(
            JobProfilePage.objects.filter(pk__in=values).values_list("pk", "translation_key")
        )
        ids = [here.get(by_id.get(int(value)), int(value)) for value in values]
        query = request.GET.copy()
        query.setlist("profiles", [str(pk) for pk in dict.fromkeys(ids)])
        return f"{request.path}?{query.urlencode()}"

    def untranslated_profiles(self, request, visible):
        """When the address names profiles of another language that have no
        version here (the language switcher keeps the address): those the
        member may see, to name them rather than say they "do not exist",
        and the comparison in their own language when every asked profile
        has a version there. Only read for a comparison that is not valid."""
        values = request.GET.getlist("profiles")
        if not values or not all(
            value.isascii() and value.isdigit() and int(value) < 2**31 for value in values
        ):
            return {}
        asked = visible_to(
            JobProfilePage.objects.live().filter(pk__in=values).exclude(locale_id=self.locale_id),
            request.user,
        )
        here = set(visible.values_list("translation_key", flat=True))
        missing = [
            profile for profile in asked.order_by("title") if profile.translation_key not in here
        ]
        if not missing:
            return {}
        context = {"compare_untranslated": missing}
        locale_id = missing[0].locale_id
        index = self.get_translations().filter(locale_id=locale_id).live().first()
        if index is None:
            return context
        keys = dict(
            JobProfilePage.objects.filter(pk__in=values).values_list("pk", "translation_key")
        )
        there = dict(
            visible_to(JobProfilePage.objects.live().filter(locale_id=locale_id), request.user)
            .filter(translation_key__in=keys.values())
            .values_list("translation_key", "pk")
        )
        ids = [there.get(keys.get(int(value))) for value in values]
        if None not in ids:
            query = request.GET.copy()
            query.setlist("profiles", [str(pk) for pk in dict.fromkeys(ids)])
            context["compare_original_url"] = f"{index.url}compare/?{query.urlencode()}"
        return context

    def compare_key(self, request):
        """What the cached comparison depends on, or None when it is not
        cached (caching off, ids that are not all numbers, too few or too
        many): the chosen profiles (in any order, repeats ignored, as the
        form reads them), the content version, the member's groups (who may
        see which profile) and the language."""
        values = request.GET.getlist("profiles")
        if not settings.FRAGMENT_CACHE_TIMEOUT or not all(
            value.isascii() and value.isdigit() and len(value) <= 18 for value in values
        ):
            return None
        ids = sorted({int(value) for value in values})
        if not CompareForm.MIN <= len(ids) <= CompareForm.MAX:
            return None
        return ":".join(
            [
                str(self.pk),
                "-".join(str(pk) for pk in ids),
                fragments.groups_key(request.user),
                str(fragments.version()),
                translation.get_language(),
            ]
        )
