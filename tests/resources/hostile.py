"""An import file full of hostile rich text, for every kind of resource the
importer writes, and the check that none of it reached a page.

Every payload writes to `window.__pwned` (or names "pwned"), so a page that
never contains "pwned" cannot run any of them.
"""

HOSTILE_HTML = (
    "<p>Texte sûr<script>window.__pwned = 1</script></p>"
    '<p><img src="x" onerror="window.__pwned = 2"> '
    '<a href="javascript:window.__pwned = 3">lien piégé</a> '
    '<a href=" JaVaScRiPt:window.__pwned = 4">lien masqué</a> '
    '<a href="data:text/html,<script>window.__pwned = 5</script>">données</a> '
    '<b onmouseover="window.__pwned = 6">gras</b> '
    '<a href="https://www.example.org/ok" onclick="window.__pwned = 7">bon lien</a></p>'
    '<iframe src="https://evil.example/pwned"></iframe>'
    "<svg onload=\"window.__pwned = 8\"><circle r='1'/></svg>"
    "<style>body { background: url('javascript:pwned') }</style>"
    "<h2>Titre hors liste</h2><p>Fin <i>non fermée"
)
#: What a page may never contain once the payloads are neutralised.
PAYLOAD_MARKERS = ("pwned", "onerror", "onmouseover", "onload=", "javascript:", "data:text/html")
SAFE_TEXT = "Texte sûr"


def assert_no_payload(html):
    found = [marker for marker in PAYLOAD_MARKERS if marker in html.lower()]
    assert not found, f"payload markers in the page: {found}"


def hostile_import():
    """One resource of every kind (and a person, a topic), every rich text
    field and rich text block hostile; plain text is harmless."""
    return {
        "version": 1,
        "topics": [{"slug": "piege", "name": "Piège", "description": "Un thème."}],
        "people": [
            {
                "key": "eve",
                "first_name": "Ève",
                "last_name": "Malveillante",
                "role": "Testeuse",
                "bio": HOSTILE_HTML,
            }
        ],
        "resources": [
            {
                "kind": "guide",
                "key": "hostile-guide",
                "language": "fr",
                "title": "Guide piégé",
                "summary": "Un guide au texte enrichi hostile.",
                "topics": ["piege"],
                "author": "eve",
                "body": [
                    {"type": "step", "title": "Étape", "text": HOSTILE_HTML},
                    {"type": "paragraph", "value": HOSTILE_HTML},
                    {"type": "legal_note", "subject": "privacy", "text": HOSTILE_HTML},
                    {"type": "callout", "kind": "tip", "title": "Astuce", "text": HOSTILE_HTML},
                    {"type": "checklist", "title": "Liste", "items": ["Un", "Deux"]},
                    {"type": "do_dont", "dos": ["Faire"], "donts": ["Éviter"]},
                    {"type": "quote", "text": "Une citation.", "attribution": "Ève"},
                ],
            },
            {
                "kind": "talk",
                "key": "hostile-talk",
                "language": "fr",
                "title": "Intervention piégée",
                "summary": "Une intervention au texte enrichi hostile.",
                "speakers": ["eve"],
                "date": "2025-10-16",
                "career_path": HOSTILE_HTML,
                "organisation": HOSTILE_HTML,
                "advice": HOSTILE_HTML,
                "questions": [{"question": "Une question ?", "answer": HOSTILE_HTML}],
                "key_takeaways": ["Vigilance"],
            },
            {
                "kind": "job_profile",
                "key": "hostile-profile",
                "language": "fr",
                "title": "Fiche de poste piégée",
                "summary": "Une fiche au texte enrichi hostile.",
                "missions": ["Animer les communautés"],
                "career_path": HOSTILE_HTML,
                "related_profiles": [],
            },
            {
                "kind": "case_study",
                "key": "hostile-case",
                "language": "fr",
                "title": "Retour d'expérience piégé",
                "summary": "Un cas au texte enrichi hostile.",
                "case_kind": "crisis",
                "context": HOSTILE_HTML,
                "lessons": HOSTILE_HTML,
                "timeline": [{"date": "2025-09-01", "title": "Début", "description": "Détails."}],
                "results": [{"label": "Lectures", "value": 12, "unit": "lectures"}],
            },
        ],
    }
