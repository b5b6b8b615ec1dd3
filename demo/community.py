"""Demo data for the community: institutions, people and topics.

The institutions are invented but shaped like real ones in France and
Québec; e-mail domains end in .example so no real address is ever used.
"""

INSTITUTIONS = [
    {
        "name": "Université Rhône-Confluence",
        "short_name": "URC",
        "kind": "university",
        "country": "FR",
        "region": "Auvergne-Rhône-Alpes",
        "city": "Lyon",
        "website": "https://www.univ-rhone-confluence.example",
        "domains": ["univ-rhone-confluence.example", "etu.univ-rhone-confluence.example"],
    },
    {
        "name": "Université de la Côte d'Opale",
        "short_name": "UCO",
        "kind": "university",
        "country": "FR",
        "region": "Hauts-de-France",
        "city": "Boulogne-sur-Mer",
        "website": "https://www.univ-cote-opale.example",
        "domains": ["univ-cote-opale.example"],
    },
    {
        "name": "Université Garonne-Pyrénées",
        "short_name": "UGP",
        "kind": "university",
        "country": "FR",
        "region": "Occitanie",
        "city": "Toulouse",
        "website": "https://www.univ-garonne-pyrenees.example",
        "domains": ["univ-garonne-pyrenees.example"],
    },
    {
        "name": "École de management Atlantique",
        "short_name": "EMA",
        "kind": "business_school",
        "country": "FR",
        "region": "Nouvelle-Aquitaine",
        "city": "Bordeaux",
        "website": "https://www.em-atlantique.example",
        "domains": ["em-atlantique.example"],
    },
    {
        "name": "Institut supérieur de commerce de Lille",
        "short_name": "ISCL",
        "kind": "business_school",
        "country": "FR",
        "region": "Hauts-de-France",
        "city": "Lille",
        "website": "https://www.iscl.example",
        "domains": ["iscl.example"],
    },
    {
        "name": "École nationale des arts numériques",
        "short_name": "ENAN",
        "kind": "grande_ecole",
        "country": "FR",
        "region": "Île-de-France",
        "city": "Paris",
        "website": "https://www.enan.example",
        "domains": ["enan.example"],
    },
    {
        "name": "École d'ingénieurs du Val de Loire",
        "short_name": "EIVL",
        "kind": "engineering_school",
        "country": "FR",
        "region": "Centre-Val de Loire",
        "city": "Tours",
        "website": "https://www.eivl.example",
        "domains": ["eivl.example"],
    },
    {
        "name": "Université du Saint-Laurent",
        "short_name": "USL",
        "kind": "university",
        "country": "CA",
        "region": "Québec",
        "city": "Montréal",
        "website": "https://www.usaintlaurent.example",
        "domains": ["usaintlaurent.example"],
    },
    {
        "name": "Cégep de la Capitale",
        "short_name": "",
        "kind": "cegep",
        "country": "CA",
        "region": "Québec",
        "city": "Québec",
        "website": "https://www.cegepcapitale.example",
        "domains": ["cegepcapitale.example"],
    },
    {
        "name": "Cégep des Laurentides-Nord",
        "short_name": "",
        "kind": "cegep",
        "country": "CA",
        "region": "Québec",
        "city": "Saint-Jérôme",
        "website": "https://www.cegeplaurentides.example",
        "domains": ["cegeplaurentides.example"],
    },
    {
        "name": "Institut de formation continue en communication",
        "short_name": "IFCC",
        "kind": "training_institute",
        "country": "CA",
        "region": "Québec",
        "city": "Sherbrooke",
        "website": "https://www.ifcc.example",
        "domains": ["ifcc.example"],
    },
    {
        "name": "Groupe Mutualis",
        "short_name": "",
        "kind": "employer",
        "country": "FR",
        "region": "Île-de-France",
        "city": "Nanterre",
        "website": "https://www.groupe-mutualis.example",
        "domains": ["groupe-mutualis.example"],
    },
    {
        "name": "Réseau des communicants de l'enseignement supérieur",
        "short_name": "RCES",
        "kind": "association",
        "country": "FR",
        "region": "Île-de-France",
        "city": "Paris",
        "website": "https://www.rces.example",
        "domains": ["rces.example"],
    },
]

# slug: (French name, English name, French description, English description)
#: The English names of the platforms the community migration creates (by
#: slug); the others are brand names, the same in English.
PLATFORM_NAMES_EN = {
    "document-sharing": "Document-sharing platforms",
}

