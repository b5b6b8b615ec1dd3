"""``manage.py randomise_media_names``: move the documents, images and
renditions stored before random folders existed into one of their own
(``documents/charte.pdf`` -> ``documents/<random>/charte.pdf``)."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from core import fragments
from core.storage import UnguessableNamesMixin, has_random_folder


class Command(BaseCommand):
    help = (
        "Move documents, images and renditions whose stored name can be guessed "
        "into a random folder of their own. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the files to move, move nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        image_model = get_image_model()
        total = 0
        for model in (get_document_model(), image_model, image_model.get_rendition_model()):
            field = model._meta.get_field("file")
            if not isinstance(field.storage, UnguessableNamesMixin):
                raise CommandError(
                    f"The storage of {model._meta.label} ({type(field.storage).__name__}) "
                    "does not make random folders: see STORAGES in the settings."
                )
            moved = missing = 0
            for pk, name in model.objects.values_list("pk", "file").iterator():
                if not name or has_random_folder(name):
                    continue
                if not field.storage.exists(name):
                    missing += 1
                    self.stderr.write(f"Missing file, left as it is: {name}")
                    continue
                if not dry_run:
                    move(model, field, pk, name)
                moved += 1
            verb = "to move" if dry_run else "moved"
            self.stdout.write(
                f"{model._meta.verbose_name_plural}: {moved} {verb}, {missing} missing"
            )
            total += moved
        if total and not dry_run:
            fragments.bump()  # cached pages may still link to the old names


def move(model, field, pk, name):
    """Copy the file under a new name, point the record at it, then delete
    the old one (an interruption leaves at worst a copy no record names,
    which /media/ serves to no one)."""
    storage = field.storage
    with storage.open(name) as source:
        new_name = storage.save(
            storage.generate_filename(name), source, max_length=field.max_length
        )
    model.objects.filter(pk=pk).update(file=new_name)
    storage.delete(name)
