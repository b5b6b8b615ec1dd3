"""The data set's resources (bench/scale.py): guides, talks, job profiles
and case studies with every field a member sees filled, two thirds in
French, each with topics, platforms and audiences."""

import datetime

from django.utils.text import slugify

from bench.scale_bulk import Progress, chunks, insert_numbered_pages
from bench.scale_text import (
    FIRST_NAMES,
    LAST_NAMES,
    OPENINGS,
    SUBJECTS,
    block,
    html,
    paragraph,
    sentence,
)
from resources.models import (
    CaseKind,
    CaseStudyPage,
    Currency,
    Difficulty,
    ExperienceLevel,
    GuidePage,
    JobProfilePage,
    SalaryRegion,
    TalkFormat,
    TalkPage,
)
from resources.tree import section_for

#: Generated resources' import keys are KEY_PREFIX<model name>-<number>.
KEY_PREFIX = "scale-"

#: Share of each resource kind among the generated ones.
KINDS = [(GuidePage, 0.4), (TalkPage, 0.2), (JobProfilePage, 0.2), (CaseStudyPage, 0.2)]


def add_resources(loader):
    """Add resources of each kind until there are `loader.resources` in all;
    returns [(model, page id)] of the pages it created."""
    created = []
    for model, share in KINDS:
        target = round(loader.resources * share)
        prefix = f"{KEY_PREFIX}{model._meta.model_name}-"
        existing = model.objects.filter(import_key__startswith=prefix).count()
        missing = target - existing
        if missing <= 0:
            continue
        parents = {code: section_for(model, code) for code in ("fr", "en")}
        progress = Progress(str(model._meta.verbose_name_plural), missing, loader.out)

        def build(number, language, model=model, prefix=prefix):
            page = resource(loader, model, number, language)
            page.import_key = f"{prefix}{number}"
            return page

        for numbers in chunks(range(existing, target)):
            created += insert_numbered_pages(parents, model, numbers, build)
            progress.advance(len(numbers))
    loader.report(f"resources: {loader.resources:,} generated ({len(created):,} added)")
    return created


def resource(loader, model, number, language):
    """An unsaved page of `model`: the fields every resource has, then its own."""
    rng = loader.rng
    subject = rng.choice(SUBJECTS[language])
    title = f"{rng.choice(OPENINGS[language])} {subject} ({number})"
    page = model(
        title=title[:255],
        slug=f"{slugify(subject)[:40]}-{number}",
        summary=paragraph(rng, language, 2)[:600],
        institution_id=rng.choice(loader.institutions),
        first_published_at=loader.now - datetime.timedelta(days=rng.randint(0, 1400)),
    )
    page._m2m = {
        "topics": rng.sample(loader.topics[language], k=rng.randint(1, 2)),
        "platforms": rng.sample(loader.platforms, k=rng.randint(1, 3)),
        "audiences": rng.sample(loader.audiences, k=rng.randint(1, 2)),
    }
    FILL[model](page, rng, language)
    return page


def fill_guide(page, rng, language):
    page.difficulty = rng.choice(Difficulty.values)
    page.estimated_minutes = rng.choice([15, 30, 45, 60, 90])
    page.last_reviewed = (page.first_published_at + datetime.timedelta(days=30)).date()
    steps = [
        block(
            "step",
            {"title": sentence(rng, language, (3, 6)), "text": html(rng, language, 1)},
        )
        for _ in range(rng.randint(3, 6))
    ]
    checklist = block(
        "checklist",
        {"title": "", "items": [sentence(rng, language, (4, 8)) for _ in range(4)]},
    )
    page.body = [*steps, checklist]


def fill_talk(page, rng, language):
    page.date = page.first_published_at.date()
    page.format = rng.choice(TalkFormat.values)
    page.speaker_names = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    page.event_name = "Rencontres CM Hub" if language == "fr" else "CM Hub meet-up"
    page.key_takeaways = "\n".join(sentence(rng, language, (5, 9)) for _ in range(3))
    page.questions = [
        block(
            "qa",
            {"question": sentence(rng, language, (6, 10)), "answer": html(rng, language)},
        )
        for _ in range(2)
    ]


def fill_job_profile(page, rng, language):
    region = rng.choice([SalaryRegion.FRANCE, SalaryRegion.QUEBEC])
    page.missions = "\n".join(sentence(rng, language, (5, 9)) for _ in range(5))
    page.activities = "\n".join(sentence(rng, language, (4, 8)) for _ in range(5))
    page.hard_skills = "\n".join(sentence(rng, language, (2, 4)) for _ in range(5))
    page.soft_skills = "\n".join(sentence(rng, language, (2, 4)) for _ in range(4))
    page.tools = "Meta Business Suite\nCanva\nHootsuite\nLinkedIn Campaign Manager"
    page.experience_level = rng.choice(ExperienceLevel.values)
    page.salary_region = region
    page.salary_currency = Currency.CAD if region == SalaryRegion.QUEBEC else Currency.EUR
    page.salary_min = rng.randrange(30_000, 45_000, 1000)
    page.salary_max = page.salary_min + rng.randrange(5_000, 15_000, 1000)


def fill_case_study(page, rng, language):
    page.kind = rng.choice(CaseKind.values)
    page.context = html(rng, language, 2)
    page.lessons = html(rng, language, 1)
    start = page.first_published_at.date()
    page.timeline = [
        block(
            "step",
            {
                "date": (start + datetime.timedelta(days=7 * step)).isoformat(),
                "title": sentence(rng, language, (3, 6)),
                "description": sentence(rng, language),
            },
        )
        for step in range(3)
    ]
    page.results = [
        block("figure", {"label": "Engagement", "value": "12.50", "unit": "%"}),
    ]


FILL = {
    GuidePage: fill_guide,
    TalkPage: fill_talk,
    JobProfilePage: fill_job_profile,
    CaseStudyPage: fill_case_study,
}
