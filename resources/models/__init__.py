"""Resources: how-to guides, speaker talks, job profiles and case studies,
each a structured Wagtail page type living under its own index page."""

import datetime
import secrets

from dateutil.relativedelta import relativedelta
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from community.models import MemberProfile, Speaker, Topic
from core.blocks import RICH_TEXT_FEATURES
from core.models import BasePage, SiteSettings
from core.pagination import paginate
from core.security import visible_to

from .. import sharing
from ..blocks import (
    AttachmentsStreamBlock,
    GuideStreamBlock,
    QuestionAnswerBlock,
    ResultFigureBlock,
    TimelineStepBlock,
)
from ..compare import CompareForm
from ..listing import ResourceFilterForm, filtered_resources, latest_resources

# --- Shared base -------------------------------------------------------------


class ResourcePageForm(WagtailAdminPageForm):
    """Offers only the topics of the page's own language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topics" in self.fields and self.instance.locale_id:
            self.fields["topics"].queryset = Topic.objects.filter(locale_id=self.instance.locale_id)


class ResourcePage(BasePage):
    """What every resource has: an institution, topics, platforms and an
    audience, used by the listings' filters and by search."""

    institution = models.ForeignKey(
        "community.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = ParentalManyToManyField(
        "community.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )
    platforms = ParentalManyToManyField(
        "community.Platform", verbose_name=_("platforms"), blank=True, related_name="+"
    )
    audiences = ParentalManyToManyField(
        "community.Audience", verbose_name=_("audience"), blank=True, related_name="+"
    )
    import_key = models.CharField(
        _("import key"),
        max_length=120,
        blank=True,
        db_index=True,
        editable=False,
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member who proposed this resource (see docs/proposals.md)."),
    )

    base_form_class = ResourcePageForm
    # A copy (or a translation) is another resource: it must not take the key.
    exclude_fields_in_copy = BasePage.exclude_fields_in_copy + ["import_key"]

    search_fields = BasePage.search_fields + [
        index.RelatedFields(
            "institution", [index.SearchField("name"), index.SearchField("short_name")]
        ),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("institution"),
        index.FilterField("locale"),
        index.FilterField("first_published_at"),
    ]

    class Meta:
        abstract = True
        constraints = [
            # One key per resource of a kind; a translation has its own key.
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~models.Q(import_key=""),
                name="%(app_label)s_%(class)s_unique_import_key",
            ),
        ]

    @classmethod
    def classification_panel(cls, with_platforms=True, with_audience=True):
        """The panel that classifies a resource for filters and search."""
        panels = [
            FieldPanel("institution"),
            FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        ]
        if with_platforms:
            panels.append(FieldPanel("platforms", widget=forms.CheckboxSelectMultiple))
        if with_audience:
            panels.append(FieldPanel("audiences", widget=forms.CheckboxSelectMultiple))
        return MultiFieldPanel(panels, heading=_("Classification"))

    def save(self, *args, **kwargs):
        self.localize_topics()
        return super().save(*args, **kwargs)

    def localize_topics(self):
        """Point the topics at their translations in this page's language.

        wagtail-localize leaves many-to-many fields untouched when it copies a
        page into another language, so an English copy would keep the French
        topics: swap each for its translation when one exists.
        """
        if not self.locale_id:
            return
        topics = list(self.topics.all())
        foreign = [topic for topic in topics if topic.locale_id != self.locale_id]
        if not foreign:
            return
        translations = dict(
            Topic.objects.filter(
                locale_id=self.locale_id,
                translation_key__in=[topic.translation_key for topic in foreign],
            ).values_list("translation_key", "pk")
        )
        localized = [
            translations.get(topic.translation_key, topic.pk)
            if topic.locale_id != self.locale_id
            else topic.pk
            for topic in topics
        ]
        self.topics = Topic.objects.filter(pk__in=localized)

    @property
    def listing_date(self):
        """The date shown on cards: when it was first published."""
        return self.first_published_at or self.latest_revision_created_at

    @cached_property
    def sharer_profile(self):
        """The profile of the member who shared the resource, when they show
        it in the directory (else None: the page names their institution only).
        Listings fetch it with `select_related("shared_by__profile")`."""
        if not self.shared_by_id:
            return None
        if self._meta.get_field("shared_by").is_cached(self):
            member = self.shared_by
            profile = getattr(member, "profile", None)
            visible = profile is not None and profile.visible_in_directory and member.is_active
            return profile if visible else None
        return (
            MemberProfile.objects.in_directory()
            .select_related("user")
            .filter(user_id=self.shared_by_id)
            .first()
        )


