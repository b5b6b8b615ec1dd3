"""Values of the file cleaned by the model fields they are written to, as a
form would clean them: the models' own choices, lengths and validators give
the rules and Django's messages."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.fields import RichTextField

from ..plan import MISSING
from .text import check_plain_text, clean_rich_text


def clean_field(reader, model, name, value, json_name=None):
    """Clean `value` with the model field `name`, as a form would; return it
    or MISSING after recording the problem."""
    if value is MISSING:
        return MISSING
    model_field = model._meta.get_field(name)
    try:
        if isinstance(value, str):
            value = clean_text(reader, model_field, value, json_name or name)
        value = model_field.clean(value, None)
        check_text_length(model_field, value)
    except ValidationError as error:
        reader.error(f"{json_name or name}: {' '.join(error.messages)}")
        return MISSING
    return value


def check_text_length(model_field, value):
    """The max_length of a TextField, which only its form field enforces."""
    if (
        isinstance(model_field, models.TextField)
        and model_field.max_length
        and len(value) > model_field.max_length
    ):
        raise ValidationError(
            f"Ensure this value has at most {model_field.max_length} characters "
            f"(it has {len(value)})."
        )


def clean_text(reader, model_field, value, json_name):
    """Rich text as the page editor would save it; plain text without
    markup. Both within their length."""
    if isinstance(model_field, RichTextField):
        return clean_rich_text_noting(reader, value, model_field.features, json_name)
    return check_plain_text(value)


def clean_rich_text_noting(reader, value, features, json_name):
    """The rich text the editor would save, with a note of what it dropped."""
    cleaned, removed = clean_rich_text(value, features)
    if removed:
        reader.note(
            f"{json_name}: removed what the rich text editor does not allow: "
            + ", ".join(f"<{name}>" for name in sorted(removed))
        )
    return cleaned


def set_field(reader, plan, name, value, json_name=None):
    """Clean `value` with the resource's model field and keep it to write."""
    value = clean_field(reader, plan.model, name, value, json_name)
    if value is not MISSING:
        plan.fields[name] = value


def clean_translatable(reader, model, name, value):
    """A text given by language, each translation cleaned by the field."""
    if not isinstance(value, dict):
        return clean_field(reader, model, name, value)
    return {
        language: clean_field(reader, model, name, text, json_name=f"{name}.{language}")
        for language, text in value.items()
    }


def lines(reader, name, required=False):
    """A JSON list of one-line strings, stored one per line."""
    items = reader.text_list(name, required)
    if not isinstance(items, list):
        return MISSING
    for position, item in enumerate(items):
        if "\n" in item or not item.strip():
            reader.error(f"{name}[{position}] must be one non-empty line")
            return MISSING
    return "\n".join(item.strip() for item in items)
