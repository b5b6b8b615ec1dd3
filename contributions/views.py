"""The member's side of sharing a resource: choose its kind, fill in the
form, keep a draft, submit it for review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from community.models import MemberProfile

from .forms import FORMS
from .models import Proposal, ProposalKind
from .proposals import DAILY_LIMIT, DailyLimitReached, save_draft, submit

KIND_DESCRIPTIONS = {
    ProposalKind.GUIDE: gettext_lazy(
        "Step-by-step advice: how to open an account, set privacy, announce a page…"
    ),
    ProposalKind.CASE_STUDY: gettext_lazy(
        "A success or a crisis: the context, what happened, the results and the lessons."
    ),
    ProposalKind.JOB_PROFILE: gettext_lazy(
        "A community management job: missions, skills, tools and salary."
    ),
    ProposalKind.TALK: gettext_lazy(
        "What a practitioner said at a class or a meeting, and the key takeaways."
    ),
}


def proposal_choose(request):
    """Sharing a resource starts with its kind."""
    kinds = [(kind, label, KIND_DESCRIPTIONS[kind]) for kind, label in ProposalKind.choices]
    return render(request, "contributions/proposal_choose.html", {"kinds": kinds})


def proposal_create(request, kind):
    """A new proposal of one kind."""
    if kind not in FORMS:
        raise Http404
    return proposal_form(request, kind)


def proposal_edit(request, pk):
    """The member's own proposal, while it is a draft or changes are requested.
    Anyone else's proposal does not exist for them (404)."""
    proposal = get_object_or_404(Proposal, pk=pk, member=request.user)
    if not proposal.is_editable:
        messages.info(
            request,
            _("This proposal is with the editors: you can edit it again if they ask for changes."),
        )
        return redirect("account")
    return proposal_form(request, proposal.kind, proposal)


def proposal_form(request, kind, proposal=None):
    """Fill in, save as a draft, or submit for review. On an error the form
    comes back with everything typed, except the files (browsers cannot
    send them again)."""
    language = get_language()
    if proposal is None:
        profile = MemberProfile.for_user(request.user)
        initial = {"language": language, "institution": profile.institution_id}
        existing_files = []
    else:
        initial = proposal.data
        existing_files = list(proposal.files.select_related("document", "image"))
    form = FORMS[kind](
        request.POST or None,
        request.FILES or None,
        language_code=language,
        initial=initial,
        existing_files=existing_files,
    )
    files_lost = False
    if request.method == "POST":
        submitting = "submit" in request.POST
        if form.is_valid(submitting=submitting):
            proposal = save_draft(request.user, kind, form, proposal)
            if not submitting:
                messages.success(request, _("Your draft is saved. Come back to it at any time."))
                return redirect("contributions:proposal_edit", pk=proposal.pk)
            return submit_proposal(request, proposal)
        files_lost = bool(request.FILES)
    context = {
        "form": form,
        "proposal": proposal,
        "kind": kind,
        "kind_label": ProposalKind(kind).label,
        "files_lost": files_lost,
    }
    return render(request, "contributions/proposal_form.html", context)


def submit_proposal(request, proposal):
    try:
        submit(proposal)
    except DailyLimitReached:
        messages.error(
            request,
            ngettext(
                "You have submitted %(limit)d proposal in the last 24 hours, the most "
                "allowed. Your draft is saved: submit it tomorrow.",
                "You have submitted %(limit)d proposals in the last 24 hours, the most "
                "allowed. Your draft is saved: submit it tomorrow.",
                DAILY_LIMIT,
            )
            % {"limit": DAILY_LIMIT},
        )
        return redirect("contributions:proposal_edit", pk=proposal.pk)
    except ValidationError as error:
        messages.error(
            request,
            _("Your draft is saved but could not be submitted: %(errors)s")
            % {"errors": "; ".join(error.messages)},
        )
        return redirect("contributions:proposal_edit", pk=proposal.pk)
    messages.success(
        request,
        _(
            "Thank you! Your proposal is with the editors. We will e-mail you when they "
            "publish it or ask for changes."
        ),
    )
    return redirect("account")
