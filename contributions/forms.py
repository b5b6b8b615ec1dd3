"""The forms members fill in to share a resource: the fields every kind has,
the fields of each kind, the repeatable rows (steps, timeline, figures) and
the files, checked by their content rather than their name."""

import datetime
import decimal
import zipfile
from operator import attrgetter

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseFormSet, formset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from filetype.types.archive import Pdf, Zip
from filetype.types.image import Jpeg, Png, Webp
from PIL import Image as PILImage

from community.models import Audience, Institution, Platform, Topic
from resources.models import CaseKind, SalaryRegion

from .models import ProposalKind

#: The site's languages, named in the reader's language ("Anglais" in French).
LANGUAGE_CHOICES = [
    (code, get_language_info(code)["name_translated"]) for code, _name in settings.LANGUAGES
]

MAX_FILES = 3
MAX_FILE_BYTES = 10 * 1024 * 1024
EXTRA_ROWS = 3
MAX_ROWS = 30
#: The longest text of a multi-line field (a step, the context, a list typed
#: one per line), in characters: enough for any resource, bounded for the
#: page, search and the editors.
MAX_TEXT_LENGTH = 5_000
#: A yearly salary above this is a typo (and would not fit the page's field).
MAX_SALARY = 10_000_000

#: The accepted formats (read from the content), by the extension they get,
#: and whether Wagtail stores them as an image or a document.
IMAGE, DOCUMENT = "image", "document"
FORMATS = {
    "pdf": DOCUMENT,
    "png": IMAGE,
    "jpg": IMAGE,
    "webp": IMAGE,
    "pptx": DOCUMENT,
    "odp": DOCUMENT,
}
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
PILLOW_FORMATS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}
#: The signatures looked for in the first bytes (by the `filetype` library):
#: slides are ZIP archives, told apart by what they contain.
SIGNATURES = (Pdf(), Png(), Jpeg(), Webp(), Zip())


def sniff_format(upload):
    """The format of an uploaded file read from its content, or None when it
    is none of the accepted ones. The name is never trusted."""
    upload.seek(0)
    kind = filetype.match(upload, matchers=SIGNATURES)
    upload.seek(0)
    if kind is None:
        return None
    if kind.extension == "zip":
        return presentation_format(upload)
    return kind.extension


def presentation_format(upload):
    """PowerPoint (.pptx) or OpenDocument (.odp) slides: both are ZIP files,
    told apart by what they contain."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "ppt/presentation.xml" in names:
                return "pptx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODP_MIMETYPE:
                return "odp"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def image_decodes(upload, file_format):
    """True when Pillow reads the image as the format its first bytes announce."""
    try:
        with PILImage.open(upload) as image:
            image_format = image.format
            image.verify()
    except Exception:
        return False
    finally:
        upload.seek(0)
    return image_format == PILLOW_FORMATS[file_format]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class ProposalFilesField(forms.FileField):
    """Up to three files, each a PDF, PNG, JPEG, WebP or PPTX/ODP slides of
    10 MB at most. Cleaning gives [(upload, format), …]."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            uploads = [upload for upload in data if upload]
        else:
            uploads = [data] if data else []
        errors = []
        cleaned = []
        for upload in uploads:
            name = getattr(upload, "name", "")
            if upload.size > MAX_FILE_BYTES:
                errors.append(
                    ValidationError(
                        _("“%(name)s” weighs %(size)s: each file must weigh 10 MB or less."),
                        code="too_large",
                        params={"name": name, "size": filesizeformat(upload.size)},
                    )
                )
                continue
            file_format = sniff_format(upload)
            if file_format in PILLOW_FORMATS and not image_decodes(upload, file_format):
                file_format = None
            if file_format is None:
                errors.append(
                    ValidationError(
                        _(
                            "“%(name)s” is not a PDF, a PNG, JPEG or WebP image, or PowerPoint "
                            "or OpenDocument slides (whatever its name says)."
                        ),
                        code="wrong_type",
                        params={"name": name},
                    )
                )
                continue
            cleaned.append((upload, file_format))
        if errors:
            raise ValidationError(errors)
        return cleaned


# --- Repeatable rows -----------------------------------------------------------


