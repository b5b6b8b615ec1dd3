"""Admin viewsets for the community's snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Institution, Person, Platform, Topic


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "site"
    menu_label = _("Institutions")
    list_display = ["name", "short_name", "kind", "country", "region", "city"]
    list_filter = ["kind", "country"]
    ordering = ["name"]
    list_per_page = 50


class PersonFilterSet(WagtailFilterSet):
    class Meta:
        model = Person
        fields = ["institution", "locale"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["full_name", "role", "institution"]
    filterset_class = PersonFilterSet
    ordering = ["last_name", "first_name"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution", "locale")


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    list_filter = ["locale"]
    ordering = ["name"]


class PlatformViewSet(SnippetViewSet):
    model = Platform
    icon = "globe"
    menu_label = _("Platforms")
    list_display = ["name", "slug"]
    ordering = ["name"]


class CommunityViewSetGroup(SnippetViewSetGroup):
    items = (InstitutionViewSet, PersonViewSet, TopicViewSet, PlatformViewSet)
    menu_icon = "group"
    menu_label = _("Community")
    menu_name = "community"
    menu_order = 300


register_snippet(CommunityViewSetGroup)
