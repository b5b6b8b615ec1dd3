"""Job profiles ("fiches de poste") and the links between neighbouring ones."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES
from core.models import BasePage
from core.security import visible_to

from ..blocks import AttachmentsStreamBlock
from .base import ResourcePage, lines


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
