"""Member proposals: from what a member typed to a draft page under review,
and the proposal's status kept in step with Wagtail's workflow.

- `save_draft()` keeps the form's data and files on the `Proposal`;
- `submit()` creates (or updates) a draft page of the right kind under the
  right list of the proposal's language, owned by the member, and starts
  (or resumes) the editorial workflow on it;
- the signal handlers below follow the editors' decisions in the admin:
  "Request changes" on the review task, approval (which publishes), a
  cancelled workflow; each sends the member an e-mail in their language.
"""

import contextvars
import datetime
import decimal
import re
from contextlib import contextmanager

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction, Page
from wagtail.models import WorkflowState as WagtailWorkflowState
from wagtail.signals import page_published, workflow_cancelled, workflow_rejected
from wagtail.users.models import UserProfile

from community.models import Audience, Platform, Topic
from core.emails import site_email
from core.links import public_url
from notifications.api import notify as notify_member
from notifications.api import wants_email
from resources.models import RESOURCE_KINDS, Currency, SalaryRegion
from resources.tree import section_for

from .forms import FORMATS, IMAGE
from .models import Proposal, ProposalFile, ProposalKind, ProposalStatus

#: Proposals a member may submit in 24 hours.
DAILY_LIMIT = 5
COLLECTION_NAME = "Propositions des membres"


class DailyLimitReached(Exception):
    """The member has submitted DAILY_LIMIT proposals in the last 24 hours."""


# --- Drafts and files --------------------------------------------------------


def save_draft(member, kind, form, proposal=None):
    """Keep what the member typed (and their new files) on the proposal."""
    data = form.proposal_data()
    if proposal is None:
        proposal = Proposal(member=member, kind=kind)
    proposal.data = data
    proposal.title = data["title"]
    proposal.language = data["language"]
    with transaction.atomic():
        proposal.save()
        removed = form.cleaned_data.get("remove_files") or []
        for item in proposal.files.filter(pk__in=removed).select_related("document", "image"):
            item.item.delete()  # the document or image; the row goes with it (CASCADE)
        attach_files(proposal, form.cleaned_data.get("files") or [])
    return proposal


def proposals_collection():
    """The collection holding members' files until their proposal is
    published: only editors may open its documents."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name="Editors"))
    return collection


def attach_files(proposal, uploads):
    """Store each checked upload as a Wagtail image or document, named after
    what its content is (never the extension the member's file had).

    An image is titled after the proposal ("Title", then "Title (2)"…), not
    after its file name: its title is the alternative text readers get
    (file_blocks), and "IMG_2034" describes nothing."""
    if not uploads:
        return
    collection = proposals_collection()
    images = 0
    for upload, file_format in uploads:
        title = (upload.name.rsplit(".", 1)[0] or proposal.title)[:255]
        upload.name = f"{slugify(title)[:60] or 'fichier'}.{file_format}"
        if FORMATS[file_format] == IMAGE:
            images += 1
            image_title = proposal.title if images == 1 else f"{proposal.title} ({images})"
            image = get_image_model()(title=image_title[:255], file=upload, collection=collection)
            image.uploaded_by_user = proposal.member
            image._set_image_file_metadata()
            image.save()
            ProposalFile.objects.create(proposal=proposal, image=image)
        else:
            document = get_document_model()(title=title, file=upload, collection=collection)
            document.uploaded_by_user = proposal.member
            document._set_document_file_metadata()
            document.save()
            ProposalFile.objects.create(proposal=proposal, document=document)


def author_may_open(request, item):
    """Under /media/, a member may open the files of their own proposals,
    whose collection lets only editors in until the resource is published
    (registered with ``core.media.register_grant``)."""
    field = "image" if isinstance(item, get_image_model()) else "document"
    return ProposalFile.objects.filter(
        **{field: item}, proposal__member_id=request.user.pk
    ).exists()


# --- Submitting ----------------------------------------------------------------


def submit(proposal):
    """Send the proposal to the editors: create or update its draft page and
    start (or resume) the review workflow. The page stays a draft: only an
    editor's approval publishes it."""
    member = proposal.member
    now = timezone.now()
    recent = (
        Proposal.objects.submitted_since(member, now - datetime.timedelta(days=1))
        .exclude(pk=proposal.pk)
        .count()
    )
    if recent >= DAILY_LIMIT:
        raise DailyLimitReached
    with transaction.atomic():
        page = update_page(proposal) if proposal.page_id else create_page(proposal)
        state = page.current_workflow_state
        if state is not None and state.status == WagtailWorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user=member)
        elif state is None:
            workflow = page.get_workflow()
            if workflow is None:
                raise ImproperlyConfigured("No review workflow applies to the resources' pages.")
            workflow.start(page, member)
        proposal.page = page
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = now
        proposal.save(update_fields=["page", "status", "submitted_at", "updated_at"])
        quiet_admin_notifications(member)
        notify(proposal, "submitted")
    return proposal


