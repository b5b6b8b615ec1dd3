"""The base of every kind of resource page (what each has: an institution,
topics, platforms, an audience, who shared it) and the helpers they share."""

from operator import attrgetter

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from community.models import MemberProfile, Platform, Topic
from core.models import BasePage


class ResourcePageForm(WagtailAdminPageForm):
    """Offers only the topics of the page's own language, and the platforms
    of the default language (what filters and search know a platform by),
    named in the editor's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topics" in self.fields and self.instance.locale_id:
            self.fields["topics"].queryset = Topic.objects.filter(locale_id=self.instance.locale_id)
        if "platforms" in self.fields:
            self.fields["platforms"].queryset = Platform.objects.canonical().localized()
            self.fields["platforms"].label_from_instance = attrgetter("label")


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

    def follow_targets(self):
        """What members may follow that this page is in (besides its
        sections): its institution, topics and speakers. Read when the page
        is first published (notifications.follows) and for its follow buttons."""
        targets = [self.institution] if self.institution else []
        targets += list(self.topics.all())
        speakers = getattr(self, "speakers", None)
        if speakers is not None:
            targets += [speaker.person for speaker in speakers.select_related("person")]
        return targets

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

    def localized_platforms(self):
        """The page's platforms, each with `label`: its name in the active
        language, or the default language's where no translation exists; one
        query. In a preview, the platforms chosen in the form."""
        platforms = self.platforms.all()
        if not isinstance(platforms, models.QuerySet):  # a preview's unsaved choice
            platforms = Platform.objects.filter(pk__in=[platform.pk for platform in platforms])
        return platforms.localized()

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
