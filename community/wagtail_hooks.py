"""Admin viewsets for the community's snippets."""

from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from .admin_access import PermissionCheckedChooserViewSet, check_page_move, page_chooser_queryset
from .models import Institution, Invitation, Person, Platform, Topic
from .moderation import CommentModerationViewSet
from .tasks import send_invitation_email


class CommunitySnippetViewSet(SnippetViewSet):
    """Snippets whose chooser only lists them to admin users with a
    permission on the model (moderators see no invitee's address)."""

    chooser_viewset_class = PermissionCheckedChooserViewSet


class InstitutionViewSet(CommunitySnippetViewSet):
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


class PersonViewSet(CommunitySnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["full_name", "role", "institution"]
    filterset_class = PersonFilterSet
    ordering = ["last_name", "first_name"]
    list_per_page = 50

    def get_queryset(self, request):
        # SnippetViewSet.get_queryset() returns None ("use the default"): start
        # from the model's manager.
        return Person.objects.select_related("institution", "locale")


class TopicViewSet(CommunitySnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    list_filter = ["locale"]
    ordering = ["name"]


class PlatformViewSet(CommunitySnippetViewSet):
    model = Platform
    icon = "globe"
    menu_label = _("Platforms")
    list_display = ["name", "slug"]
    list_filter = ["locale"]
    ordering = ["name"]


class InvitationCreateView(CreateView):
    """Records who invites, and e-mails the invitation once it is saved."""

    def save_instance(self):
        self.form.instance.invited_by = self.request.user
        invitation = super().save_instance()
        transaction.on_commit(partial(send_invitation_email.enqueue, invitation.pk))
        return invitation


class InvitationViewSet(CommunitySnippetViewSet):
    """Invitations to join for addresses outside the institutions' domains.
    Editors only (permissions granted to the Editors group by migration)."""

    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    add_view_class = InvitationCreateView
    list_display = ["email", "invited_by", "created_at", "expires_at", "status"]
    search_fields = ["email"]
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False

    def get_queryset(self, request):
        return Invitation.objects.select_related("invited_by")


class CommunityViewSetGroup(SnippetViewSetGroup):
    items = (InstitutionViewSet, PersonViewSet, TopicViewSet, PlatformViewSet, InvitationViewSet)
    menu_icon = "group"
    menu_label = _("Community")
    menu_name = "community"
    menu_order = 300


register_snippet(CommunityViewSetGroup)


@hooks.register("register_admin_viewset")
def register_comment_moderation():
    """The comment moderation queue (community/moderation.py)."""
    return CommentModerationViewSet()


hooks.register("construct_page_chooser_queryset", page_chooser_queryset)
hooks.register("before_move_page", check_page_move)
