"""Demo data for events: a three-part professional micro-programme, start-of-
year workshops for departments, an online seminar and past meet-ups.

Dates are relative to the day the demo is loaded (``days`` from today, at
``time`` in the event's own time zone), so there are always upcoming and
past events. Text is written in French; some events have an English
translation (``english``).
"""

#: What the micro-programme's three parts share: days from 9:00 to 16:00 at
#: the institute in Sherbrooke, 12 seats, the same description.
MICRO_PROGRAMME_SESSION = {
    "kind": "training",
    "time_zone": "America/Toronto",
    "time": "09:00",
    "end_time": "16:00",
    "venue": "Institut de formation continue en communication, salle 2.14",
    "address": "2500, boulevard de l'Université",
    "city": "Sherbrooke",
    "country": "CA",
    "host": "Institut de formation continue en communication",
    "capacity": 12,
    "description": (
        "<p>Le microprogramme en gestion de communautés compte trois volets. Le premier "
        "pose les bases en un week-end ; le deuxième porte sur la stratégie de contenu ; le "
        "troisième sur la mesure et la gestion de crise, avec un projet à présenter.</p>"
    ),
}

#: The university's computer room in Lyon, where the hands-on workshops are.
LEARNING_CENTER = {
    "venue": "Learning center, salle informatique 3",
    "address": "18, quai Claude-Bernard",
    "city": "Lyon",
    "country": "FR",
    "host": "Université Rhône-Confluence",
}

INDEX = {
    "title": "Événements",
    "slug": "evenements",
    "summary": (
        "Ateliers, formations, webinaires et rencontres que les membres animent les uns "
        "pour les autres. Les places sont limitées : inscrivez-vous en un clic."
    ),
    "english": {
        "title": "Events",
        "slug": "events",
        "summary": (
            "Workshops, trainings, webinars and meet-ups members run for each other. "
            "Seats are limited: register in one click."
        ),
    },
}

