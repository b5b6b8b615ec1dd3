"""Speakers' talks: the talk page, its admin form and its speakers."""

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
from wagtail.search import index

from community.models import Speaker
from core.blocks import RICH_TEXT_FEATURES
from core.models import BasePage

from ..blocks import QuestionAnswerBlock
from .base import ResourcePage, ResourcePageForm, cache_embed, lines


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