class RowFormSet(BaseFormSet):
    """Rows a member may leave empty: blank rows are ignored, never an error,
    and the saved rows come back with a few empty ones to add more."""

    def initial_form_count(self):
        return 0

    def rows(self):
        """The filled-in rows' cleaned data, in order."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.errors
        ]


class StepRowForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=200)
    text = forms.CharField(
        label=_("What to do"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TimelineRowForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("What was done"), max_length=200)
    description = forms.CharField(
        label=_("Details"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResultRowForm(forms.Form):
    label = forms.CharField(label=_("Result"), max_length=200)
    value = forms.DecimalField(label=_("Figure"), max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)


def row_formset(form_class, prefix, data=None, rows=()):
    """A formset of `form_class` rows: the saved `rows` plus a few empty ones."""
    rows = list(rows or [])
    formset_class = formset_factory(
        form_class,
        formset=RowFormSet,
        extra=len(rows) + EXTRA_ROWS,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )
    return formset_class(data, initial=rows or None, prefix=prefix)


def tag_choices(label, queryset):
    """An optional choice of any number of `queryset`'s tags, as checkboxes."""
    return forms.ModelMultipleChoiceField(
        label=label, queryset=queryset, required=False, widget=forms.CheckboxSelectMultiple
    )


# --- The forms -------------------------------------------------------------------


