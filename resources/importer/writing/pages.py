"""Writing the resources of a validated file as pages: new pages under their
section, translations as Wagtail translations of their original, updates as
a new revision on top of the latest one."""

from wagtail.models import Page

from community.models import Audience, Institution, Platform, Topic

from ...models import GuidePage, JobProfilePage, RelatedJobProfile, TalkPage, TalkSpeaker
from ..plan import MISSING, PersonRef


class PageWriter:
    """Writes resources as pages, remembering each page it wrote by key.

    `sections` is what `resources.tree.ensure_resource_sections()` returns;
    `people` finds the people the resources name (a PeopleWriter).
    """

    def __init__(self, sections, locales, people):
        self.sections = sections
        self.locales = locales
        self.people = people
        self.written = {}  # import key -> page written by this import

    def write(self, item):
        """Create or update one page; return what happened and whether some
        related profiles wait for pages written later."""
        locale = self.locales[item.language]
        page, outcome = self.page_to_write(item, locale)
        for name, value in item.fields.items():
            setattr(page, name, value)
        if item.slug_given or outcome == "created":
            page.slug = item.slug
        self.set_relations(page, item, locale)
        missing_links = self.set_related_profiles(page, item)
        page.import_key = item.key
        self.save(page, item)
        self.written[item.key] = page
        return outcome, missing_links

    def page_to_write(self, item, locale):
        """The page to write the item on, and "created" or "updated"."""
        page, outcome = item.model.objects.filter(import_key=item.key).first(), "updated"
        if page is None and item.translation_of:
            page, outcome = self.start_translation(item, locale)
        elif page is None:
            page, outcome = item.model(locale=locale, live=False), "created"
        if outcome == "updated" and page.has_unpublished_changes:
            page = page.get_latest_revision_as_object()  # build on the draft, not the live one
        return page, outcome

    def save(self, page, item):
        """Save a revision of the page, published unless the item is a draft."""
        if page.pk is None:
            section = self.sections[item.model.allowed_parent_page_models()[0], item.language]
            section.add_child(instance=page)
        revision = page.save_revision()
        if item.published:
            revision.publish()
        # A draft keeps its fields in the revision: store the key on the page now.
        item.model.objects.filter(pk=page.pk).update(import_key=item.key)
        if item.published and item.published_at:
            Page.objects.filter(pk=page.pk).update(first_published_at=item.published_at)

    def start_translation(self, item, locale):
        """The translation of the item's original into `locale`: the one an
        editor made in the admin (the import takes it over) or a new copy."""
        source = self.written.get(item.translation_of) or item.model.objects.get(
            import_key=item.translation_of
        )
        page = item.model.objects.filter(
            translation_key=source.translation_key, locale=locale
        ).first()
        if page is not None:
            return page, "updated"
        source = item.model.objects.get(pk=source.pk)
        page = source.copy_for_translation(locale)
        self.localise_people(page, locale)
        return page, "created"

    def set_relations(self, page, item, locale):
        if item.institution is not MISSING:
            page.institution = (
                Institution.objects.get(name=item.institution) if item.institution else None
            )
        if item.topics is not MISSING:
            page.topics = list(Topic.objects.filter(locale=locale, slug__in=item.topics))
        if item.platforms is not MISSING:
            page.platforms = list(Platform.objects.canonical().filter(slug__in=item.platforms))
        if item.audiences is not MISSING:
            page.audiences = list(Audience.objects.filter(kind__in=item.audiences))
        if item.author is not MISSING:
            page.author = self.people.find(item.author, locale) if item.author else None
        if item.speakers is not MISSING:
            page.speakers = [
                TalkSpeaker(person=self.people.find(ref, locale), sort_order=position)
                for position, ref in enumerate(item.speakers)
            ]

    def localise_people(self, page, locale):
        """A translation copies the original's people: use their translations."""
        if isinstance(page, TalkPage):
            page.speakers = [
                TalkSpeaker(
                    person=self.people.find(
                        PersonRef(translation_key=speaker.person.translation_key), locale
                    ),
                    sort_order=speaker.sort_order,
                )
                for speaker in page.speakers.all()
            ]
        if isinstance(page, GuidePage) and page.author:
            ref = PersonRef(translation_key=page.author.translation_key)
            page.author = self.people.find(ref, locale)

    # --- related job profiles ---

    def set_related_profiles(self, page, item):
        """Link the profiles already written; True when some are not yet."""
        if not item.related_profiles:
            if item.related_profiles == []:
                page.related_profiles = []
            return False
        targets = [self.job_profile_id(key) for key in item.related_profiles]
        page.related_profiles = [
            RelatedJobProfile(profile_id=target, sort_order=position)
            for position, target in enumerate(targets)
            if target is not None
        ]
        return None in targets

    def job_profile_id(self, key):
        if key in self.written:
            return self.written[key].pk
        return JobProfilePage.objects.filter(import_key=key).values_list("pk", flat=True).first()

    def link_related_profiles(self, item):
        """Second pass for profiles that name profiles written after them."""
        page = JobProfilePage.objects.get(pk=self.written[item.key].pk)
        page = page.get_latest_revision_as_object()
        self.set_related_profiles(page, item)
        revision = page.save_revision()
        if item.published:
            revision.publish()
