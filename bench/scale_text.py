"""The words the benchmarks' data set is written with (bench/scale.py):
subjects and openings of titles, a vocabulary for sentences, comments and
names, in French and English, and the helpers that assemble them."""

import uuid

SUBJECTS = {
    "fr": [
        "la rentrée sur Instagram",
        "une crise sur X",
        "les portes ouvertes",
        "le recrutement d'ambassadeurs étudiants",
        "la newsletter des diplômés",
        "les vidéos courtes sur TikTok",
        "la modération des commentaires",
        "LinkedIn pour les chercheurs",
        "le calendrier éditorial",
        "l'accessibilité des visuels",
        "les lives Twitch",
        "la veille et l'e-réputation",
        "les salons étudiants",
        "les campagnes payantes",
        "le RGPD et les concours",
    ],
    "en": [
        "back-to-school on Instagram",
        "a crisis on X",
        "open days",
        "student ambassador programmes",
        "the alumni newsletter",
        "short videos on TikTok",
        "comment moderation",
        "LinkedIn for researchers",
        "the editorial calendar",
        "accessible visuals",
        "live streams",
        "monitoring and online reputation",
        "student fairs",
        "paid campaigns",
        "GDPR and giveaways",
    ],
}
OPENINGS = {
    "fr": ["Réussir", "Préparer", "Piloter", "Mesurer", "Animer", "Organiser", "Réinventer"],
    "en": ["Getting right", "Preparing", "Running", "Measuring", "Growing", "Planning", "Fixing"],
}
WORDS = {
    "fr": [
        "étudiants",
        "communauté",
        "réseaux",
        "sociaux",
        "publication",
        "audience",
        "engagement",
        "campagne",
        "calendrier",
        "visuel",
        "vidéo",
        "modération",
        "abonnés",
        "stratégie",
        "contenu",
        "université",
        "école",
        "diplômés",
        "recrutement",
        "événement",
        "formation",
        "veille",
        "crise",
        "message",
        "ton",
        "charte",
        "statistiques",
        "portée",
        "interaction",
        "hashtag",
        "story",
        "format",
        "budget",
        "équipe",
        "service",
        "communication",
        "direction",
        "partenaires",
        "salon",
        "rentrée",
        "inscription",
        "témoignage",
        "ambassadeurs",
        "confiance",
        "image",
        "marque",
        "réputation",
        "accessibilité",
        "sous-titres",
    ],
    "en": [
        "students",
        "community",
        "social",
        "media",
        "post",
        "audience",
        "engagement",
        "campaign",
        "calendar",
        "visual",
        "video",
        "moderation",
        "followers",
        "strategy",
        "content",
        "university",
        "school",
        "alumni",
        "recruitment",
        "event",
        "training",
        "monitoring",
        "crisis",
        "message",
        "tone",
        "guidelines",
        "statistics",
        "reach",
        "interaction",
        "hashtag",
        "story",
        "format",
        "budget",
        "team",
        "office",
        "communications",
        "leadership",
        "partners",
        "fair",
        "enrolment",
        "testimonial",
        "ambassadors",
        "trust",
        "brand",
        "reputation",
        "accessibility",
        "captions",
    ],
}
COMMENTS = {
    "fr": [
        "Merci, c'est exactement ce qu'il me fallait pour la rentrée.",
        "Chez nous, la même méthode a doublé l'engagement en deux mois.",
        "Quelqu'un a un exemple de charte de modération à partager ?",
        "Attention : l'algorithme a changé depuis, les carrousels marchent moins bien.",
        "On a testé avec nos ambassadeurs étudiants, très bons retours.",
        "Je me permets de compléter avec notre retour d'expérience en cégep.",
    ],
    "en": [
        "Thanks, exactly what I needed for the new term.",
        "The same approach doubled our engagement in two months.",
        "Does anyone have a moderation policy they could share?",
        "Careful: the algorithm changed since, carousels do less well now.",
        "We tried it with our student ambassadors, great feedback.",
        "Adding our own experience from a smaller school below.",
    ],
}
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Manon",
    "Jules",
    "Inès",
    "Gabriel",
    "Sarah",
    "Arthur",
    "Emma",
    "Noé",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Roy",
    "Gagnon",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Côté",
    "Fournier",
    "Girard",
]


def sentence(rng, language, words=(10, 18)):
    """A sentence of 10 to 18 (`words`) words of WORDS[language]."""
    chosen = rng.choices(WORDS[language], k=rng.randint(*words))
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def paragraph(rng, language, sentences=3):
    """`sentences` sentences in a row."""
    return " ".join(sentence(rng, language) for _ in range(sentences))


def html(rng, language, paragraphs=2):
    """Rich text: `paragraphs` paragraphs in <p> tags."""
    return "".join(f"<p>{paragraph(rng, language)}</p>" for _ in range(paragraphs))


def block(kind, value):
    """A StreamField block of `kind`, as stored in the database."""
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}