# --- Index pages -------------------------------------------------------------


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
        results = filtered_resources(self.resource_model, form, self.locale_id, request.user)
        context["filter_form"] = form
        # Evaluated only when the cached list (core/fragments.py) is stale.
        context["resources"] = SimpleLazyObject(
            lambda: paginate(request, results, per_page=self.per_page)
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
        """Two or three job profiles side by side, field by field."""
        form = CompareForm(request.GET, locale=self.locale_id, model=JobProfilePage)
        profiles = form.fields["profiles"]
        profiles.queryset = visible_to(profiles.queryset, request.user)
        if not form.is_valid():
            context = self.get_context(request)
            context["compare_form"] = form
            return TemplateResponse(
                request, "resources/job_profile_compare.html", context, status=400
            )
        context = super(RoutablePageMixin, self).get_context(request)
        context["compare_form"] = form
        context["profiles"] = form.cleaned_data["profiles"]
        context["rows"] = form.comparison_rows()
        return TemplateResponse(request, "resources/job_profile_compare.html", context)


# --- Guides ------------------------------------------------------------------


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class GuidePage(ResourcePage):
    """A how-to guide ("fiche conseil"): steps, checklists, do's and don'ts
    and the legal points, with a review date because platforms change."""

    difficulty = models.CharField(
        _("difficulty"), max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"),
        null=True,
        blank=True,
        help_text=_("How long following the guide takes."),
    )
    author = models.ForeignKey(
        "community.Person",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        default=datetime.date.today,
        help_text=_("When the guide was last checked against the platforms as they are."),
    )
    body = StreamField(GuideStreamBlock(), verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("difficulty"), FieldPanel("estimated_minutes")]),
        FieldRowPanel([FieldPanel("author"), FieldPanel("last_reviewed")]),
        FieldPanel("body"),
        ResourcePage.classification_panel(),
    ]

    search_fields = ResourcePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("difficulty"),
    ]

    #: The kind's value stored by proposals and search documents (RESOURCE_KINDS).
    resource_kind = "guide"
    parent_page_types = ["resources.GuideIndexPage"]
    subpage_types = []

    class Meta(ResourcePage.Meta):
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def review_due_date(self, review_months):
        return self.last_reviewed + relativedelta(months=review_months)

    def needs_review(self, review_months):
        """True when the guide has not been reviewed within the period."""
        return self.review_due_date(review_months) < timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        review_months = SiteSettings.for_request(request).guide_review_months
        context["needs_review"] = self.needs_review(review_months)
        context["review_months"] = review_months
        return context


# --- Talks -------------------------------------------------------------------


class TalkFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class TalkPageForm(ResourcePageForm):
    """A talk names its speakers: linked people, or at least their names as
    typed (a member's talk summary has only the names)."""

    speakers_required = _("Add a speaker or type the speakers' names.")

    def clean(self):
        cleaned_data = super().clean()
        if not (cleaned_data.get("speaker_names") or "").strip() and not self.linked_speakers():
            self.add_error("speaker_names", self.speakers_required)
        return cleaned_data

    def linked_speakers(self):
        """How many speaker rows the editor kept (an invalid formset reports
        its own errors: count it as having speakers)."""
        formset = self.formsets.get("speakers")
        if formset is None:
            return 0
        if not formset.is_valid():
            return len(formset.forms)
        return sum(
            1
            for form in formset.forms
            if form.cleaned_data.get("person") and not form.cleaned_data.get("DELETE")
        )


