"""Checks across the resources of the file, and against the pages CM Hub
already holds: keys, kinds and languages, translations, related profiles
and slugs."""

from dataclasses import dataclass

from wagtail.models import Page

from ...models import JobProfilePage
from ..plan import KIND_OF_MODEL, KINDS, ResourcePlan
from .reader import language_name


@dataclass
class ExistingPage:
    """A resource already in CM Hub that the file names by its key."""

    model: type
    pk: int
    language: str
    title: str
    translation_key: object


def existing_pages(keys):
    """The resources already in CM Hub with these import keys, by key."""
    found = {}
    if not keys:
        return found
    for model in KINDS.values():
        for pk, key, language, title, translation_key in model.objects.filter(
            import_key__in=keys
        ).values_list("pk", "import_key", "locale__language_code", "title", "translation_key"):
            found[key] = ExistingPage(model, pk, language, title, translation_key)
    return found


class ResourceSet:
    """The resources of the file, checked together; each problem is
    reported by the reader of the resource it concerns."""

    def __init__(self, resources):
        self.resources = resources
        self.by_key = {}
        self.translated = {}  # (source key, language) -> where
        self.slugs = {}  # (model, language, slug) -> where
        self.existing = {}

    def check(self):
        self.check_keys()
        self.existing = existing_pages(self.referenced_keys())
        for plan in self.resources:
            found = self.existing.get(plan.key)
            if not self.keeps_kind_and_language(plan, found):
                continue
            source_key = self.check_translation(plan)
            self.check_related_profiles(plan)
            self.check_slug(plan, found, self.existing.get(source_key))

    def check_keys(self):
        """Each key once in the file."""
        for plan in self.resources:
            if plan.key in self.by_key:
                plan.reader.error(
                    f"key '{plan.key}' is already used by {self.by_key[plan.key].where}"
                )
            else:
                self.by_key[plan.key] = plan

    def referenced_keys(self):
        """The keys of the file's resources and of those they name."""
        keys = set(self.by_key)
        for plan in self.resources:
            if plan.translation_of:
                keys.add(plan.translation_of)
            if isinstance(plan.related_profiles, list):
                keys |= set(plan.related_profiles)
        return keys

    def keeps_kind_and_language(self, plan, found):
        """A key already in CM Hub keeps its kind and its language."""
        if found and found.model is not plan.model:
            plan.reader.error(
                f"key '{plan.key}' belongs to the {KIND_OF_MODEL[found.model]} "
                f"'{found.title}' in CM Hub; a resource cannot change kind"
            )
            return False
        if found and found.language != plan.language:
            plan.reader.error(
                f"key '{plan.key}' belongs to '{found.title}', in "
                f"{language_name(found.language)} in CM Hub; a resource cannot change language"
            )
            return False
        return True

    # --- translations ---

    def check_translation(self, plan):
        """The key of the resource `plan` translates, once checked; None for
        an original or an unknown key."""
        if not plan.translation_of:
            return None
        source_key = plan.translation_of
        source = self.by_key.get(source_key) or self.existing.get(source_key)
        if source is None:
            plan.reader.error(f"translation_of: no resource has the key '{source_key}'")
            return None
        check_source(plan, source)
        if (source_key, plan.language) in self.translated:
            plan.reader.error(
                f"translation_of: {self.translated[source_key, plan.language]} already "
                f"translates '{source_key}' into {language_name(plan.language)}"
            )
        self.translated[source_key, plan.language] = plan.where
        stored = self.existing.get(source_key)
        if stored is not None:
            check_stored_translations(plan, stored)
        return source_key

    # --- related profiles ---

    def check_related_profiles(self, plan):
        for key in plan.related_profiles or ():
            target = self.by_key.get(key) or self.existing.get(key)
            if key == plan.key:
                plan.reader.error("related_profiles: a job profile cannot relate to itself")
            elif target is None:
                plan.reader.error(f"related_profiles: no resource has the key '{key}'")
            elif target.model is not JobProfilePage:
                plan.reader.error(f"related_profiles: '{key}' is not a job profile")

    # --- slugs ---

    def check_slug(self, plan, found, source):
        """The slug must be free among the page's future siblings."""
        if not plan.slug or found and not plan.slug_given:
            return
        place = (plan.model, plan.language, plan.slug)
        if place in self.slugs:
            plan.reader.error(f"slug '{plan.slug}' is already used by {self.slugs[place]}")
            return
        self.slugs[place] = plan.where
        taken = page_at_slug(plan, found, source)
        if taken is not None and getattr(taken, "import_key", "") != plan.key:
            plan.reader.error(
                f"slug '{plan.slug}' is already used by '{taken.title}' in "
                f"{language_name(plan.language)}"
            )


def check_source(plan, source):
    """What a translation translates: a resource of its kind, in another
    language, and an original."""
    source_key, reader = plan.translation_of, plan.reader
    if source.model is not plan.model:
        reader.error(
            f"translation_of: '{source_key}' is a {KIND_OF_MODEL[source.model]}, not a {plan.kind}"
        )
    if source.language == plan.language:
        reader.error(f"translation_of: '{source_key}' is already in {language_name(plan.language)}")
    if isinstance(source, ResourcePlan) and source.translation_of:
        reader.error(f"translation_of: '{source_key}' is itself a translation; name the original")


def check_stored_translations(plan, stored):
    """A page of CM Hub has one translation per language: another key may
    not hold it already."""
    other = (
        plan.model.objects.filter(
            translation_key=stored.translation_key, locale__language_code=plan.language
        )
        .exclude(import_key__in=["", plan.key])
        .values_list("import_key", flat=True)
        .first()
    )
    if other:
        plan.reader.error(
            f"translation_of: '{plan.translation_of}' already has a translation in "
            f"{language_name(plan.language)}, with the key '{other}'"
        )


def page_at_slug(plan, found, source):
    """The page that already has the resource's slug among its future
    siblings, other than the page itself (or the admin translation the
    import takes over); None when the slug is free."""
    if found:
        parent = Page.objects.get(pk=found.pk).get_parent()
    else:
        section_model = plan.model.allowed_parent_page_models()[0]
        parent = section_model.objects.filter(locale__language_code=plan.language).first()
    if parent is None:
        return None
    siblings = Page.objects.child_of(parent).filter(slug=plan.slug)
    if found:
        siblings = siblings.exclude(pk=found.pk)
    elif source is not None:  # a translation made in the admin is taken over
        siblings = siblings.exclude(translation_key=source.translation_key)
    return siblings.specific().first()