def quiet_admin_notifications(member):
    """Wagtail e-mails whoever started a workflow when it is approved or
    rejected, with links to the admin. A member cannot open the admin and
    receives CM Hub's own e-mail instead, so turn Wagtail's off for them."""
    if member.has_perm("wagtailadmin.access_admin"):
        return
    UserProfile.objects.update_or_create(
        user=member, defaults={"approved_notifications": False, "rejected_notifications": False}
    )


def create_page(proposal):
    """A new draft page of the proposal's kind, under its list in the
    proposal's language, owned by the member."""
    model = RESOURCE_KINDS[proposal.kind]
    parent = section_for(model, proposal.language)
    if parent is None:
        raise ImproperlyConfigured(f"No list of {model.__name__} in '{proposal.language}'.")
    page = model(
        slug=free_slug(parent, proposal.title),
        owner=proposal.member,
        live=False,
        has_unpublished_changes=True,
    )
    fill_page(page, proposal)
    parent.add_child(instance=page)
    page.save_revision(user=proposal.member, log_action=True)
    return page


def update_page(proposal):
    """A new draft revision of the proposal's page with what the member changed."""
    page = proposal.page.specific.get_latest_revision_as_object()
    fill_page(page, proposal)
    page.localize_topics()
    page.save_revision(user=proposal.member, log_action=True)
    return page


def free_slug(parent, title):
    base = slugify(title)[:70].strip("-") or "proposition"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def fill_page(page, proposal):
    """Copy the proposal's data onto the page's fields."""
    data = proposal.data
    page.title = page.draft_title = data["title"]
    page.summary = data.get("summary", "")
    page.institution_id = data.get("institution")
    page.shared_by = proposal.member
    page.topics = list(Topic.objects.filter(pk__in=data.get("topics") or []))
    page.platforms = list(Platform.objects.canonical().filter(pk__in=data.get("platforms") or []))
    page.audiences = list(Audience.objects.filter(pk__in=data.get("audiences") or []))
    files = list(proposal.files.select_related("document", "image"))
    documents = [item.document for item in files if item.document_id]
    images = [item.image for item in files if item.image_id]
    FILLERS[proposal.kind](page, data, documents, images)


def fill_guide(page, data, documents, images):
    body = [
        ("step", {"title": step["title"], "text": paragraphs(step["text"])})
        for step in data.get("steps", [])
    ]
    items = split_lines(data.get("checklist"))
    if items:
        body.append(("checklist", {"title": "", "items": items}))
    page.body = body + file_blocks(documents, images)


def file_blocks(documents, images):
    """The member's files as StreamField blocks: images as figures, then
    documents to download (the blocks guides, case studies and job profiles
    share)."""
    blocks = []
    for image in images:
        image.contextual_alt_text = image.title  # the proposal's title; editors refine it
        blocks.append(("image", {"image": image, "caption": ""}))
    blocks += [("document", {"document": document, "description": ""}) for document in documents]
    return blocks


def fill_case_study(page, data, documents, images):
    page.kind = data.get("case_kind") or "success"
    page.context = paragraphs(data.get("context"))
    page.lessons = paragraphs(data.get("lessons"))
    page.timeline = [
        (
            "step",
            {
                "date": datetime.date.fromisoformat(step["date"]),
                "title": step["title"],
                "description": step.get("description", ""),
            },
        )
        for step in data.get("timeline", [])
    ]
    page.results = [
        (
            "figure",
            {
                "label": figure["label"],
                "value": decimal.Decimal(figure["value"]),
                "unit": figure.get("unit", ""),
            },
        )
        for figure in data.get("results", [])
    ]
    page.attachments = file_blocks(documents, images)


def fill_job_profile(page, data, documents, images):
    page.missions = data.get("missions", "")
    page.hard_skills = data.get("skills", "")
    page.tools = data.get("tools", "")
    region = data.get("salary_region") or SalaryRegion.FRANCE
    page.salary_region = region
    page.salary_currency = Currency.CAD if region == SalaryRegion.QUEBEC else Currency.EUR
    page.salary_min = data.get("salary_min")
    page.salary_max = data.get("salary_max")
    page.attachments = file_blocks(documents, images)


def fill_talk(page, data, documents, images):
    page.speaker_names = data.get("speakers", "")
    page.event_name = data.get("event_name", "")
    page.date = datetime.date.fromisoformat(data["date"]) if data.get("date") else None
    page.key_takeaways = data.get("key_takeaways", "")
    page.slides = documents[0] if documents else None


FILLERS = {
    ProposalKind.GUIDE: fill_guide,
    ProposalKind.CASE_STUDY: fill_case_study,
    ProposalKind.JOB_PROFILE: fill_job_profile,
    ProposalKind.TALK: fill_talk,
}