class TalkPage(ResourcePage):
    """A practitioner's talk, in its usual parts: career path, the
    organisation and its digital strategy, advice and vision, Q&A."""

    date = models.DateField(_("date of the talk"))
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("given at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talks",
        help_text=_("The workshop or meeting where the talk was given, if it is on CM Hub."),
    )
    event_name = models.CharField(
        _("event (name)"),
        max_length=255,
        blank=True,
        help_text=_("Where the talk was given, when the event is not on CM Hub."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=TalkFormat.choices, default=TalkFormat.IN_PERSON
    )
    speaker_names = models.CharField(
        _("speakers (names)"),
        max_length=500,
        blank=True,
        help_text=_(
            "The speakers as a member typed them when sharing the talk; "
            "shown when no speaker is linked above."
        ),
    )
    career_path = RichTextField(
        _("career path"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("How the speaker came to the job."),
    )
    organisation = RichTextField(
        _("the organisation and its digital strategy"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("How it works inside, its strategy online, the crises it went through."),
    )
    advice = RichTextField(_("advice and vision"), blank=True, features=RICH_TEXT_FEATURES)
    questions = StreamField(
        [("qa", QuestionAnswerBlock())], verbose_name=_("questions and answers"), blank=True
    )
    key_takeaways = models.TextField(_("key takeaways"), blank=True, help_text=_("One per line."))
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_url = models.URLField(
        _("video"),
        blank=True,
        help_text=_("Address of the recording (YouTube, Vimeo…)."),
    )

    content_panels = BasePage.content_panels + [
        InlinePanel("speakers", heading=_("Speakers"), label=_("Speaker")),
        FieldPanel("speaker_names"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("format")]),
        PageChooserPanel("event", page_type="events.EventPage"),
        FieldPanel("event_name"),
        FieldPanel("career_path"),
        FieldPanel("organisation"),
        FieldPanel("advice"),
        FieldPanel("questions"),
        FieldPanel("key_takeaways"),
        MultiFieldPanel([FieldPanel("slides"), FieldPanel("video_url")], heading=_("Media")),
        ResourcePage.classification_panel(),
    ]

    search_fields = ResourcePage.search_fields + [
        index.SearchField("career_path"),
        index.SearchField("organisation"),
        index.SearchField("advice"),
        index.SearchField("questions"),
        index.SearchField("key_takeaways", boost=1.5),
        index.RelatedFields(
            "speakers",
            [
                index.RelatedFields(
                    "person", [index.SearchField("last_name"), index.SearchField("first_name")]
                )
            ],
        ),
        index.FilterField("date"),
    ]

    base_form_class = TalkPageForm
    #: The kind's value stored by proposals and search documents (RESOURCE_KINDS).
    resource_kind = "talk"
    parent_page_types = ["resources.TalkIndexPage"]
    subpage_types = []

    class Meta(ResourcePage.Meta):
        verbose_name = _("talk")
        verbose_name_plural = _("talks")

    @property
    def takeaway_list(self):
        return lines(self.key_takeaways)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["speakers"] = self.speakers.select_related("person__institution")
        # The event in the reader's language when it has been translated.
        event = self.event.localized if self.event_id else None
        context["event"] = event if event is not None and event.live else None
        return context

    @property
    def listing_date(self):
        return self.date

    def clean(self):
        super().clean()
        if self.video_url:
            cache_embed(self.video_url, field="video_url")


class TalkSpeaker(Speaker):
    """A speaker of a talk, in the order they spoke."""

    page = ParentalKey(TalkPage, on_delete=models.CASCADE, related_name="speakers")


# --- Job profiles ------------------------------------------------------------


class ExperienceLevel(models.TextChoices):
    ENTRY = "entry", _("Entry level (0-2 years)")
    CONFIRMED = "confirmed", _("Confirmed (3-5 years)")
    SENIOR = "senior", _("Senior (over 5 years)")
    ANY = "any", _("Any level")


class SalaryRegion(models.TextChoices):
    FRANCE = "france", _("France")
    QUEBEC = "quebec", _("Québec")
    OTHER = "other", _("Other")


class Currency(models.TextChoices):
    EUR = "EUR", "€ (EUR)"
    CAD = "CAD", "$ CA (CAD)"
    CHF = "CHF", "CHF"


class JobProfilePage(ResourcePage):
    """A job-profile sheet ("fiche de poste") like APEC's: titles, missions,
    activities, skills, tools, salary and the questions to ask a candidate.

    The list fields hold one item per line, so they can be compared line by
    line and translated line by line.
    """

    synonyms = models.TextField(
        _("other job titles"),
        blank=True,
        help_text=_("One per line, e.g. animateur de communauté, gestionnaire de communauté."),
    )
    missions = models.TextField(_("missions"), help_text=_("One per line."))
    activities = models.TextField(_("activities"), blank=True, help_text=_("One per line."))
    hard_skills = models.TextField(_("technical skills"), blank=True, help_text=_("One per line."))
    soft_skills = models.TextField(_("soft skills"), blank=True, help_text=_("One per line."))
    tools = models.TextField(_("tools"), blank=True, help_text=_("One per line."))
    interview_questions = models.TextField(
        _("interview questions"),
        blank=True,
        help_text=_("Questions a recruiter should ask, one per line."),
    )
    experience_level = models.CharField(
        _("experience"), max_length=20, choices=ExperienceLevel.choices, default=ExperienceLevel.ANY
    )
    education = models.TextField(_("education"), blank=True)
    salary_min = models.PositiveIntegerField(_("salary from"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary up to"), null=True, blank=True)
    salary_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    salary_region = models.CharField(
        _("salary region"), max_length=20, choices=SalaryRegion.choices, default=SalaryRegion.FRANCE
    )
    career_path = RichTextField(_("career path"), blank=True, features=RICH_TEXT_FEATURES)
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("Where the facts come from.")
    )
    source_url = models.URLField(_("source address"), blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    attachments = StreamField(
        AttachmentsStreamBlock(),
        verbose_name=_("documents and images"),
        blank=True,
        help_text=_("Files members can download or see: a job description, a brochure…"),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("synonyms"),
        MultiFieldPanel([FieldPanel("missions"), FieldPanel("activities")], heading=_("The job")),
        MultiFieldPanel(
            [FieldPanel("hard_skills"), FieldPanel("soft_skills"), FieldPanel("tools")],
            heading=_("Skills and tools"),
        ),
        FieldPanel("interview_questions"),
        MultiFieldPanel(
            [
                FieldPanel("experience_level"),
                FieldPanel("education"),
                FieldRowPanel([FieldPanel("salary_min"), FieldPanel("salary_max")]),
                FieldRowPanel([FieldPanel("salary_currency"), FieldPanel("salary_region")]),
            ],
            heading=_("Profile and salary"),
        ),
        FieldPanel("career_path"),
        FieldPanel("attachments"),
        InlinePanel("related_profiles", heading=_("Related profiles"), label=_("Profile")),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("source_url"), FieldPanel("source_date")],
            heading=_("Source"),
        ),
        ResourcePage.classification_panel(with_audience=False),
    ]

    search_fields = ResourcePage.search_fields + [
        index.SearchField("synonyms", boost=3),
        index.AutocompleteField("synonyms"),
        index.SearchField("missions"),
        index.SearchField("activities"),
        index.SearchField("hard_skills"),
        index.SearchField("soft_skills"),
        index.SearchField("tools"),
        index.FilterField("salary_region"),
        index.FilterField("experience_level"),
    ]

    #: The kind's value stored by proposals and search documents (RESOURCE_KINDS).
    resource_kind = "job_profile"
    parent_page_types = ["resources.JobProfileIndexPage"]
    subpage_types = []

    class Meta(ResourcePage.Meta):
        verbose_name = _("job profile")
        verbose_name_plural = _("job profiles")

    #: The fields the comparison view shows, in order.
    COMPARED_FIELDS = [
        "synonyms",
        "summary",
        "missions",
        "activities",
        "hard_skills",
        "soft_skills",
        "tools",
        "interview_questions",
        "experience_level",
        "education",
        "salary",
        "source",
    ]
    #: The fields that hold one item per line, in the order of the form
    #: (the import file gives each as a JSON list of strings).
    LIST_FIELDS = (
        "synonyms",
        "missions",
        "activities",
        "hard_skills",
        "soft_skills",
        "tools",
        "interview_questions",
    )

    def clean(self):
        super().clean()
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            raise ValidationError(
                {"salary_max": _("The upper salary must not be below the lower one.")}
            )

    def list_of(self, field_name):
        return lines(getattr(self, field_name))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for field_name in self.LIST_FIELDS:
            context[field_name] = self.list_of(field_name)
        context["related_profiles"] = (
            visible_to(JobProfilePage.objects.live(), request.user)
            .filter(pk__in=self.related_profiles.values("profile_id"))
            .only("title", "url_path", "locale")
        )
        return context

    @property
    def synonym_list(self):
        return self.list_of("synonyms")

    @property
    def salary_range(self):
        """A readable salary range: "32 000 – 42 000 € (EUR), France"."""
        if not (self.salary_min or self.salary_max):
            return ""
        amounts = " – ".join(
            f"{amount:,}".replace(",", "\u202f")
            for amount in (self.salary_min, self.salary_max)
            if amount
        )
        return f"{amounts} {self.get_salary_currency_display()}, {self.get_salary_region_display()}"


class RelatedJobProfile(Orderable):
    """A link from one job profile to a neighbouring one."""

    page = ParentalKey(JobProfilePage, on_delete=models.CASCADE, related_name="related_profiles")
    profile = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("profile", page_type="resources.JobProfilePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related profile")


# --- Case studies ------------------------------------------------------------


class CaseKind(models.TextChoices):
    SUCCESS = "success", _("Success")
    CRISIS = "crisis", _("Crisis")


class CaseStudyPage(ResourcePage):
    """A case study ("retour d'expérience"): the context, the dated actions,
    the channels used, the results in figures and the lessons learned."""

    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    context = RichTextField(_("context"), features=RICH_TEXT_FEATURES)
    timeline = StreamField(
        [("step", TimelineStepBlock())], verbose_name=_("timeline of actions"), blank=True
    )
    results = StreamField(
        [("figure", ResultFigureBlock())], verbose_name=_("results in figures"), blank=True
    )
    lessons = RichTextField(_("lessons learned"), blank=True, features=RICH_TEXT_FEATURES)
    attachments = StreamField(
        AttachmentsStreamBlock(),
        verbose_name=_("documents and images"),
        blank=True,
        help_text=_("Files members can download or see: a brochure, slides, screenshots…"),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("context"),
        FieldPanel("timeline"),
        FieldPanel("results"),
        FieldPanel("lessons"),
        FieldPanel("attachments"),
        ResourcePage.classification_panel(),
    ]

    search_fields = ResourcePage.search_fields + [
        index.SearchField("context"),
        index.SearchField("timeline"),
        index.SearchField("lessons"),
        index.FilterField("kind"),
    ]

    #: The kind's value stored by proposals and search documents (RESOURCE_KINDS).
    resource_kind = "case_study"
    parent_page_types = ["resources.CaseStudyIndexPage"]
    subpage_types = []

    class Meta(ResourcePage.Meta):
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    @property
    def channels(self):
        """The platforms used, under the name case studies give them."""
        return self.platforms


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


# --- Feeds -------------------------------------------------------------------


def new_feed_token():
    return secrets.token_urlsafe(32)


class ResourceFeedToken(models.Model):
    """A member's secret feed address. Regenerating it revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resource feed token")

    def __str__(self):
        return f"{self.user} feed"

    @classmethod
    def for_user(cls, user):
        token, _created = cls.objects.get_or_create(user=user)
        return token

    def regenerate(self):
        self.token = new_feed_token()
        self.save(update_fields=["token", "created_at"])


# --- Helpers -----------------------------------------------------------------


def lines(text):
    """The non-empty lines of a "one per line" field."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def cache_embed(url, field):
    """Fetch and store the embed for `url` so pages never fetch it themselves.

    An address no provider knows is refused; a provider that cannot be
    reached (no network) is not an error: the page shows a plain link.
    """
    from wagtail.embeds.embeds import get_embed
    from wagtail.embeds.exceptions import EmbedNotFoundException, EmbedUnsupportedProviderException

    try:
        get_embed(url)
    except EmbedUnsupportedProviderException as error:
        raise ValidationError({field: _("This address cannot be embedded.")}) from error
    except (EmbedNotFoundException, OSError):
        pass
