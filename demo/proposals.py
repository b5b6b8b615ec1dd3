"""Demo proposals: resources shared by members, one in each state of the
review (draft, submitted, changes requested, published).

They go through the same code as the site's form (`contributions.proposals`),
and the editor's decisions through Wagtail's workflow, as in the admin.
Idempotent: a member's proposal with the same title is left as it is.
"""

from django.contrib.auth import get_user_model
from django.test.utils import override_settings

from community.models import Audience, MemberProfile, Platform, Topic
from contributions.models import Proposal, ProposalKind, ProposalStatus
from contributions.proposals import emails_off, submit

EDITOR = "editrice@cmhub.example"

PROPOSALS = [
    {
        "member": "thomas.lefevre@univ-cote-opale.example",
        "kind": ProposalKind.GUIDE,
        "state": ProposalStatus.DRAFT,
        "topics": ["formation"],
        "platforms": ["instagram"],
        "audiences": ["students"],
        "data": {
            "title": "Annoncer le nouveau compte Instagram d'une composante",
            "summary": "Les canaux à prévenir et l'ordre dans lequel le faire, pour que le "
            "compte trouve ses premiers abonnés dès la première semaine.",
            "steps": [
                {
                    "title": "Prévenir le service communication",
                    "text": "Il relaie sur les comptes de l'université et dans la newsletter.",
                },
                {
                    "title": "Ajouter le lien sur le site de la composante",
                    "text": "En pied de page et sur la page d'accueil, avec le logo officiel.",
                },
            ],
            "checklist": "Biographie relue\nPhoto de profil au bon format\nDeux administrateurs",
        },
    },
    {
        "member": "lea.martin@univ-rhone-confluence.example",
        "kind": ProposalKind.CASE_STUDY,
        "state": ProposalStatus.SUBMITTED,
        "topics": ["gestion-de-crise"],
        "platforms": ["x-twitter", "facebook"],
        "audiences": ["students"],
        "data": {
            "title": "Une photo de rentrée qui tourne au bad buzz",
            "summary": "Une photo d'amphithéâtre bondé publiée le jour de la rentrée, des "
            "centaines de réponses en une soirée : ce que nous avons fait, et dans quel ordre.",
            "case_kind": "crisis",
            "context": "Le jour de la rentrée, nous publions une photo d'amphithéâtre plein.\n\n"
            "Des étudiants y voient le manque de places assises et le disent.",
            "timeline": [
                {
                    "date": "2026-09-01",
                    "title": "Publication de la photo",
                    "description": "Sur X et Facebook, à 9 h.",
                },
                {
                    "date": "2026-09-01",
                    "title": "Réponse factuelle",
                    "description": "Les salles supplémentaires ouvertes dès le lendemain.",
                },
            ],
            "results": [{"label": "Réponses en 24 heures", "value": "340", "unit": "réponses"}],
            "lessons": "Reconnaître le problème vite, une seule fois, avec des faits.",
        },
    },
    {
        # The demo member's: "Mes propositions" shows it sent back, with the
        # editor's words, and the bell's notification leads to it.
        "member": "membre@cmhub.example",
        "kind": ProposalKind.JOB_PROFILE,
        "state": ProposalStatus.CHANGES_REQUESTED,
        "topics": ["veille", "mesure"],
        "platforms": ["linkedin"],
        "audiences": [],
        "comment": "Merci Camille ! Pouvez-vous préciser la fourchette de salaire (brut annuel) "
        "et ajouter deux ou trois outils de veille ?",
        "data": {
            "title": "Community manager d'une université de taille moyenne",
            "summary": "Un poste souvent seul dans l'établissement : ligne éditoriale, "
            "veille et tableaux de bord pour la direction.",
            "missions": "Définir la ligne éditoriale\nAnimer les comptes officiels\n"
            "Former les composantes",
            "skills": "Rédaction web\nAnalyse d'audience",
            "tools": "Outil de planification",
            "salary_region": "france",
        },
    },
    {
        "member": "sarah.benali@em-atlantique.example",
        "kind": ProposalKind.TALK,
        "state": ProposalStatus.PUBLISHED,
        "topics": ["recrutement-etudiant"],
        "platforms": ["linkedin", "instagram"],
        "audiences": ["community_managers"],
        "comment": "Publié, merci pour ce compte rendu très clair.",
        "data": {
            "title": "Marque employeur : ce que les étudiants regardent vraiment",
            "summary": "Compte rendu de l'intervention d'une responsable du recrutement "
            "étudiant devant la promotion de licence pro.",
            "speakers": "Sarah Benali",
            "event_name": "Licence pro — module réseaux sociaux",
            "date": "2026-10-08",
            "key_takeaways": "Montrer les étudiants plutôt que les bâtiments\n"
            "Répondre aux messages privés en moins de 24 heures\n"
            "Un ambassadeur étudiant vaut mieux qu'une campagne",
        },
    },
]


def load_proposals():
    """Create the demo proposals and take each to its state; return a summary."""
    User = get_user_model()
    users = {
        user.email: user
        for user in User.objects.filter(email__in=[item["member"] for item in PROPOSALS] + [EDITOR])
    }
    editor = users.get(EDITOR)
    created = 0
    # Fictional members and editors: no e-mail, neither CM Hub's nor Wagtail's.
    with (
        emails_off(),
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
    ):
        for item in PROPOSALS:
            member = users.get(item["member"])
            if member is None or editor is None:
                continue
            title = item["data"]["title"]
            if Proposal.objects.filter(member=member, title=title).exists():
                continue
            proposal = Proposal.objects.create(
                member=member,
                kind=item["kind"],
                title=title,
                language="fr",
                data=proposal_data(member, item),
            )
            take_to_state(proposal, item, editor)
            created += 1
    states = ", ".join(str(ProposalStatus(item["state"]).label).lower() for item in PROPOSALS)
    return f"{created} member proposals created ({len(PROPOSALS)} in all: {states})"


def proposal_data(member, item):
    """The data the form would have saved: ids of topics, platforms, audiences."""
    data = dict(item["data"])
    data["language"] = "fr"
    data["topics"] = list(
        Topic.objects.filter(locale__language_code="fr", slug__in=item["topics"]).values_list(
            "pk", flat=True
        )
    )
    data["platforms"] = list(
        Platform.objects.canonical().filter(slug__in=item["platforms"]).values_list("pk", flat=True)
    )
    data["audiences"] = list(
        Audience.objects.filter(kind__in=item["audiences"]).values_list("pk", flat=True)
    )
    data["institution"] = MemberProfile.for_user(member).institution_id
    return data


def take_to_state(proposal, item, editor):
    """Submit the proposal and let the editor decide, as in the admin."""
    if item["state"] == ProposalStatus.DRAFT:
        return
    submit(proposal)
    if item["state"] == ProposalStatus.SUBMITTED:
        return
    task_state = proposal.page.specific.current_workflow_state.current_task_state
    if item["state"] == ProposalStatus.CHANGES_REQUESTED:
        task_state.reject(user=editor, comment=item["comment"])
    else:
        task_state.approve(user=editor, comment=item["comment"])
