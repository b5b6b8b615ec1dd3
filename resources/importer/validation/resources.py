"""One resource of the file: the fields every kind has, then its kind's own.

A translation ("translation_of") needs only what it translates: the fields
an original must give are optional in it, and what it leaves out is copied
from the original.
"""

from django.utils.text import slugify
from wagtail.documents import get_document_model

from community.models import Audience, AudienceKind, Platform

from ...models import GuidePage, JobProfilePage
from ..plan import KINDS, MISSING, ResourcePlan
from .fields import clean_field, lines, set_field
from .reader import content_languages, language_name
from .references import check_references, resolve_event, resolve_media
from .streams import read_stream

#: Talk fields given as text in the file, under the model field's name.
TALK_TEXT_FIELDS = ("format", "career_path", "organisation", "advice", "video_url")
JOB_PROFILE_TEXT_FIELDS = (
    "experience_level",
    "education",
    "salary_currency",
    "salary_region",
    "career_path",
    "source",
    "source_url",
)


def validate_resource(reader, index):
    """A ResourcePlan, or None when its kind, key or language is wrong: its
    fields could not be checked."""
    languages = content_languages()
    kind = reader.text("kind", required=True)
    key = reader.text("key", required=True)
    language = reader.text("language", required=True)
    if kind and kind not in KINDS:
        reader.error(f"kind '{kind}' is unknown (expected one of: {', '.join(KINDS)})")
    if language and language not in languages:
        reader.error(f"language '{language}' is not one of {', '.join(languages)}")
    if key:
        clean_field(reader, GuidePage, "import_key", key, json_name="key")
    if not (kind in KINDS and key and language in languages):
        return None  # the kind-specific fields cannot be checked, nor the rest reported
    plan = ResourcePlan(
        where=reader.where, kind=kind, model=KINDS[kind], key=key, language=language
    )
    plan.translation_of = reader.text("translation_of") or None
    read_common_fields(reader, plan, index)
    KIND_READERS[kind](reader, plan, index)
    reader.finish()
    plan.reader = reader
    return plan


def read_common_fields(reader, plan, index):
    """What every kind of resource has: title, slug, summary, publication,
    and the institution, topics, platforms and audiences it is filed under."""
    title = reader.text("title", required=True)
    set_field(reader, plan, "title", title)
    read_slug(reader, plan, title)
    set_field(reader, plan, "summary", reader.text("summary", required=True))
    plan.institution = index.institution(reader, reader.text("institution"))
    plan.topics = check_references(
        reader,
        "topics",
        reader.text_list("topics"),
        index.topic_slugs_in(plan.language),
        f"topic '{{value}}' in {language_name(plan.language)} in the file or in CM Hub",
    )
    plan.platforms = check_references(
        reader,
        "platforms",
        reader.text_list("platforms"),
        set(Platform.objects.canonical().values_list("slug", flat=True)),
        "platform with the slug '{value}'",
    )
    plan.audiences = check_references(
        reader,
        "audiences",
        reader.text_list("audiences"),
        set(Audience.objects.values_list("kind", flat=True)),
        "audience '{value}' (expected: " + ", ".join(AudienceKind.values) + ")",
    )
    plan.published = reader.boolean("published", default=True)
    plan.published_at = reader.moment("published_at")


def read_slug(reader, plan, title):
    """The slug given, or one made from the title. A slug made from the
    title is only used for a new page, so that correcting a title later does
    not change the page's address."""
    given_slug = reader.text("slug")
    plan.slug_given = bool(given_slug)
    slug = given_slug or (slugify(title) if title else "")
    if title and not slug:
        reader.error("slug cannot be made from the title; give one")
    plan.slug = clean_field(reader, plan.model, "slug", slug) or ""


def read_link(reader, plan, name, field_name, resolve):
    """A page or document the file names in `name`: found with `resolve`,
    unlinked by "", left as it is when absent."""
    value = reader.text(name)
    if value:
        plan.fields[field_name] = resolve(value)
    elif value == "":
        plan.fields[field_name] = None


# --- Each kind's own fields ----------------------------------------------------


def read_guide(reader, plan, index):
    set_field(reader, plan, "difficulty", reader.text("difficulty"))
    set_field(reader, plan, "estimated_minutes", reader.integer("estimated_minutes"))
    set_field(reader, plan, "last_reviewed", reader.date("last_reviewed"))
    author = reader.text("author")
    if author:
        plan.author = index.person(reader, author, "author")
    elif author == "":
        plan.author = None
    read_stream(reader, plan, "body", required=plan.is_original)


def read_talk(reader, plan, index):
    set_field(reader, plan, "date", reader.date("date", required=plan.is_original))
    for name in TALK_TEXT_FIELDS:
        set_field(reader, plan, name, reader.text(name))
    set_field(reader, plan, "key_takeaways", lines(reader, "key_takeaways"))
    read_stream(reader, plan, "questions", block_type="qa")
    speakers = reader.text_list("speakers", required=plan.is_original)
    if isinstance(speakers, list):
        if not speakers:
            reader.error("speakers: give at least one speaker")
        refs = [index.person(reader, ref, "speakers") for ref in speakers]
        plan.speakers = MISSING if MISSING in refs else refs
    read_link(
        reader, plan, "event", "event_id", lambda slug: resolve_event(reader, slug, plan.language)
    )
    read_link(
        reader,
        plan,
        "slides",
        "slides_id",
        lambda title: resolve_media(reader, get_document_model(), title, "slides"),
    )


def read_job_profile(reader, plan, index):
    for name in JobProfilePage.LIST_FIELDS:
        required = name == "missions" and plan.is_original
        set_field(reader, plan, name, lines(reader, name, required))
    for name in JOB_PROFILE_TEXT_FIELDS:
        set_field(reader, plan, name, reader.text(name))
    set_field(reader, plan, "salary_min", reader.integer("salary_min"))
    set_field(reader, plan, "salary_max", reader.integer("salary_max"))
    set_field(reader, plan, "source_date", reader.date("source_date"))
    low, high = plan.fields.get("salary_min"), plan.fields.get("salary_max")
    if low and high and low > high:  # what JobProfilePage.clean() refuses on save
        reader.error("salary_max must not be below salary_min")
    plan.related_profiles = reader.text_list("related_profiles")


def read_case_study(reader, plan, index):
    # "case_kind" in the file: "kind" already says which kind of resource it is.
    case_kind = reader.text("case_kind", required=plan.is_original)
    set_field(reader, plan, "kind", case_kind, json_name="case_kind")
    set_field(reader, plan, "context", reader.text("context", required=plan.is_original))
    set_field(reader, plan, "lessons", reader.text("lessons"))
    read_stream(reader, plan, "timeline", block_type="step")
    read_stream(reader, plan, "results", block_type="figure")


KIND_READERS = {
    "guide": read_guide,
    "talk": read_talk,
    "job_profile": read_job_profile,
    "case_study": read_case_study,
}
