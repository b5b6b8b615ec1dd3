"""A generated distractor corpus for the search benchmarks.

`text_for(rng, language)` writes realistic-looking CM text (a title, a
summary, a body of ~150-400 words) from the word lists below; `add_pages(n)`
turns such texts into real guides, talks and case studies, in French and
English, through the importer (resources/importer/), so that Wagtail's
index and CM Hub's documents see exactly the same pages.

The themes are those of a CM's work that the query set (search_queries.json)
does *not* ask about (podcasts, accessibility, campus life, SEO…): titles
never name a query's subject. Bodies, though, share the common words of the
trade ("réseaux", "étudiants", "formation", "compte", "publication") and now
and then mention one of a query's words in passing ("relayé dans
l'infolettre", "une crise évitée"), as real pages do — never a query's whole
subject. A distractor therefore competes for a
query's words without being what the member looks for.
"""

import random

# --- French ------------------------------------------------------------------

FR_THEMES = [
    ("podcast", ["lancer un podcast", "enregistrer un podcast", "un podcast de campus"]),
    (
        "accessibilite",
        [
            "rendre ses publications accessibles",
            "les sous-titres des vidéos",
            "des visuels lisibles par tous",
        ],
    ),
    (
        "referencement",
        ["le référencement du site", "les mots-clés des pages", "un site bien indexé"],
    ),
    ("discord", ["un serveur Discord pour les promotions", "animer un Discord étudiant"]),
    ("twitch", ["diffuser en direct sur Twitch", "un direct pour la journée du sport"]),
    ("durable", ["une communication sobre en carbone", "la semaine du développement durable"]),
    ("sport", ["le sport universitaire en ligne", "couvrir un tournoi inter-écoles"]),
    ("bibliotheque", ["la bibliothèque universitaire sur Instagram", "valoriser les archives"]),
    ("international", ["accueillir les étudiants internationaux", "la mobilité à l'étranger"]),
    ("integration", ["la semaine d'intégration", "le parrainage des nouveaux arrivants"]),
    ("orientation", ["les salons d'orientation", "répondre aux lycéens"]),
    ("science", ["vulgariser la recherche", "la fête de la science", "les thèses en 180 secondes"]),
    ("dons", ["une campagne de dons pour la fondation", "remercier les donateurs"]),
    ("ia", ["l'intelligence artificielle générative au service", "rédiger avec un assistant IA"]),
    ("video", ["la vidéo verticale", "tourner au smartphone", "les formats courts"]),
    ("stages", ["les offres de stage", "la plateforme des stages et de l'emploi"]),
    ("design", ["une identité visuelle cohérente", "les gabarits de visuels"]),
    ("chatbot", ["un agent conversationnel pour la scolarité", "automatiser les réponses"]),
    (
        "vie-campus",
        ["la vie de campus", "les associations étudiantes", "la cafétéria et les horaires"],
    ),
    ("presse", ["les relations avec la presse locale", "un communiqué bien relayé"]),
]
FR_TITLE_PATTERNS = [
    "Guide pratique : {subject}",
    "{Subject} : méthode et outils",
    "Comment réussir {subject}",
    "{Subject}, retour sur une année",
    "Dix idées pour {subject}",
    "{Subject} dans un établissement de taille moyenne",
    "Bien démarrer avec {subject}",
    "{Subject} : ce que nous avons appris",
]
FR_SENTENCES = [
    "Les étudiants attendent des réponses rapides sur les réseaux, surtout en début de semestre.",
    "Nous avons d'abord listé les comptes existants de l'établissement et leurs administrateurs.",
    "Une formation courte des relais dans les composantes a suffi à lancer le projet.",
    "Le service communication a fixé un calendrier de publication sur trois mois.",
    "Chaque publication précise à qui elle s'adresse : étudiants, personnels ou partenaires.",
    "La direction a validé le budget après une présentation des premiers chiffres.",
    "Les réseaux sociaux ne remplacent pas le site : ils y renvoient.",
    "Nous avons mesuré la portée de chaque format pendant six semaines.",
    "Les personnels ont été associés dès le départ, ce qui a évité bien des malentendus.",
    "Un tableau partagé recense les idées de contenus proposées par les équipes.",
    "Le ton reste simple, chaleureux et précis, comme le veut la charte éditoriale.",
    "Les questions les plus fréquentes ont été rassemblées dans une page d'aide.",
    "Les étudiants ambassadeurs publient une fois par semaine sous notre contrôle.",
    "Nous avons testé plusieurs horaires de publication avant de retenir le mardi midi.",
    "Le projet a demandé peu de moyens, mais beaucoup de régularité.",
    "La communication interne a suivi, avec une note envoyée à toutes les équipes.",
    "Un bilan trimestriel permet d'ajuster les objectifs et les formats.",
    "Les enseignants ont proposé des sujets que personne n'attendait.",
    "Les partenaires locaux ont accepté de relayer les contenus les plus utiles.",
    "Le compte a gagné en abonnés, mais surtout en qualité d'échanges.",
    "Les réseaux de l'université comptent désormais une dizaine de comptes actifs.",
    "Une salle a été réservée pour les tournages, avec un éclairage simple.",
    "Les étudiants de première année sont les plus nombreux à réagir.",
    "Les retours des usagers ont été lus chaque vendredi en réunion d'équipe.",
    "Nous avons documenté chaque étape pour que la suite ne dépende pas d'une seule personne.",
]
# Mentions in passing of what the queries ask about (see the module docstring).
FR_PASSING = [
    "L'annonce a aussi été relayée dans l'infolettre.",
    "Une crise a été évitée de peu grâce à une réponse rapide.",
    "Le lien a aussi circulé sur Facebook.",
    "LinkedIn a apporté peu de clics.",
    "Attention au droit à l'image des personnes filmées.",
    "Les commentaires ont été modérés chaque jour.",
    "La veille a permis de repérer les premières réactions.",
    "Un lien traçable a servi à mesurer les visites.",
    "Les portes ouvertes ont servi de test grandeur nature.",
    "Les demandes arrivent aussi par e-mail.",
    "La réputation de l'établissement n'a pas souffert de l'opération.",
    "Un bad buzz sur un autre campus nous a servi de contre-exemple.",
]
FR_CASE_CONTEXT = [
    "Le service disposait de peu de moyens et d'un calendrier serré.",
    "L'établissement voulait toucher un public qu'il connaissait mal.",
    "Les équipes travaillaient chacune de leur côté, sans outil commun.",
]

