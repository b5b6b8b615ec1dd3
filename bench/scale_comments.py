"""The data set's comments (bench/scale.py): threads of one comment and two
replies by generated members, spread over the new pages; the first
generated guide gets 100 threads (300 comments), the busiest page a member
can open."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import transaction
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from bench.scale_bulk import Progress, insert_multi_table
from bench.scale_members import MEMBER_DOMAIN
from bench.scale_resources import KEY_PREFIX
from bench.scale_text import COMMENTS
from resources.models import GuidePage

#: Threads written in one transaction, at the least.
THREADS_PER_TRANSACTION = 300


def add_comments(loader, new_pages):
    """Add threads on `new_pages` ([(model, page id)]) until there are
    `loader.comments` generated comments."""
    if not new_pages:
        return
    existing = XtdComment.objects.filter(user_email__endswith="@" + MEMBER_DOMAIN).count()
    missing = loader.comments - existing
    if missing <= 0:
        return
    plan = thread_plan(new_pages, missing // 3)
    writer = ThreadWriter(loader, new_pages)
    progress = Progress("comments", sum(threads for *_x, threads in plan) * 3, loader.out)
    batch = []
    for model, pk, threads in plan:
        batch.append((model, pk, threads))
        if sum(item[2] for item in batch) >= THREADS_PER_TRANSACTION:
            writer.write(batch)
            progress.advance(sum(item[2] for item in batch) * 3)
            batch = []
    if batch:
        writer.write(batch)
        progress.advance(sum(item[2] for item in batch) * 3)


def thread_plan(new_pages, threads_left):
    """[(model, page id, number of threads)]: 100 on the first generated
    guide when it is new, the rest shared evenly by the other pages."""
    first_guide = GuidePage.objects.filter(import_key=f"{KEY_PREFIX}guidepage-0").first()
    plan = []
    if first_guide is not None and (GuidePage, first_guide.pk) in set(new_pages):
        plan.append((GuidePage, first_guide.pk, 100))
        threads_left -= 100
    others = [item for item in new_pages if first_guide is None or item[1] != first_guide.pk]
    for index, (model, pk) in enumerate(others):
        share = threads_left // len(others) + (1 if index < threads_left % len(others) else 0)
        if share:
            plan.append((model, pk, share))
    return plan


class ThreadWriter:
    """Writes threads in bulk, with what every comment needs looked up once:
    the members and their addresses, the pages' types and languages."""

    def __init__(self, loader, new_pages):
        self.rng, self.now = loader.rng, loader.now
        self.members = loader.member_pool()
        self.emails = dict(
            get_user_model()
            .objects.filter(pk__in=self.members)
            .values_list("pk", "email")
            .iterator(chunk_size=2000)
        )
        self.site_id = Site.objects.get_current().pk
        self.content_types = {
            model: ContentType.objects.get_for_model(model).pk
            for model in {m for m, _ in new_pages}
        }
        self.languages = dict(
            Page.objects.filter(pk__in=[pk for _m, pk in new_pages]).values_list(
                "pk", "locale__language_code"
            )
        )

    def comment(self, model, pk, when, **tree):
        member = self.rng.choice(self.members)
        text = self.rng.choice(COMMENTS[self.languages.get(pk, "fr")])
        return XtdComment(
            content_type_id=self.content_types[model],
            object_pk=str(pk),
            site_id=self.site_id,
            user_id=member,
            user_name="",
            user_email=self.emails[member],
            comment=text,
            submit_date=when,
            is_public=True,
            is_removed=False,
            **tree,
        )

    def write(self, plan):
        """The threads of `plan` ([(model, page id, number of threads)]):
        the comments first, then the replies that point to them."""
        roots, replies = [], []
        for model, pk, threads in plan:
            for _ in range(threads):
                when = self.now - datetime.timedelta(minutes=self.rng.randint(60, 900_000))
                root = self.comment(model, pk, when, thread_id=0, parent_id=0, level=0, order=1)
                root.nested_count = 2
                root._replies = [
                    self.comment(
                        model,
                        pk,
                        when + datetime.timedelta(hours=hour),
                        level=1,
                        order=hour + 1,
                        nested_count=0,
                    )
                    for hour in (1, 2)
                ]
                roots.append(root)
        with transaction.atomic():
            insert_multi_table(XtdComment, roots, before_own_rows=start_thread)
            for root in roots:
                for reply in root._replies:
                    reply.thread_id = reply.parent_id = root.pk
                    replies.append(reply)
            insert_multi_table(XtdComment, replies)


def start_thread(comment):
    """A thread's first comment is its own thread and parent."""
    comment.thread_id = comment.parent_id = comment.pk