class ProposalForm(forms.Form):
    """The fields every kind of proposal has. A draft needs a title only;
    submitting for review needs every field of `required_to_submit`."""

    kind = None
    #: name -> (row form, label): the repeatable rows of this kind
    row_sets = {}
    required_to_submit = ("summary",)
    #: rows that must have at least one entry to submit
    rows_required_to_submit = ()

    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences shown on listings and in search results."),
    )
    language = forms.ChoiceField(label=_("Language of the resource"), choices=LANGUAGE_CHOICES)
    topics = tag_choices(_("Topics"), Topic.objects.none())
    platforms = tag_choices(_("Platforms"), Platform.objects.canonical())
    audiences = tag_choices(_("Audience"), Audience.objects.all())
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.only("name"),
        required=False,
        help_text=_("Prefilled from your profile."),
    )
    files = ProposalFilesField(
        label=_("Files"),
        required=False,
        help_text=_(
            "Up to 3 files: PDF, PNG, JPEG or WebP images, PowerPoint or OpenDocument "
            "slides; 10 MB each at most."
        ),
    )

    def __init__(
        self, data=None, files=None, *, language_code, existing_files=(), initial=None, **kwargs
    ):
        super().__init__(data, files, initial=initial, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(locale__language_code=language_code)
        # The default language's platforms, named in the member's language.
        self.fields["platforms"].queryset = Platform.objects.canonical().localized()
        self.fields["platforms"].label_from_instance = attrgetter("label")
        self.existing_files = list(existing_files)
        if self.existing_files:
            self.fields["remove_files"] = forms.MultipleChoiceField(
                label=_("Remove these files"),
                required=False,
                choices=[(str(item.pk), str(item)) for item in self.existing_files],
                widget=forms.CheckboxSelectMultiple,
            )
        rows = (initial or {}) if data is None else {}
        self.formsets = {
            name: row_formset(form_class, name, data, rows.get(name))
            for name, (form_class, _label) in self.row_sets.items()
        }
        self.submitting = False

    MAIN_FIELDS = ("title", "summary")
    CLASSIFICATION_FIELDS = ("language", "topics", "platforms", "audiences", "institution")
    FILE_FIELDS = ("files", "remove_files")

    def main_fields(self):
        """Title, summary, then the fields of this kind."""
        others = self.CLASSIFICATION_FIELDS + self.FILE_FIELDS
        return [self[name] for name in self.fields if name not in others]

    def classification_fields(self):
        return [self[name] for name in self.CLASSIFICATION_FIELDS]

    def file_fields(self):
        return [self[name] for name in self.FILE_FIELDS if name in self.fields]

    @property
    def any_errors(self):
        """Errors on the form or on one of its rows (bound forms only)."""
        if not self.is_bound:
            return False
        return bool(self.errors) or any(
            formset.total_error_count() for formset in self.formsets.values()
        )

    def formset_list(self):
        """(name, label, formset) for the template."""
        return [
            (name, label, self.formsets[name]) for name, (_form, label) in self.row_sets.items()
        ]

    def is_valid(self, submitting=False):
        """Check the form and its rows; `submitting` asks for what a review needs."""
        self.submitting = submitting
        valid = super().is_valid()
        rows_valid = all(formset.is_valid() for formset in self.formsets.values())
        if submitting and rows_valid:
            for name in self.rows_required_to_submit:
                if not self.formsets[name].rows():
                    self.add_error(
                        None,
                        _("Add at least one entry to “%(rows)s” to submit for review.")
                        % {"rows": self.row_sets[name][1]},
                    )
                    valid = False
        return valid and rows_valid

    def clean(self):
        cleaned = super().clean()
        removed = set(cleaned.get("remove_files") or [])
        kept = len([item for item in self.existing_files if str(item.pk) not in removed])
        new_files = cleaned.get("files") or []
        if kept + len(new_files) > MAX_FILES:
            self.add_error(
                "files",
                ngettext(
                    "A proposal can have %(max)d file at most.",
                    "A proposal can have %(max)d files at most.",
                    MAX_FILES,
                )
                % {"max": MAX_FILES},
            )
        if self.submitting:
            for name in self.required_to_submit:
                if name in self.fields and not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is needed to submit for review."))
        return cleaned

    def proposal_data(self):
        """The cleaned data as JSON: ids for records, ISO text for dates."""
        data = {}
        for name, value in self.cleaned_data.items():
            if name in ("files", "remove_files"):
                continue
            data[name] = to_json(value)
        for name, formset in self.formsets.items():
            data[name] = [
                {key: to_json(value) for key, value in row.items()} for row in formset.rows()
            ]
        return data


def to_json(value):
    """A cleaned value as JSON: records by id, dates as ISO text, decimals as text."""
    if isinstance(value, QuerySet):
        return list(value.values_list("pk", flat=True))
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


ONE_PER_LINE = _("One per line.")


def lines_field(label, help_text=ONE_PER_LINE, required=False):
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT_LENGTH,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class GuideProposalForm(ProposalForm):
    kind = ProposalKind.GUIDE
    row_sets = {"steps": (StepRowForm, _("Steps"))}
    rows_required_to_submit = ("steps",)

    checklist = lines_field(_("Checklist"), _("Things to check, one per line."))


class CaseStudyProposalForm(ProposalForm):
    kind = ProposalKind.CASE_STUDY
    row_sets = {
        "timeline": (TimelineRowForm, _("What happened")),
        "results": (ResultRowForm, _("Results in figures")),
    }
    required_to_submit = ("summary", "context")

    case_kind = forms.ChoiceField(label=_("Kind of case"), choices=CaseKind.choices)
    context = forms.CharField(
        label=_("Context"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    lessons = forms.CharField(
        label=_("Lessons learned"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class JobProfileProposalForm(ProposalForm):
    kind = ProposalKind.JOB_PROFILE
    required_to_submit = ("summary", "missions")

    missions = lines_field(_("Missions"))
    skills = lines_field(_("Skills"))
    tools = lines_field(_("Tools"))
    salary_region = forms.ChoiceField(
        label=_("Salary region"),
        choices=[("", "—")] + list(SalaryRegion.choices),
        required=False,
    )
    salary_min = forms.IntegerField(
        label=_("Salary from (per year)"), min_value=0, max_value=MAX_SALARY, required=False
    )
    salary_max = forms.IntegerField(
        label=_("Salary up to (per year)"), min_value=0, max_value=MAX_SALARY, required=False
    )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low and high and low > high:
            self.add_error("salary_max", _("The upper salary must not be below the lower one."))
        return cleaned


class TalkProposalForm(ProposalForm):
    kind = ProposalKind.TALK
    required_to_submit = ("summary", "speakers", "date")

    speakers = forms.CharField(
        label=_("Speaker(s)"),
        max_length=500,
        required=False,
        help_text=_("Names, separated by commas."),
    )
    event_name = forms.CharField(label=_("Event"), max_length=255, required=False)
    date = forms.DateField(
        label=_("Date of the talk"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    key_takeaways = lines_field(_("Key takeaways"))


FORMS = {
    form.kind: form
    for form in (GuideProposalForm, CaseStudyProposalForm, JobProfileProposalForm, TalkProposalForm)
}
