"""The search page's parameters. Every one is optional and checked: a value
that does not exist is reported, the rest of the search still runs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import AudienceKind, Country, InstitutionKind, Platform, Topic

from .models import DocumentKind
from .query import FACETS, MAX_QUERY_LENGTH

ALL_LANGUAGES = "all"
SORTS = [("relevance", _("Relevance")), ("date", _("Newest first"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=DocumentKind.choices)
    institution = forms.IntegerField(
        label=_("Institution"), required=False, min_value=1, max_value=2**31 - 1
    )
    institution_kind = forms.ChoiceField(
        label=_("Kind of institution"), required=False, choices=InstitutionKind.choices
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=Country.choices)
    region = forms.CharField(label=_("Region"), required=False, max_length=100)
    topic = forms.SlugField(label=_("Topic"), required=False, max_length=100)
    platform = forms.SlugField(label=_("Platform"), required=False, max_length=60)
    audience = forms.ChoiceField(label=_("Audience"), required=False, choices=AudienceKind.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    lang = forms.ChoiceField(
        label=_("Languages"),
        required=False,
        choices=[("", _("This language")), (ALL_LANGUAGES, _("All languages"))],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, data, *, language):
        super().__init__(data)
        self.language = language
        self.topic_keys = {}

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("Your search is too long: keep it under %(max)d characters."),
                params={"max": MAX_QUERY_LENGTH},
            )
        return query

    def clean_topic(self):
        slug = self.cleaned_data["topic"]
        if not slug:
            return ""
        topic = (
            Topic.objects.filter(slug=slug, locale__language_code=self.language)
            .only("translation_key")
            .first()
        )
        if topic is None:
            raise forms.ValidationError(_("There is no topic “%(slug)s”."), params={"slug": slug})
        self.topic_keys[slug] = str(topic.translation_key)
        return slug

    def clean_platform(self):
        slug = self.cleaned_data["platform"]
        if slug and not Platform.objects.canonical().filter(slug=slug).exists():
            raise forms.ValidationError(
                _("There is no platform “%(slug)s”."), params={"slug": slug}
            )
        return slug

    def valid(self, name, default=None):
        """A parameter's cleaned value, or the default if it is missing or bad."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        if name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    def filters(self):
        """facet → value, for the engine (topics as their translation key,
        so that a French topic finds its English pages in "all languages")."""
        filters = {}
        for facet in FACETS:
            value = self.valid(facet)
            if value is None:
                continue
            filters[facet] = self.topic_keys[value] if facet == "topic" else value
        return filters