# --- English -----------------------------------------------------------------

EN_THEMES = [
    ("podcast", ["launching a podcast", "recording a campus podcast"]),
    ("accessibility", ["accessible posts", "captioning videos", "readable visuals for everyone"]),
    ("seo", ["search engine optimisation of the website", "keywords for course pages"]),
    ("discord", ["a Discord server for each cohort", "running a student Discord"]),
    ("streaming", ["live streaming on Twitch", "a live stream for sports day"]),
    ("sustainability", ["low-carbon communication", "sustainability week"]),
    ("sport", ["university sport online", "covering an inter-college tournament"]),
    ("library", ["the university library on Instagram", "showcasing the archives"]),
    ("international", ["welcoming international students", "study abroad stories"]),
    ("orientation", ["orientation week", "mentoring new arrivals"]),
    ("science", ["explaining research to the public", "three-minute thesis videos"]),
    ("giving", ["a giving day for the foundation", "thanking donors"]),
    ("ai", ["generative AI for content", "writing with an AI assistant"]),
    ("video", ["vertical video", "filming on a smartphone", "short formats"]),
    ("internships", ["internship offers", "the careers platform"]),
    ("design", ["a consistent visual identity", "templates for visuals"]),
    ("chatbot", ["a chatbot for the registrar", "automating answers"]),
    ("campus-life", ["campus life", "student clubs", "cafeteria opening hours"]),
]
EN_TITLE_PATTERNS = [
    "A practical guide to {subject}",
    "{Subject}: method and tools",
    "How to succeed with {subject}",
    "{Subject}, one year on",
    "Ten ideas for {subject}",
    "Getting started with {subject}",
    "{Subject}: what we learned",
]
EN_SENTENCES = [
    "Students expect quick answers on social networks, especially at the start of term.",
    "We first listed the institution's existing accounts and their administrators.",
    "A short training for the liaison staff in each faculty was enough to start.",
    "The communications office set a three-month posting calendar.",
    "Each post says who it is for: students, staff or partners.",
    "Management approved the budget after seeing the first figures.",
    "Social networks do not replace the website: they point to it.",
    "We measured the reach of each format for six weeks.",
    "Staff were involved from the start, which avoided many misunderstandings.",
    "A shared spreadsheet lists the content ideas the teams suggest.",
    "The tone stays simple, warm and precise, as the editorial guidelines ask.",
    "The most frequent questions were gathered on a help page.",
    "Student ambassadors post once a week under our supervision.",
    "We tried several posting times before choosing Tuesday noon.",
    "The project took few resources but a lot of consistency.",
    "Internal communication followed, with a note sent to every team.",
    "A quarterly review lets us adjust the goals and formats.",
    "Teachers suggested topics nobody expected.",
    "Local partners agreed to share the most useful content.",
    "The account gained followers, but above all better conversations.",
    "First-year students are the most likely to react.",
    "User feedback was read every Friday at the team meeting.",
    "We documented every step so that what comes next does not depend on one person.",
]
EN_PASSING = [
    "The announcement also went out in the newsletter.",
    "A crisis was narrowly avoided thanks to a quick answer.",
    "The link also went round on Facebook.",
    "LinkedIn brought few clicks.",
    "Mind the image rights of the people filmed.",
    "Comments were moderated every day.",
    "Monitoring picked up the first reactions.",
    "A trackable link measured the visits.",
    "Requests also arrive by e-mail.",
    "The institution's reputation did not suffer.",
]
EN_CASE_CONTEXT = [
    "The office had few resources and a tight schedule.",
    "The institution wanted to reach an audience it barely knew.",
    "The teams worked on their own, with no shared tool.",
]

