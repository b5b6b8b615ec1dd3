"""StreamField blocks specific to resources: guide steps, checklists,
do/don't lists, legal notes, Q&A, case-study timelines and figures."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock, DocumentBlock, FigureBlock, child_error


class StepBlock(blocks.StructBlock):
    """One numbered step of a how-to guide (numbers follow the order)."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "resources/blocks/step.html"
        description = _("A numbered step; steps are numbered in the order they appear.")
        preview_value = {
            "title": "Créer la page depuis un compte personnel",
            "text": "<p>Facebook exige un profil administrateur.</p>",
        }


class ChecklistBlock(blocks.StructBlock):
    """Things to check before or after an action."""

    title = blocks.CharBlock(label=_("title"), max_length=200, required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("item"), max_length=300), label=_("items"))

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "resources/blocks/checklist.html"
        description = _("A list of things to check.")
        preview_value = {
            "title": "Avant d'ouvrir le compte",
            "items": ["Charte graphique validée", "Deux administrateurs désignés"],
        }


class DoDontBlock(blocks.StructBlock):
    """Good and bad practices side by side."""

    dos = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("do"), min_num=0, default=[])
    donts = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("don't"), min_num=0, default=[]
    )

    class Meta:
        icon = "success"
        label = _("Do / don't")
        template = "resources/blocks/do_dont.html"
        description = _("Good practices and pitfalls, side by side.")
        preview_value = {
            "dos": ["Répondre sous 24 heures"],
            "donts": ["Supprimer une critique argumentée"],
        }

    def clean(self, value):
        value = super().clean(value)
        if not value["dos"] and not value["donts"]:
            raise child_error("dos", _("Give at least one do or one don't."))
        return value


class LegalNoteValue(blocks.StructValue):
    def subject_label(self):
        """The subject as readers see it ("Image rights")."""
        choices = dict(self.block.child_blocks["subject"].field.choices)
        return choices.get(self.get("subject"), "")


class LegalNoteBlock(blocks.StructBlock):
    """What the law says on a point: privacy, copyright, image rights."""

    subject = blocks.ChoiceBlock(
        label=_("subject"),
        choices=[
            ("privacy", _("Privacy and personal data")),
            ("copyright", _("Copyright")),
            ("image_rights", _("Image rights")),
            ("other", _("Other")),
        ],
    )
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Legal note")
        template = "resources/blocks/legal_note.html"
        value_class = LegalNoteValue
        description = _("A legal point: privacy, copyright or image rights.")
        preview_value = {
            "subject": "image_rights",
            "text": "<p>Une autorisation écrite est nécessaire pour publier la photo "
            "d'une personne reconnaissable.</p>",
        }


class GuideStreamBlock(blocks.StreamBlock):
    """The body of a guide: steps and practical blocks first, then every block
    any page body may use (core's BaseStreamBlock, in its order)."""

    step = StepBlock()
    checklist = ChecklistBlock()
    do_dont = DoDontBlock()
    legal_note = LegalNoteBlock()

    def __init__(self, local_blocks=None, **kwargs):
        shared = BaseStreamBlock.base_blocks.items()
        super().__init__([*shared, *(local_blocks or ())], **kwargs)


class QuestionAnswerBlock(blocks.StructBlock):
    """A question from the audience and the speaker's answer."""

    question = blocks.CharBlock(label=_("question"), max_length=500)
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "resources/blocks/question_answer.html"
        preview_value = {
            "question": "Faut-il répondre aux trolls ?",
            "answer": "<p>Une fois, factuellement, puis ne plus nourrir l'échange.</p>",
        }


class TimelineStepBlock(blocks.StructBlock):
    """A dated action in a case study's timeline."""

    date = blocks.DateBlock(label=_("date"))
    title = blocks.CharBlock(label=_("what was done"), max_length=200)
    description = blocks.TextBlock(label=_("details"), required=False)

    class Meta:
        icon = "date"
        label = _("Timeline step")
        template = "resources/blocks/timeline_step.html"


class ResultFigureBlock(blocks.StructBlock):
    """A measured result: a label, a value and its unit."""

    label = blocks.CharBlock(label=_("label"), max_length=200)
    value = blocks.DecimalBlock(label=_("value"), decimal_places=2)
    unit = blocks.CharBlock(label=_("unit"), max_length=40, required=False)

    class Meta:
        icon = "table"
        label = _("Figure")
        template = "resources/blocks/result_figure.html"
        preview_value = {"label": "Lectures le lendemain", "value": "245", "unit": "lectures"}


class AttachmentsStreamBlock(blocks.StreamBlock):
    """Files that go with a case study or a job profile (a member's brochure,
    slides or screenshots): documents to download and images to show."""

    document = DocumentBlock()
    image = FigureBlock()
