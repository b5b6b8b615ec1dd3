"""StreamFields from the file: a JSON list of blocks turned into the field's
raw stream data, each value type-checked against its block, then validated
by the blocks' own `clean()`, as the admin does on save."""

import decimal
import uuid

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.base import get_error_json_data
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from ..plan import MISSING
from .fields import clean_rich_text_noting
from .reader import is_json_type, json_type, parse_iso_date
from .references import resolve_media
from .text import check_plain_text

NUMBER_BLOCKS = (blocks.DecimalBlock, blocks.FloatBlock, blocks.IntegerBlock)


def read_stream(reader, plan, name, block_type=None, required=False):
    """Keep the stream `name` of the resource to write when each of its
    blocks, then the stream as a whole, is valid.

    `block_type` names the one type of block of a stream that has only one
    (a talk's questions): the file leaves out their "type".
    """
    items = reader.object_list(name, required)
    if not isinstance(items, list) or not reader.few_enough(name, items):
        return
    stream_block = plan.model._meta.get_field(name).stream_block
    raw = [
        stream_child(reader, stream_block, item, f"{name}[{position}]", block_type)
        for position, item in enumerate(items)
    ]
    # The stream's own rules (required, number of blocks) once its blocks are right.
    if MISSING not in raw and clean_block(reader, stream_block, raw, name):
        plan.fields[name] = raw


def stream_child(reader, stream_block, item, where, block_type):
    """The raw data of one block of a stream ({"type": …, "value": …}), or
    MISSING after a problem."""
    data = dict(item)
    type_name = block_type or data.pop("type", None)
    child = stream_block.child_blocks.get(type_name) if isinstance(type_name, str) else None
    if child is None:
        expected = ", ".join(stream_block.child_blocks)
        reader.error(
            f"{where}: block type {type_name!r} is unknown (expected one of: {expected})"
            if type_name
            else f"{where}: type is required (one of: {expected})"
        )
        return MISSING
    if isinstance(child, blocks.StructBlock):
        value = block_value(reader, child, data, where)
    else:
        unknown = sorted(set(data) - {"value"})
        for key in unknown:
            reader.error(f"{where}: unknown field '{key}' (this block takes 'value')")
        value = block_value(reader, child, data.get("value"), f"{where}.value")
        value = MISSING if unknown else value
    if value is MISSING or not clean_block(reader, child, value, where):
        return MISSING
    return {"type": type_name, "value": value}


def clean_block(reader, block, value, where):
    """Validate a raw value with the block's to_python() and clean(), as
    the admin does on save; report each message at its place."""
    try:
        block.clean(block.to_python(value))
    except ValidationError as error:
        for message in flatten_block_errors(get_error_json_data(error), where):
            reader.error(message)
        return False
    except (TypeError, ValueError, ArithmeticError) as error:
        reader.error(f"{where}: invalid value ({error})")
        return False
    return True


def flatten_block_errors(data, path):
    """Error messages of a block's get_error_json_data(), one per line,
    each with the path of the block in the file ("body[2].title")."""
    for message in data.get("messages", []):
        yield f"{path}: {message}"
    children = data.get("blockErrors") or {}
    if isinstance(children, list):
        children = dict(enumerate(children))
    for name, child in children.items():
        if child:
            child_path = f"{path}[{name}]" if isinstance(name, int) else f"{path}.{name}"
            yield from flatten_block_errors(child, child_path)


# --- The value of one block, by kind of block ---------------------------------


def block_value(reader, block, value, where):
    """The raw value of one block from its JSON, type-checked, with images
    and documents looked up by title; MISSING after a problem."""
    if value is None:
        return None
    for kinds, read in BLOCK_READERS:
        if isinstance(block, kinds):
            return read(reader, block, value, where)
    return scalar_value(reader, block, value, where)


def struct_value(reader, block, value, where):
    """A struct block: an object with the block's fields, each checked."""
    if not isinstance(value, dict):
        reader.error(f"{where} must be an object")
        return MISSING
    unknown = sorted(set(value) - set(block.child_blocks))
    for key in unknown:
        reader.error(f"{where}: unknown field '{key}'")
    result = {
        key: block_value(reader, child, value[key], f"{where}.{key}")
        for key, child in block.child_blocks.items()
        if key in value
    }
    return MISSING if unknown or MISSING in result.values() else result


def list_value(reader, block, value, where):
    """A list block: a list of values of its child block."""
    if not isinstance(value, list):
        reader.error(f"{where} must be a list")
        return MISSING
    if not reader.few_enough(where, value):
        return MISSING
    items = [
        block_value(reader, block.child_block, item, f"{where}[{position}]")
        for position, item in enumerate(value)
    ]
    if MISSING in items:
        return MISSING
    # Wagtail's list format, each item with its id: wagtail-localize finds a
    # translated item by that id (items without one get a new id each time
    # the page is read, and their translations never land).
    return [{"type": "item", "value": item, "id": str(uuid.uuid4())} for item in items]


def nested_stream_value(reader, block, value, where):
    reader.error(f"{where}: nested streams cannot be imported")
    return MISSING


def chooser_value(reader, block, value, where):
    """An image or a document of the library, named by its title."""
    if not isinstance(value, str):
        reader.error(f"{where} must be the title of an item of the library")
        return MISSING
    model = get_image_model() if isinstance(block, ImageChooserBlock) else get_document_model()
    return resolve_media(reader, model, value, where)


#: Blocks made of other blocks, or naming items of the library, and how to
#: read their values; any other block holds one JSON value (scalar_value).
BLOCK_READERS = (
    (blocks.StructBlock, struct_value),
    (blocks.ListBlock, list_value),
    (blocks.BaseStreamBlock, nested_stream_value),
    ((ImageChooserBlock, DocumentChooserBlock), chooser_value),
)


def scalar_value(reader, block, value, where):
    """A text, number, boolean or date block: one JSON value of the right
    type; rich text as the editor would save it, plain text without markup."""
    expected, types = expected_json_type(block)
    if not is_json_type(value, types):
        reader.error(f"{where} must be {expected}, not {json_type(value)}")
        return MISSING
    try:
        if isinstance(block, blocks.RichTextBlock):
            return clean_rich_text_noting(reader, value, block.features, where)
        if isinstance(value, str):
            check_plain_text(value)
    except ValidationError as error:
        reader.error(f"{where}: {' '.join(error.messages)}")
        return MISSING
    if isinstance(block, blocks.DateBlock) and parse_iso_date(value) is None:
        reader.error(f"{where}: '{value}' is not a valid date (YYYY-MM-DD)")
        return MISSING
    if isinstance(block, blocks.DecimalBlock):
        return decimal_value(reader, value, where)
    return value


def expected_json_type(block):
    """What the file must give for a scalar block: its name in messages and
    the JSON types that may give it."""
    if isinstance(block, blocks.BooleanBlock):
        return "true or false", (bool,)
    if isinstance(block, NUMBER_BLOCKS):
        return "a number", (int, float, str)
    return "a string", (str,)


def decimal_value(reader, value, where):
    """A decimal block's value, as the exact text of the number."""
    try:
        return str(decimal.Decimal(str(value)))
    except decimal.InvalidOperation:
        reader.error(f"{where}: '{value}' is not a number")
        return MISSING