# Each part: (title, day offset from the first day, start, end, speaker's last name, description)
EVENTS = [
    {
        "slug": "microprogramme-volet-1-fondamentaux",
        "title": "Microprogramme en gestion de communautés — Volet 1 : les fondamentaux",
        "summary": (
            "Un week-end de 12 heures avec quatre praticiens : plateformes et e-réputation, "
            "pages Facebook, métier de CM, cas réels et veille. Il reste peu de places."
        ),
        **MICRO_PROGRAMME_SESSION,
        "days": 19,
        "end_days": 20,
        "registrations": 9,
        "topics": ["formation", "e-reputation", "veille", "metier"],
        "audiences": ["community_managers", "staff"],
        "speakers": ["Gagnon", "Roussel", "Lefort", "Tremblay"],
        "prerequisites": (
            "<p>Avoir un compte personnel sur Facebook et LinkedIn. Apporter un ordinateur "
            "portable.</p>"
        ),
        "program": [
            (
                "Spécificités des plateformes et e-réputation",
                0,
                "09:00",
                "12:00",
                "Gagnon",
                "Ce que chaque réseau attend d'un compte d'établissement, et comment on y "
                "surveille sa réputation.",
            ),
            (
                "Paramétrer une page Facebook et animer une page fan",
                0,
                "13:00",
                "16:00",
                "Roussel",
                "Rôles, paramètres de confidentialité, modération et calendrier de publication.",
            ),
            (
                "Profils, titres et tâches du CM : secteur culturel et marques",
                1,
                "09:00",
                "12:00",
                "Lefort",
                "Gestionnaire de communauté, social media manager : les "
                "mêmes missions ? Comparaison entre le secteur culturel et les marques.",
            ),
            (
                "Cas réels et veille stratégique (exercices)",
                1,
                "13:00",
                "16:00",
                "Tremblay",
                "Deux crises vécues, décortiquées ; mise en place d'une veille avec des outils "
                "gratuits.",
            ),
        ],
        "english": {
            "title": "Community management micro-programme — Part 1: the fundamentals",
            "slug": "micro-programme-part-1-fundamentals",
            "summary": (
                "A 12-hour weekend with four practitioners: platforms and online "
                "reputation, Facebook pages, the CM profession, real cases and "
                "monitoring. Few places left."
            ),
            "prerequisites": (
                "<p>Have a personal Facebook and LinkedIn account. Bring a laptop.</p>"
            ),
            "description": (
                "<p>The community management micro-programme has three parts. The first "
                "lays the foundations over a weekend; the second covers content strategy; "
                "the third, measurement and crisis management, with a project to present.</p>"
            ),
            # The programme's parts in order: (title, description).
            "program": [
                (
                    "Platform specifics and online reputation",
                    "What each network expects of an institution's account, and how to "
                    "monitor its reputation there.",
                ),
                (
                    "Setting up a Facebook page and running a fan page",
                    "Roles, privacy settings, moderation and the publishing calendar.",
                ),
                (
                    "CM profiles, titles and tasks: the arts sector and brands",
                    "Community manager, social media manager: the same missions? The arts "
                    "sector and brands compared.",
                ),
                (
                    "Real cases and strategic monitoring (exercises)",
                    "Two crises lived through and taken apart; setting up monitoring with "
                    "free tools.",
                ),
            ],
        },
    },
    {
        "slug": "microprogramme-volet-2-strategie-de-contenu",
        "title": "Microprogramme en gestion de communautés — Volet 2 : stratégie de contenu",
        "summary": (
            "Ligne éditoriale, calendrier, formats par plateforme et infolettre : construire "
            "la stratégie de contenu de son établissement."
        ),
        **MICRO_PROGRAMME_SESSION,
        "days": 61,
        "end_days": 61,
        "registrations": 4,
        "topics": ["formation", "ligne-editoriale"],
        "audiences": ["community_managers"],
        "speakers": ["Gagnon", "Ferrand"],
        "total_hours": "6",
    },
    {
        "slug": "microprogramme-volet-3-mesure-et-crise",
        "title": "Microprogramme en gestion de communautés — Volet 3 : mesure et crise",
        "summary": (
            "Indicateurs, liens traçables et bilans chiffrés ; répondre à un bad buzz avec "
            "transparence. Présentation des projets."
        ),
        **MICRO_PROGRAMME_SESSION,
        "days": 103,
        "end_days": 103,
        "registrations": 2,
        "topics": ["mesure", "gestion-de-crise"],
        "audiences": ["community_managers"],
        "speakers": ["Tremblay", "Gagnon"],
        "total_hours": "6",
    },
    {
        "slug": "atelier-theorie-reseaux-sociaux-composantes",
        "title": "Atelier théorie : les réseaux sociaux pour les composantes",
        "summary": (
            "À la rentrée, deux heures pour les services et les UFR qui envisagent un compte : "
            "pourquoi, pour qui, avec quels moyens, et ce que dit la charte de l'université."
        ),
        "kind": "workshop",
        "time_zone": "Europe/Paris",
        "days": -70,
        "time": "10:00",
        "end_days": -70,
        "end_time": "12:00",
        "venue": "Maison de l'étudiant, amphithéâtre B",
        "address": "18, quai Claude-Bernard",
        "city": "Lyon",
        "country": "FR",
        "host": "Université Rhône-Confluence",
        "capacity": 40,
        "registrations": 6,
        "topics": ["formation", "ligne-editoriale"],
        "audiences": ["staff", "teachers"],
        "speakers": ["Vasseur"],
    },
    {
        "slug": "atelier-pratique-ouvrir-compte-composante",
        "title": "Atelier pratique : ouvrir et animer le compte de sa composante",
        "summary": (
            "La suite de l'atelier théorie : créer la page, régler la confidentialité, "
            "annoncer le compte (site, magazine, infolettre) et préparer un mois de "
            "publications."
        ),
        "kind": "workshop",
        "time_zone": "Europe/Paris",
        "days": -63,
        "time": "14:00",
        "end_days": -63,
        "end_time": "17:00",
        **LEARNING_CENTER,
        "capacity": 16,
        "registrations": 5,
        "topics": ["formation", "confidentialite"],
        "audiences": ["staff"],
        "speakers": ["Vasseur", "Marchand"],
    },
    {
        "slug": "atelier-pratique-second-semestre",
        "title": "Atelier pratique de rentrée de janvier : le compte de votre service",
        "summary": (
            "Pour les services qui démarrent au second semestre : la page, les réglages, "
            "l'annonce du compte et un calendrier éditorial de départ."
        ),
        "kind": "workshop",
        "time_zone": "Europe/Paris",
        "days": 52,
        "time": "14:00",
        "end_days": 52,
        "end_time": "17:00",
        **LEARNING_CENTER,
        "capacity": 16,
        "registrations": 3,
        "topics": ["formation"],
        "audiences": ["staff", "teachers"],
        "speakers": ["Vasseur"],
    },
    {
        "slug": "webinaire-gerer-un-bad-buzz",
        "title": "Webinaire : gérer un bad buzz dans un établissement",
        "summary": (
            "Une heure en visioconférence pour reconnaître une crise naissante, répondre avec "
            "transparence et savoir quand ne pas répondre. Questions en direct."
        ),
        "kind": "webinar",
        "time_zone": "Europe/Paris",
        "days": 9,
        "time": "12:30",
        "end_days": 9,
        "end_time": "13:30",
        "online_url": "https://visio.cmhub.example/bad-buzz",
        "host": "Réseau des communicants de l'enseignement supérieur",
        "capacity": 100,
        "registrations": 7,
        "topics": ["gestion-de-crise", "e-reputation"],
        "audiences": ["community_managers"],
        "speakers": ["Tremblay", "Benali"],
        "english": {
            "title": "Webinar: handling a backlash at a university",
            "slug": "webinar-handling-a-backlash",
            "summary": (
                "One hour online to spot a crisis early, answer openly and know when not "
                "to answer. Live questions."
            ),
        },
    },
    {
        "slug": "rencontre-cm-enseignement-superieur-2026",
        "title": "Rencontre annuelle des CM de l'enseignement supérieur",
        "summary": (
            "Une journée d'interventions de professionnels et d'échanges entre pairs, à Paris."
        ),
        "kind": "meetup",
        "time_zone": "Europe/Paris",
        "days": -160,
        "time": "09:30",
        "end_days": -160,
        "end_time": "17:30",
        "venue": "Auditorium de l'ENAN",
        "address": "12, rue des Arts-Numériques",
        "city": "Paris",
        "country": "FR",
        "host": "Réseau des communicants de l'enseignement supérieur",
        "capacity": 120,
        "registrations": 8,
        "topics": ["metier", "e-reputation"],
        "audiences": ["community_managers"],
        "speakers": ["Lefort", "Benali", "Marchand"],
        "english": {
            "title": "Annual meet-up of higher-education community managers",
            "slug": "annual-meet-up-higher-education-cms",
            "summary": "A day of practitioners' talks and peer exchange, in Paris.",
        },
    },
    {
        "slug": "intervention-cm-un-metier",
        "title": "Conférence : community manager, un métier et pas une mission",
        "summary": (
            "Une intervention pour les étudiants de licence pro et les équipes : parcours, "
            "organisation, conseils, questions-réponses."
        ),
        "kind": "talk",
        "time_zone": "Europe/Paris",
        "days": -40,
        "time": "18:00",
        "end_days": -40,
        "end_time": "19:30",
        "venue": "Amphithéâtre Descartes",
        "address": "Quai du Commerce",
        "city": "Boulogne-sur-Mer",
        "country": "FR",
        "host": "Université de la Côte d'Opale",
        "capacity": 80,
        "registrations": 4,
        "topics": ["metier"],
        "audiences": ["students", "community_managers"],
        "speakers": ["Marchand"],
    },
    {
        # Tomorrow at this time of day (``"time": "now"``): the demo member
        # holds a seat, and their reminder says, truly, that it starts
        # within a day.
        "slug": "cafe-des-cm-moderation",
        "title": "Café des CM\u00a0: une heure pour parler modération",
        "summary": (
            "Une heure en visioconférence, sans présentation\u00a0: chacun vient avec une "
            "question de modération et repart avec les réponses des collègues."
        ),
        "kind": "webinar",
        "time_zone": "Europe/Paris",
        "days": 1,
        "time": "now",
        "end_days": 1,
        "end_time": "now+1",
        "online_url": "https://visio.cmhub.example/cafe-des-cm",
        "host": "Réseau des communicants de l'enseignement supérieur",
        "capacity": 30,
        "registrations": 5,
        "topics": ["e-reputation"],
        "audiences": ["community_managers"],
        "speakers": [],
    },
]

