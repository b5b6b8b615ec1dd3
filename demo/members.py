"""Demo members with profiles, in French and Québec institutions.

Their addresses use the institutions' demo domains, so each profile is
linked to its institution the way a real sign-up would link it.
"""

MEMBERS = [
    {
        "email": "lea.martin@univ-rhone-confluence.example",
        "first_name": "Léa",
        "last_name": "Martin",
        "job_title": "Chargée de communication numérique",
        "bio": "J'anime les comptes de l'université et forme les composantes aux réseaux "
        "sociaux. Je partage volontiers nos retours sur la gestion des bad buzz.",
        "languages": ["fr", "en"],
        "topics": ["gestion-de-crise", "formation"],
        "linkedin_url": "https://www.linkedin.com/in/lea-martin-demo",
        "x_handle": "@lea_urc",
        "preferred_language": "fr",
    },
    {
        "email": "thomas.lefevre@univ-cote-opale.example",
        "first_name": "Thomas",
        "last_name": "Lefèvre",
        "job_title": "Community manager",
        "bio": "Seul CM de l'université : veille, ligne éditoriale et tableaux de bord.",
        "languages": ["fr"],
        "topics": ["veille", "mesure"],
        "preferred_language": "fr",
    },
    {
        "email": "sarah.benali@em-atlantique.example",
        "first_name": "Sarah",
        "last_name": "Benali",
        "job_title": "Social media manager",
        "bio": "Recrutement étudiant et marque employeur de l'école, en français et en anglais.",
        "languages": ["fr", "en", "ar"],
        "topics": ["recrutement-etudiant", "e-reputation"],
        "website": "https://sarah-benali.example",
        "show_email": True,
        "preferred_language": "fr",
    },
    {
        "email": "julien.roux@eivl.example",
        "first_name": "Julien",
        "last_name": "Roux",
        "job_title": "Webmestre et CM occasionnel",
        "bio": "On m'a confié les comptes de l'école sans formation : j'apprends ici.",
        "languages": ["fr", "es"],
        "topics": ["droit-a-l-image", "confidentialite"],
        "preferred_language": "fr",
        "visible_in_directory": False,
    },
    {
        "email": "marc.tremblay@usaintlaurent.example",
        "first_name": "Marc",
        "last_name": "Tremblay",
        "job_title": "Gestionnaire de communauté",
        "bio": "Gestionnaire de communauté à l'université depuis six ans; infolettre, "
        "veille stratégique et réputation en ligne.",
        "languages": ["fr", "en"],
        "topics": ["e-reputation", "veille"],
        "x_handle": "@marc_usl",
        "preferred_language": "fr",
    },
    {
        "email": "emily.gagnon@cegepcapitale.example",
        "first_name": "Emily",
        "last_name": "Gagnon",
        "job_title": "Communications officer",
        "bio": "I run the cégep's social accounts and the student ambassadors programme.",
        "languages": ["en", "fr"],
        "topics": ["recrutement-etudiant", "ligne-editoriale"],
        "linkedin_url": "https://www.linkedin.com/in/emily-gagnon-demo",
        "preferred_language": "en",
    },
    {
        "email": "nadia.cote@ifcc.example",
        "first_name": "Nadia",
        "last_name": "Côté",
        "job_title": "Formatrice, microprogramme en gestion de communauté",
        "bio": "J'enseigne le volet « profils et tâches du gestionnaire de communauté ».",
        "languages": ["fr"],
        "topics": ["formation", "metier"],
        "preferred_language": "fr",
    },
]
