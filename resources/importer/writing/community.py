"""Writing the institutions, topics and people of a validated file."""

from django.conf import settings

from community.models import Institution, InstitutionEmailDomain, Person, Topic

from ..plan import MISSING


def write_institution(item):
    """Create or update the institution and its e-mail domains; True when
    it was created."""
    institution, created = Institution.objects.update_or_create(
        name=item.name, defaults=item.fields
    )
    for position, domain in enumerate(item.domains):
        InstitutionEmailDomain.objects.update_or_create(
            domain=domain, defaults={"institution": institution, "sort_order": position}
        )
    return created


def write_topic(item, locales):
    """Create or update the topic in each language it is given in, the
    original language first; yield for each whether it was created."""
    original = None
    for language, (name, description) in item.translations.items():
        topic = find_topic(item.slug, locales[language], original)
        created = topic is None or topic.pk is None
        topic = topic or Topic(slug=item.slug, locale=locales[language])
        if original is not None and topic.translation_key != original.translation_key:
            join_translations(topic, original)
        topic.slug = item.slug
        topic.name = name
        if description is not MISSING:
            topic.description = description
        topic.save()
        original = original or topic
        yield created


def find_topic(slug, locale, original):
    """The topic with `slug` in `locale`; else the translation of `original`
    there, new if need be (None for an original not in CM Hub yet)."""
    topic = Topic.objects.filter(slug=slug, locale=locale).first()
    if topic is None and original is not None:
        topic = Topic.objects.filter(
            translation_key=original.translation_key, locale=locale
        ).first() or original.copy_for_translation(locale)
    return topic


def join_translations(topic, original):
    """Make `topic` a translation of `original` unless it already has one in
    the topic's language."""
    taken = Topic.objects.filter(
        translation_key=original.translation_key, locale_id=topic.locale_id
    ).exists()
    if not taken:
        topic.translation_key = original.translation_key


class PeopleWriter:
    """Writes the people of the file in every language, and finds the people
    resources name (by key in the file, or by translation key)."""

    def __init__(self, locales):
        self.locales = locales
        self.by_key = {}  # key in the file -> Person in the default language

    def write(self, item):
        """Create or update the person and their translations; True when the
        person was created."""
        institution = Institution.objects.get(name=item.institution) if item.institution else None
        original, created = Person.objects.get_or_create(
            first_name=item.first_name,
            last_name=item.last_name,
            institution=institution,
            locale=self.locales[settings.LANGUAGE_CODE],
        )
        for language, locale in self.locales.items():
            if language == settings.LANGUAGE_CODE:
                person = original
            else:
                person = Person.objects.filter(
                    translation_key=original.translation_key, locale=locale
                ).first() or original.copy_for_translation(locale)
                person.first_name, person.last_name = item.first_name, item.last_name
                person.institution = institution
            for name, value in item.fields.items():
                setattr(person, name, value)
            for name in ("role", "bio"):
                text = translated_text(getattr(item, name), language)
                if text is not MISSING:
                    setattr(person, name, text)
            person.save()
        self.by_key[item.key] = original
        return created

    def find(self, ref, locale):
        """The person `ref` names, in `locale` when translated."""
        translation_key = self.by_key[ref.key].translation_key if ref.key else ref.translation_key
        people = Person.objects.filter(translation_key=translation_key)
        return people.filter(locale=locale).first() or people.first()


def translated_text(value, language):
    """The text for `language` of a field given as a string (every
    language) or an object by language; MISSING when not given."""
    if isinstance(value, dict):
        return value.get(language, MISSING)
    return value