def paragraphs(text):
    """Plain text as rich-text paragraphs (escaped: members type text, not HTML)."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in block.splitlines()) + "</p>"
        for block in blocks
    )


def split_lines(text):
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


# --- Following the editors' decisions -----------------------------------------


def proposal_for_workflow_state(state):
    if state.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return None
    return (
        Proposal.objects.select_related("member", "page")
        .filter(page_id=int(state.object_id))
        .first()
    )


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    """An editor chose "Request changes": the member may edit and resubmit."""
    proposal = proposal_for_workflow_state(instance)
    if proposal is None:
        return
    task_state = instance.current_task_state
    proposal.status = ProposalStatus.CHANGES_REQUESTED
    proposal.feedback = task_state.specific.get_comment() if task_state else ""
    proposal.save(update_fields=["status", "feedback", "updated_at"])
    notify(proposal, "changes_requested")


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    """An editor stopped the review without publishing: not published.
    (Publishing also cancels the workflow; the page is live then.)"""
    proposal = proposal_for_workflow_state(instance)
    if proposal is None or proposal.status == ProposalStatus.PUBLISHED:
        return
    if proposal.page is None or proposal.page.live or user == proposal.member:
        return
    proposal.status = ProposalStatus.REJECTED
    proposal.save(update_fields=["status", "updated_at"])
    notify(proposal, "rejected")


def on_page_published(sender, instance, **kwargs):
    """The resource is live: tell the member, and open its files to members."""
    proposal = (
        Proposal.objects.select_related("member", "page")
        .filter(page_id=instance.pk)
        .exclude(status=ProposalStatus.PUBLISHED)
        .first()
    )
    if proposal is None:
        return
    proposal.status = ProposalStatus.PUBLISHED
    proposal.feedback = ""
    proposal.save(update_fields=["status", "feedback", "updated_at"])
    root = Collection.get_first_root_node()
    files = ProposalFile.objects.filter(proposal=proposal)
    get_document_model().objects.filter(
        pk__in=files.exclude(document=None).values("document_id")
    ).update(collection=root)
    get_image_model().objects.filter(pk__in=files.exclude(image=None).values("image_id")).update(
        collection=root
    )
    notify(proposal, "published")


def connect_signals():
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="proposal_changes_requested")
    workflow_cancelled.connect(on_workflow_cancelled, dispatch_uid="proposal_cancelled")
    page_published.connect(on_page_published, dispatch_uid="proposal_published")


# --- E-mails ---------------------------------------------------------------------

SUBJECTS = {
    "submitted": _("We have received your proposal: %(title)s"),
    "changes_requested": _("Changes requested on your proposal: %(title)s"),
    "published": _("Your resource is published: %(title)s"),
    "rejected": _("Your proposal was not published: %(title)s"),
}


def proposal_email(proposal, message):
    """The e-mail for `message` (a key of SUBJECTS), in the member's language."""
    member = proposal.member
    with translation.override(member.preferred_language):
        page = proposal.page.specific if proposal.page_id else None
        context = {
            "member": member,
            "proposal": proposal,
            "kind": proposal.get_kind_display(),
            "account_url": public_url(reverse("account")),
            "edit_url": public_url(reverse("contributions:proposal_edit", args=[proposal.pk])),
            "page_url": public_url(page.url) if page is not None and page.live else "",
        }
        subject = str(SUBJECTS[message]) % {"title": proposal.title}
        template = f"contributions/email/proposal_{message}.txt"
        return site_email(subject, template, context, member.email)


def send_proposal_email(proposal, message):
    proposal_email(proposal, message).send()


_emails_off = contextvars.ContextVar("proposal_emails_off", default=False)


@contextmanager
def emails_off():
    """Send members no e-mail about proposals changed inside the block (the
    demo's members are fictional)."""
    token = _emails_off.set(True)
    try:
        yield
    finally:
        _emails_off.reset(token)


#: The proposal changes members are notified of in the site, with the words shown.
NOTIFIED = {
    "changes_requested": _("sent back for changes"),
    "published": _("published"),
    "rejected": _("not published"),
}


def notify(proposal, message):
    """Notify the member in the site (in this transaction) and e-mail them
    once the change is saved, unless they turned proposal e-mails off."""
    if message in NOTIFIED:
        page = proposal.page.specific if message == "published" and proposal.page_id else None
        # Sent back: straight to the proposal, the editors' words above the form.
        url = (
            reverse("contributions:proposal_edit", args=[proposal.pk])
            if message == "changes_requested"
            else reverse("account")
        )
        notify_member(
            proposal.member,
            "proposal",
            page,
            url=url,
            title=proposal.title,
            status=NOTIFIED[message],
            details=proposal.feedback,
        )
    if _emails_off.get():
        return
    if message in NOTIFIED and not wants_email(proposal.member, "proposal"):
        return
    transaction.on_commit(lambda: send_proposal_email(proposal, message))