TOPICS = {
    "e-reputation": (
        "E-réputation",
        "Online reputation",
        "Surveiller et entretenir l'image de l'établissement sur les réseaux.",
        "Watching over and caring for the institution's image online.",
    ),
    "gestion-de-crise": (
        "Gestion de crise",
        "Crisis management",
        "Bad buzz, trolls, pannes de service : réagir vite et avec transparence.",
        "Backlash, trolls, service outages: reacting fast and openly.",
    ),
    "droit-a-l-image": (
        "Droit à l'image et droit d'auteur",
        "Image rights and copyright",
        "Ce qu'on peut publier, avec quelles autorisations.",
        "What may be published, and with which permissions.",
    ),
    "recrutement-etudiant": (
        "Recrutement étudiant",
        "Student recruitment",
        "Faire connaître une formation et attirer des candidatures.",
        "Making a programme known and attracting applicants.",
    ),
    "formation": (
        "Formation des équipes",
        "Training teams",
        "Ateliers et modules pour les services, composantes et nouveaux CM.",
        "Workshops and modules for departments, faculties and new CMs.",
    ),
    "veille": (
        "Veille",
        "Monitoring",
        "Outils et méthodes de veille stratégique sur les réseaux.",
        "Tools and methods for strategic monitoring of social networks.",
    ),
    "ligne-editoriale": (
        "Ligne éditoriale",
        "Editorial line",
        "Ton, calendrier et formats adaptés à chaque plateforme.",
        "Tone, calendar and formats suited to each platform.",
    ),
    "confidentialite": (
        "Confidentialité",
        "Privacy",
        "Paramètres de confidentialité, vie privée et vie professionnelle.",
        "Privacy settings, and keeping private and professional life apart.",
    ),
    "metier": (
        "Métier de CM",
        "The CM profession",
        "Fiches de poste, compétences, salaires et parcours.",
        "Job profiles, skills, salaries and career paths.",
    ),
    "mesure": (
        "Mesure d'audience",
        "Analytics",
        "Indicateurs, liens traçables et bilans chiffrés.",
        "Metrics, trackable links and reports with figures.",
    ),
}

# Each person: names, institution short name or full name, French and English role and bio.
PEOPLE = [
    {
        "first_name": "Claire",
        "last_name": "Vasseur",
        "institution": "Université Rhône-Confluence",
        "role": ("Responsable des réseaux sociaux", "Head of social media"),
        "bio": (
            "Ancienne journaliste, elle anime depuis huit ans les comptes de l'université "
            "et forme les composantes à la prise de parole en ligne.",
            "A former journalist, she has run the university's accounts for eight years "
            "and trains faculties to speak up online.",
        ),
        "x_handle": "@claire_vsr",
    },
    {
        "first_name": "Mathieu",
        "last_name": "Ferrand",
        "institution": "École de management Atlantique",
        "role": ("Community manager", "Community manager"),
        "bio": (
            "Il pilote la présence de l'école sur LinkedIn et Instagram et suit les "
            "campagnes de recrutement des programmes post-bac.",
            "He runs the school's LinkedIn and Instagram presence and follows the "
            "recruitment campaigns of the undergraduate programmes.",
        ),
        "x_handle": "",
    },
    {
        "first_name": "Sophie",
        "last_name": "Tremblay",
        "institution": "Université du Saint-Laurent",
        "role": ("Gestionnaire de communauté", "Community manager"),
        "bio": (
            "Gestionnaire de communauté depuis 2015, elle a traversé deux crises "
            "majeures et en tire une méthode de réponse en trois temps.",
            "A community manager since 2015, she has been through two major crises "
            "and drew from them a three-step response method.",
        ),
        "x_handle": "@stremblay_usl",
    },
    {
        "first_name": "Karim",
        "last_name": "Benali",
        "institution": "Groupe Mutualis",
        "role": ("Social media manager", "Social media manager"),
        "bio": (
            "Côté employeur, il recrute des alternants et explique aux étudiants ce "
            "qu'une marque attend d'un CM.",
            "On the employer side, he hires work-study students and tells students "
            "what a brand expects from a CM.",
        ),
        "x_handle": "",
    },
    {
        "first_name": "Élodie",
        "last_name": "Marchand",
        "institution": "Université de la Côte d'Opale",
        "role": ("Chargée de communication numérique", "Digital communications officer"),
        "bio": (
            "Elle a lancé les comptes de deux UFR et défend l'idée que le CM est un "
            "métier, pas une mission confiée au dernier arrivé.",
            "She launched the accounts of two faculties and argues that CM is a "
            "profession, not a task handed to the newest recruit.",
        ),
        "x_handle": "@elodie_m",
    },
    {
        "first_name": "Jean-François",
        "last_name": "Gagnon",
        "institution": "Institut de formation continue en communication",
        "role": ("Formateur en communication numérique", "Digital communications trainer"),
        "bio": (
            "Il conçoit le microprogramme en gestion de communautés et enseigne la "
            "veille stratégique.",
            "He designed the community management micro-programme and teaches "
            "strategic monitoring.",
        ),
        "x_handle": "",
    },
    {
        "first_name": "Nadia",
        "last_name": "Lefort",
        "institution": "École nationale des arts numériques",
        "role": ("Community manager culture", "Community manager, arts sector"),
        "bio": (
            "Passée par un théâtre national, elle compare l'animation de communautés "
            "dans le secteur culturel et pour les marques.",
            "Having worked for a national theatre, she compares community management "
            "in the arts sector and for brands.",
        ),
        "x_handle": "@nadia_lefort",
    },
    {
        "first_name": "Pierre",
        "last_name": "Roussel",
        "institution": "Cégep de la Capitale",
        "role": ("Conseiller en communication", "Communications adviser"),
        "bio": (
            "Il accompagne les départements du cégep qui ouvrent un compte et tient "
            "l'infolettre des enseignants.",
            "He supports the cégep's departments when they open an account and writes "
            "the teachers' newsletter.",
        ),
        "x_handle": "",
    },
]
