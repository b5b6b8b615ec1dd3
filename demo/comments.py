"""Demo discussions: threads with replies at every level, in French and
English, on a few resources and an event, and one comment flagged by a
member, waiting in the moderation queue.

``load_comments()`` is idempotent: a comment is identified by its page,
author and text, and is created only once.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from events.models import EventPage
from resources.models import CaseStudyPage, GuidePage, TalkPage

#: Extra comment authors, members of the Members group (no password: they
#: exist to give the discussions several voices).
AUTHORS = {
    "sophie": ("sophie.tremblay@cmhub.example", "Sophie", "Tremblay"),
    "julien": ("julien.moreau@cmhub.example", "Julien", "Moreau"),
    "promo": ("growth.hacker@cmhub.example", "Max", "Promo"),
}
DEMO_MEMBER = "membre@cmhub.example"
DEMO_MODERATOR = "moderateur@cmhub.example"
DEMO_EDITOR = "editrice@cmhub.example"

#: (page model, language, position among the live pages of that model and
#: language, thread). A thread is a list of (author, text, replies).
DISCUSSIONS = [
    (
        GuidePage,
        "fr",
        0,
        [
            (
                DEMO_MEMBER,
                "Merci pour cette fiche ! Est-ce que quelqu'un a testé la programmation "
                "des publications depuis Meta Business Suite pour la rentrée ?",
                [
                    (
                        "julien",
                        "Oui, chez nous ça marche bien pour Instagram. Attention aux "
                        "carrousels : le recadrage n'est pas toujours respecté.",
                        [
                            (
                                DEMO_MEMBER,
                                "Bon à savoir, je vais vérifier mes visuels avant de "
                                "programmer. Merci Julien !",
                                [],
                            ),
                        ],
                    ),
                    (
                        DEMO_MODERATOR,
                        "La doc officielle est ici : "
                        "https://www.facebook.com/business/help/ (rubrique planification).",
                        [],
                    ),
                ],
            ),
            (
                "sophie",
                "Au Québec on ajoute systématiquement une version anglaise courte en "
                "fin de publication. Vous faites comment pour le bilinguisme ?",
                [],
            ),
            (
                "promo",
                "Gagnez 10 000 abonnés en 24 h !!! Cliquez sur https://example.com/promo",
                [],
            ),
        ],
    ),
    (
        TalkPage,
        "en",
        0,
        [
            (
                "sophie",
                "Great talk. The part about answering negative comments within the hour "
                "changed how our team organises the on-call rota.",
                [
                    (
                        DEMO_EDITOR,
                        "Thanks Sophie! We are preparing a guide on that rota, stay tuned.",
                        [
                            (
                                "sophie",
                                "Happy to share our template if it helps.",
                                [],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    ),
    (
        CaseStudyPage,
        "fr",
        0,
        [
            (
                "julien",
                "Très beau retour d'expérience. Quel budget publicitaire pour la campagne ?",
                [
                    (
                        DEMO_MEMBER,
                        "Je crois qu'ils ont tout fait en organique, c'est ce qui rend le "
                        "cas intéressant.",
                        [],
                    ),
                ],
            ),
        ],
    ),
    (
        EventPage,
        "fr",
        0,
        [
            (
                DEMO_MEMBER,
                "Est-ce que l'atelier sera enregistré pour celles et ceux qui ne "
                "peuvent pas venir ?",
                [
                    (
                        DEMO_MODERATOR,
                        "Oui, l'enregistrement sera partagé aux inscrits la semaine suivante.",
                        [],
                    ),
                ],
            ),
        ],
    ),
]

#: (author of the flagged comment, start of its text, member who flagged it)
FLAGGED = ("promo", "Gagnez 10 000 abonnés", DEMO_MEMBER)


def _authors():
    User = get_user_model()
    members = Group.objects.filter(name="Members")
    emails = [DEMO_MEMBER, DEMO_MODERATOR, DEMO_EDITOR] + [item[0] for item in AUTHORS.values()]
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    for key, (email, first_name, last_name) in AUTHORS.items():
        user = users.get(email)
        if user is None:
            user = User.objects.create_user(
                username=email,
                email=email,
                password=None,
                first_name=first_name,
                last_name=last_name,
            )
            user.groups.set(members)
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        users[key] = user
    return users


def _page(model, language, position):
    pages = model.objects.live().filter(locale__language_code=language).order_by("path")
    return pages[position : position + 1].first()


def _comment(page, user, text, parent=None):
    content_type = ContentType.objects.get_for_model(page)
    existing = XtdComment.norel_objects.filter(
        content_type=content_type, object_pk=str(page.pk), user=user, comment=text
    ).first()
    if existing:
        return existing, False
    comment = XtdComment(
        content_type=content_type,
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=user.get_full_name() or user.get_username(),
        user_email=user.email,
        comment=text,
        parent_id=parent.pk if parent else 0,
        followup=True,
    )
    comment.save()  # xtd fills thread_id, level and order
    return comment, True


def load_comments():
    """Create the demo discussions; return a one-line summary."""
    users = _authors()
    created = 0
    pages = 0

    def add(page, items, parent=None):
        nonlocal created
        for author, text, replies in items:
            comment, new = _comment(page, users[author], text, parent)
            created += new
            add(page, replies, comment)

    for model, language, position, thread in DISCUSSIONS:
        page = _page(model, language, position)
        if page is None:
            continue
        pages += 1
        add(page, thread)

    author, start, flagger = FLAGGED
    flagged = XtdComment.norel_objects.filter(user=users[author], comment__startswith=start).first()
    if flagged is not None:
        CommentFlag.objects.get_or_create(
            comment=flagged, user=users[flagger], flag=CommentFlag.SUGGEST_REMOVAL
        )
    return f"{created} new comments on {pages} pages, one flagged for moderation"
