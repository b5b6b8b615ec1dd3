"""Filtering and sorting of resource listings, shared by every index page."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from community.models import AudienceKind, Institution, InstitutionKind, Platform, Topic
from core.forms import LazyChoices
from core.security import visible_to

ALL_LANGUAGES = "all"

SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "oldest": ("first_published_at", "pk"),
    "title": ("title", "pk"),
}


def topic_choices(locale):
    return [("", _("All topics"))] + list(
        Topic.objects.filter(locale=locale).values_list("slug", "name")
    )


def platform_choices():
    """The default language's platforms (their slugs are what pages are filed
    under), named in the active language."""
    return [("", _("All platforms"))] + list(
        Platform.objects.canonical().localized().values_list("slug", "label")
    )


class ResourceFilterForm(forms.Form):
    """The filters of a resource list. Every field is optional; a value that
    does not exist is reported on the form, never a server error."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.only("name", "short_name"),
        required=False,
        empty_label=_("All institutions"),
    )
    institution_kind = forms.ChoiceField(label=_("Kind of institution"), required=False)
    platform = forms.ChoiceField(label=_("Platform"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title")),
        ],
    )

    def __init__(self, data=None, *, locale, model):
        super().__init__(data)
        self.locale = locale
        self.model = model
        # Read from the database only when the form is rendered or a value
        # checked: a list served from the cache needs neither.
        self.fields["topic"].choices = LazyChoices(topic_choices, locale)
        self.fields["institution_kind"].choices = [("", _("All kinds"))] + list(
            InstitutionKind.choices
        )
        if self.model_has("platforms"):
            self.fields["platform"].choices = LazyChoices(platform_choices)
        else:
            del self.fields["platform"]
        if self.model_has("audiences"):
            self.fields["audience"].choices = [("", _("Everyone"))] + list(AudienceKind.choices)
        else:
            del self.fields["audience"]
        self.fields["language"].choices = [
            ("", _("This language")),
            (ALL_LANGUAGES, _("All languages")),
        ] + [
            (code, get_language_info(code)["name_translated"]) for code, _name in settings.LANGUAGES
        ]

    def model_has(self, field_name):
        return any(field.name == field_name for field in self.model._meta.get_fields())

    def valid_filters(self):
        """The filters to apply: valid ones only, so one bad value does not
        hide the whole list."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name not in self.errors
        }

    def query_string_without_page(self):
        """The current filters as a query string, for pagination links."""
        if not self.is_bound:
            return ""
        pairs = [(key, value) for key, value in self.data.items() if key != "page" and value]
        return urlencode(pairs)

    @property
    def active_count(self):
        return len([name for name in self.valid_filters() if name != "sort"])


def filtered_resources(model, form, locale, user=None):
    """Live resources of `model` matching the form's filters, sorted, with
    what the cards need fetched in a fixed number of queries."""
    filters = form.valid_filters()
    resources = model.objects.live()
    if user is not None:  # without the pages the member's groups may not view
        resources = visible_to(resources, user)
    language = filters.get("language")
    if language == ALL_LANGUAGES:
        pass
    elif language:
        resources = resources.filter(locale__language_code=language)
    else:
        resources = resources.filter(locale=locale)
    if "topic" in filters:
        resources = resources.filter(topics__slug=filters["topic"])
    if "institution" in filters:
        resources = resources.filter(institution=filters["institution"])
    if "institution_kind" in filters:
        resources = resources.filter(institution__kind=filters["institution_kind"])
    if "platform" in filters:
        resources = resources.filter(platforms__slug=filters["platform"])
    if "audience" in filters:
        resources = resources.filter(audiences__kind=filters["audience"])
    return (
        resources.distinct()
        .select_related("institution", "locale")
        .prefetch_related("topics")
        .order_by(*SORTS[filters.get("sort", "newest")])
    )


def latest_resources(models, locale, limit, user=None):
    """The `limit` newest live resources of several kinds, newest first,
    with two queries per kind whatever the number of resources."""
    latest = []
    for model in models:
        latest.extend(
            visible_to(model.objects.live(), user)
            .filter(locale=locale)
            .select_related("institution", "locale")
            .prefetch_related("topics")
            .order_by("-first_published_at", "-pk")[:limit]
        )
    latest.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    return latest[:limit]
