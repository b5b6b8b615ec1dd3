"""StreamField blocks shared by every content page (guides, talks, events…)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]


def child_error(name, message):
    """The error a StructBlock's `clean` raises to show `message` under its
    child block `name` (the editor sees it on that field)."""
    return StructBlockValidationError(block_errors={name: ValidationError(message)})


class ParagraphBlock(blocks.RichTextBlock):
    """Formatted text: the default building block of a body."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph.html"
        description = _("Formatted text with links and lists.")
        preview_value = "<p>Annoncez le nouveau compte sur le site, dans le magazine et "
        "l'infolettre.</p>"


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it."""

    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
        description = _("A quotation, with who said it.")
        preview_value = {
            "text": "Un compte institutionnel, c'est une conversation, pas un panneau d'affichage.",
            "attribution": "Une community manager",
        }


class FigureBlock(blocks.StructBlock):
    """An image with its alternative text and caption."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure.html"
        description = _("An image with alternative text and an optional caption.")


class VideoBlock(blocks.StructBlock):
    """A video or post embedded from YouTube, Vimeo, etc."""

    url = EmbedBlock(label=_("address of the video or post"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "blocks/embed.html"
        description = _("A video or a social-media post embedded from its address.")


class DocumentBlock(blocks.StructBlock):
    """A downloadable document (PDF brochure, slides, template)."""

    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(label=_("description"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document.html"
        description = _("A file members can download, such as a brochure or slides.")


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, a warning or a legal note."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("legal", _("Legal note"))],
        default="tip",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout.html"
        description = _("A highlighted tip, warning or legal note.")


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks any page body may use."""

    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = FigureBlock()
    embed = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
