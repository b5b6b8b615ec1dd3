"""Members' proposals of resources: what a member typed, their files, and
where the proposal stands in the editors' review (see docs/proposals.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.security import visible_to
from resources.models import RESOURCE_KINDS, resource_kind_choices

#: What the sharing forms call each kind of resource.
KIND_LABELS = {
    "guide": _("How-to guide"),
    "talk": _("Talk summary"),
    "job_profile": _("Job profile"),
    "case_study": _("Case study"),
}

#: The kinds of resource a member may propose: the resources' own kinds
#: (resources.models.RESOURCE_KINDS), under the forms' names.
ProposalKind = models.TextChoices("ProposalKind", resource_kind_choices(KIND_LABELS))


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class ProposalQuerySet(models.QuerySet):
    def submitted_since(self, member, since):
        """The member's proposals (last) submitted after `since`."""
        return self.filter(member=member, submitted_at__gte=since)


class Proposal(models.Model):
    """A resource a member shares: what they typed (as JSON, so nothing is
    lost between visits), their files, and where it stands in the review.

    Submitting creates (or updates) a draft page of the right kind and starts
    the editorial workflow on it; Wagtail's signals keep `status` in step
    (contributions/proposals.py). Only an editor's approval publishes it.
    """

    EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED)

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="resource_proposals",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProposalKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    feedback = models.TextField(_("editor's feedback"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["member", "submitted_at"], name="proposal_member_submitted")
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        return self.status in self.EDITABLE


class ProposalFile(models.Model):
    """A file attached to a proposal: a Wagtail image (PNG, JPEG, WebP) or
    document (PDF, slides), kept in the "Propositions des membres" collection."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposal file")
        verbose_name_plural = _("proposal files")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False, image__isnull=True)
                | models.Q(document__isnull=True, image__isnull=False),
                name="proposal_file_document_or_image",
            )
        ]

    def __str__(self):
        return str(self.item)

    @property
    def item(self):
        return self.document or self.image


def shared_page_ids(member):
    """The ids of the pages the member shared (their published proposals),
    as a subquery: the member's profile lists those that are live."""
    return Proposal.objects.filter(member=member, status=ProposalStatus.PUBLISHED).values("page_id")


def member_proposals(member):
    """The member's proposals, as the export of their data holds them."""
    return list(
        Proposal.objects.filter(member=member)
        .order_by("created_at", "pk")
        .values("kind", "status", "title", "language", "data", "created_at", "submitted_at")
    )


def recently_shared(locale, limit, user=None):
    """The `limit` newest live resources members shared in this language
    (on the Resources index, registered with `resources.sharing`).

    One query finds them through the published proposals; then two per kind
    present (cards need the institution, topics and who shared it)."""
    newest = list(
        Proposal.objects.filter(
            status=ProposalStatus.PUBLISHED, page__live=True, page__locale=locale
        )
        .order_by("-page__first_published_at")
        .values_list("page_id", "kind")[:limit]
    )
    pages = {}
    for kind in {kind for _page_id, kind in newest}:
        ids = [page_id for page_id, page_kind in newest if page_kind == kind]
        pages.update(
            (page.pk, page)
            for page in visible_to(RESOURCE_KINDS[kind].objects.live(), user)
            .filter(pk__in=ids)
            .select_related("institution", "locale", "shared_by__profile")
            .prefetch_related("topics")
        )
    return [pages[page_id] for page_id, _kind in newest if page_id in pages]