INSTITUTIONS = ["URC", "UCO", "UGP", "EMA", "ISCL", "ENAN", "EIVL", "USL", "IFCC", "RCES"]
TOPICS = ["ligne-editoriale", "mesure", "veille", "formation", "metier", "recrutement-etudiant"]
PLATFORMS = ["facebook", "instagram", "linkedin", "youtube", "tiktok", "blog", "newsletter"]
SPEAKERS = [
    "Claire Vasseur",
    "Mathieu Ferrand",
    "Élodie Marchand",
    "Pierre Roussel",
    "Nadia Lefort",
]
KINDS = ["guide", "guide", "talk", "case_study"]

LANGUAGE_DATA = {
    "fr": (FR_THEMES, FR_TITLE_PATTERNS, FR_SENTENCES, FR_PASSING, FR_CASE_CONTEXT),
    "en": (EN_THEMES, EN_TITLE_PATTERNS, EN_SENTENCES, EN_PASSING, EN_CASE_CONTEXT),
}


def _cap(text):
    return text[:1].upper() + text[1:]


def paragraph(rng, language, sentences=5, passing_rate=0.12):
    _themes, _patterns, pool, passing, _context = LANGUAGE_DATA[language]
    chosen = []
    for _ in range(sentences):
        if rng.random() < passing_rate:
            chosen.append(rng.choice(passing))
        else:
            chosen.append(rng.choice(pool))
    return " ".join(chosen)


def text_for(rng, language, words=(150, 400)):
    """(theme, title, summary, [paragraphs]) of one generated text; the body
    has between words[0] and words[1] words, roughly."""
    themes, patterns, _pool, _passing, _context = LANGUAGE_DATA[language]
    theme, subjects = rng.choice(themes)
    subject = rng.choice(subjects)
    title = rng.choice(patterns).format(subject=subject, Subject=_cap(subject))
    summary = f"{_cap(subject)}. " + paragraph(rng, language, sentences=2, passing_rate=0)
    target = rng.randint(*words)
    paragraphs, count = [], 0
    while count < target:
        block = f"{_cap(subject)} — " + paragraph(rng, language, sentences=rng.randint(3, 6))
        paragraphs.append(block)
        count += len(block.split())
    return theme, title, summary, paragraphs


def random_date(rng, first_year=2022, last_year=2026):
    return f"{rng.randint(first_year, last_year)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def resource_item(rng, number, language):
    """One resource in the import format (docs/import-format.md)."""
    kind = rng.choice(KINDS)
    theme, title, summary, paragraphs = text_for(rng, language)
    item = {
        "kind": kind,
        "key": f"bench-{language}-{number:04d}",
        "language": language,
        "title": f"{title} ({number})"[:255],
        "slug": f"bench-{language}-{number:04d}-{theme}",
        "summary": summary[:600],
        "institution": rng.choice(INSTITUTIONS),
        "platforms": rng.sample(PLATFORMS, rng.randint(1, 3)),
        "published_at": random_date(rng),
    }
    if language == "fr":
        item["topics"] = rng.sample(TOPICS, rng.randint(1, 2))
    html = [f"<p>{text}</p>" for text in paragraphs]
    if kind == "guide":
        blocks = [{"type": "paragraph", "value": html[0]}]
        for position, text in enumerate(html[1:], start=1):
            blocks.append(
                {
                    "type": "step",
                    "title": f"Étape {position}" if language == "fr" else f"Step {position}",
                    "text": text,
                }
            )
        item["body"] = blocks
    elif kind == "talk":
        item["speakers"] = [rng.choice(SPEAKERS)]
        item["date"] = item["published_at"]
        item["career_path"] = html[0]
        item["organisation"] = "".join(html[1:]) or html[0]
    else:
        context = LANGUAGE_DATA[language][4]
        item["case_kind"] = rng.choice(["success", "success", "crisis"])
        item["context"] = f"<p>{rng.choice(context)}</p>" + html[0]
        item["lessons"] = "".join(html[1:]) or html[0]
    return item


def corpus_data(n, seed=2026):
    """The import data of n distractor resources, ~2/3 French, 1/3 English."""
    rng = random.Random(seed)  # noqa: S311 (reproducible text, not security)
    resources = []
    for number in range(1, n + 1):
        language = "en" if number % 3 == 0 else "fr"
        resources.append(resource_item(rng, number, language))
    return {"version": 1, "resources": resources}


def add_pages(n, seed=2026, report=print):
    """Create (or update) n distractor pages through the importer, published."""
    from django.db import transaction

    from home.tree import ensure_home_pages
    from resources.importer import ImportWriter, validate
    from resources.tree import ensure_resource_sections

    if n <= 0:
        return "no distractor pages"
    data = corpus_data(n, seed)
    plan = validate(data)
    with transaction.atomic():
        sections = ensure_resource_sections(*ensure_home_pages())
        result = ImportWriter(sections).write(plan)
    report(f"distractor corpus: {result.summary()}")
    return result.summary()


if __name__ == "__main__":
    import json
    import sys

    print(
        json.dumps(
            corpus_data(int(sys.argv[1]) if len(sys.argv) > 1 else 3), indent=1, ensure_ascii=False
        )
    )
