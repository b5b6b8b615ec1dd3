"""The institutions, topics and people of the file: each checked against
its model and against what the file already defined."""

from django.conf import settings
from django.core.exceptions import ValidationError

from community.models import Institution, InstitutionEmailDomain, Person, Topic, domain_validator

from ..plan import MISSING, InstitutionPlan, PersonPlan, TopicPlan
from .fields import clean_field, clean_translatable
from .reader import content_languages, language_name

#: Institution and person fields given as text in the file, under the model field's name.
INSTITUTION_FIELDS = ("short_name", "kind", "country", "region", "city", "website")
PERSON_FIELDS = ("linkedin_url", "x_handle", "website")


def text_fields(reader, names):
    """The fields of `names` the item gives, by name."""
    fields = {name: reader.text(name) for name in names}
    return {name: value for name, value in fields.items() if value is not MISSING}


# --- Institutions ------------------------------------------------------------


def validate_institution(reader, position, index):
    """An InstitutionPlan, or None when the item has no name."""
    name = reader.text("name", required=True)
    fields = text_fields(reader, INSTITUTION_FIELDS)
    domains = reader.text_list("domains")
    reader.finish()
    if not name:
        return None
    for field_name, value in {"name": name, **fields}.items():
        clean_field(reader, Institution, field_name, value)
    if "kind" not in fields and not Institution.objects.filter(name=name).exists():
        reader.error("kind is required for a new institution")
    if name in index.institution_names:
        reader.error(
            f"institution '{name}' is already in institutions[{index.institution_names[name]}]"
        )
    index.institution_names[name] = position
    if fields.get("short_name"):
        index.institution_short_names[fields["short_name"]].add(name)
    clean_domains = [
        domain
        for domain in (domain.strip().lower() for domain in domains or [])
        if check_domain(reader, domain, name, index)
    ]
    return InstitutionPlan(name, fields, clean_domains)


def check_domain(reader, domain, name, index):
    """True when `domain` is a valid e-mail domain that no other institution
    (of the file or of CM Hub) has; it is then the institution's."""
    try:
        domain_validator(domain)
    except ValidationError as error:
        reader.error(f"domains: '{domain}': {' '.join(error.messages)}")
        return False
    owner = index.domains.get(domain) or (
        InstitutionEmailDomain.objects.filter(domain=domain)
        .exclude(institution__name=name)
        .values_list("institution__name", flat=True)
        .first()
    )
    if owner and owner != name:
        reader.error(f"domains: '{domain}' already belongs to {owner}")
        return False
    index.domains[domain] = name
    return True


# --- Topics ------------------------------------------------------------------


def validate_topic(reader, position, index):
    """A TopicPlan, or None when the item cannot give one."""
    languages = content_languages()
    slug = reader.text("slug", required=True)
    names = reader.translatable("name", languages, required=True)
    descriptions = reader.translatable("description", languages)
    language = reader.text("language")
    reader.finish()
    if not slug or not names:
        return None
    clean_field(reader, Topic, "slug", slug)
    if isinstance(names, str):
        by_language = topic_in_one_language(reader, names, descriptions, language)
    else:
        by_language = topic_by_language(reader, names, descriptions, language)
    if by_language is None:
        return None
    names, descriptions = by_language
    translations = {}
    for language in sorted(names, key=lambda code: code != settings.LANGUAGE_CODE):
        description = descriptions.get(language, MISSING)
        clean_field(reader, Topic, "name", names[language], json_name=f"name.{language}")
        clean_field(reader, Topic, "description", description, json_name=f"description.{language}")
        if (slug, language) in index.topic_slugs:
            reader.error(
                f"topic '{slug}' in {language_name(language)} is already in "
                f"topics[{index.topic_slugs[slug, language]}]"
            )
        index.topic_slugs[slug, language] = position
        translations[language] = (names[language], description)
    return TopicPlan(slug, translations)


def topic_in_one_language(reader, name, description, language):
    """Names and descriptions by language of a topic whose name is a string
    (in `language`, French when not given); None after a problem."""
    language = language or settings.LANGUAGE_CODE
    languages = content_languages()
    if language not in languages:
        reader.error(f"language '{language}' is not one of {', '.join(languages)}")
        return None
    if isinstance(description, dict):
        reader.error("description must be a string when name is a string")
        return None
    descriptions = {language: description} if description is not MISSING else {}
    return {language: name}, descriptions


def topic_by_language(reader, names, descriptions, language):
    """Names and descriptions by language of a topic whose name is an object
    by language; None after a problem."""
    if language:
        reader.error("language goes with a name given as a string; leave it out")
    descriptions = descriptions or {}
    if isinstance(descriptions, str):
        reader.error("description must be an object by language when name is one")
        return None
    extra = sorted(set(descriptions) - set(names))
    if extra:
        reader.error(f"description: no name in {', '.join(extra)}")
    return names, descriptions


# --- People ------------------------------------------------------------------


def validate_person(reader, position, index):
    """A PersonPlan, or None when the item cannot give one."""
    languages = content_languages()
    key = reader.text("key", required=True)
    first_name = reader.text("first_name", required=True)
    last_name = reader.text("last_name", required=True)
    institution = reader.text("institution")
    institution = index.institution(reader, institution) if institution else None
    role = reader.translatable("role", languages)
    bio = reader.translatable("bio", languages)
    fields = text_fields(reader, PERSON_FIELDS)
    reader.finish()
    for name, value in {"first_name": first_name, "last_name": last_name, **fields}.items():
        clean_field(reader, Person, name, value)
    role = clean_translatable(reader, Person, "role", role)
    bio = clean_translatable(reader, Person, "bio", bio)
    if not (key and first_name and last_name) or institution is MISSING:
        return None
    if key in index.people:
        reader.error(f"key '{key}' is already used by people[{index.people[key]}]")
    identity = (first_name.casefold(), last_name.casefold(), institution)
    if identity in index.person_identities:
        reader.error(
            f"{first_name} {last_name} is already in people[{index.person_identities[identity]}]"
        )
    index.people[key] = position
    index.person_identities[identity] = position
    return PersonPlan(key, first_name, last_name, institution, fields, role, bio)