PARIS, MONTREAL = "Europe/Paris", "America/Toronto"

# Demo members who fill seats (they cannot log in: no password), with their
# e-mail domain and time zone.
SEAT_HOLDERS = [
    ("Léa", "Bernard", "univ-rhone-confluence.example", PARIS),
    ("Émilie", "Côté", "usaintlaurent.example", MONTREAL),
    ("Thomas", "Petit", "univ-garonne-pyrenees.example", PARIS),
    ("Olivier", "Gauthier", "cegepcapitale.example", MONTREAL),
    ("Manon", "Roux", "em-atlantique.example", PARIS),
    ("Marie-Ève", "Bouchard", "cegeplaurentides.example", MONTREAL),
    ("Julien", "Fournier", "iscl.example", PARIS),
    ("Sarah", "Morin", "ifcc.example", MONTREAL),
    ("Chloé", "Girard", "eivl.example", PARIS),
    ("Antoine", "Lemaire", "univ-cote-opale.example", PARIS),
]

# The demo member (membre@cmhub.example) holds a seat at these events, so
# that "My registrations" has something to show.
DEMO_MEMBER_EMAIL = "membre@cmhub.example"
DEMO_MEMBER_EVENTS = [
    "microprogramme-volet-1-fondamentaux",
    "webinaire-gerer-un-bad-buzz",
    "cafe-des-cm-moderation",
]
