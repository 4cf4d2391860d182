"""Issue 13 §1: what young people really write leads to the right screen before any job search."""

import logging
import shutil
from pathlib import Path

import pytest

from bot.catalogue.loader import read_content
from tests.test_journey_account import onboard

ROOT = Path(__file__).resolve().parent.parent

#: (what a young person writes, the intent it must reach). Intent ids are those of content/intentions.yaml.
PHRASINGS = [
    # talk to a person
    ("je veux parler a ma conseillere", "contact"),
    ("parler a un humain", "contact"),
    ("Je voudrais parler à quelqu'un svp", "contact"),
    ("c'est quoi la mission locale", "contact"),
    ("comment je contacte mon conseiller", "contact"),
    ("jveux voir ma conseilère", "contact"),
    ("je peux avoir un rdv avec ma referente", "contact"),
    # stop
    ("stop", "arret"),
    ("STOP", "arret"),
    ("arrête de m'envoyer des messages", "arret"),
    ("je veux plus recevoir de notifs", "arret"),
    ("desabonner", "arret"),
    ("comment on desactive les alertes", "arret"),
    # help
    ("aide", "aide"),
    ("help", "aide"),
    ("tu sers a quoi", "aide"),
    ("c koi ce bot", "aide"),
    ("j'ai pas compris", "aide"),
    ("menu", "menu"),
    # the bot's own features, typed without their command
    ("quiz", "quiz"),
    ("Le quizz", "quiz"),
    ("je veux faire le quiz", "quiz"),
    ("favoris", "favoris"),
    ("mes favoris", "favoris"),
    ("evenements", "evenements"),
    ("les événements", "evenements"),
    ("mes inscriptions", "inscriptions"),
    ("alertes", "alertes"),
    ("mes alertes", "alertes"),
    # alternance
    ("alternance", "alternance"),
    ("c koi l'alternance", "alternance"),
    ("je cherche une alternence", "alternance"),
    ("apprentissage", "alternance"),
    ("je veux etre apprentie", "alternance"),
    ("contrat pro c'est quoi", "alternance"),
    ("contrat de professionnalisation", "alternance"),
    # stage
    ("je cherche un stage", "stage"),
    ("stage de 3eme", "stage"),
    ("un stage d'observation", "stage"),
    ("jcherche un stage ds un magasin", "stage"),
    # CV, letter, interview
    ("cv", "cv"),
    ("comment faire mon CV", "cv"),
    ("aide pour ma lettre de motivation", "cv"),
    ("j'ai un entretien d'embauche demain", "cv"),
    ("comment postuler", "cv"),
    # pay
    ("c quoi le salaire", "salaire"),
    ("combien on gagne", "salaire"),
    ("ca paye combien vendeuse", "salaire"),
    ("c koi la paye d'un caissier", "salaire"),
    ("le smic c'est combien", "salaire"),
    ("je veux gagner des sous", "salaire"),
    # without a diploma
    ("j'ai pas le bac", "sans_diplome"),
    ("sans diplome", "sans_diplome"),
    ("jai pas de diplome", "sans_diplome"),
    ("j'ai raté mon bac", "sans_diplome"),
    ("j'ai arrêté l'école", "sans_diplome"),
    # job offers
    ("offre d'emploi", "offres"),
    ("je cherche du travail", "offres"),
    ("je cherche un taf", "offres"),
    ("jcherche un job", "offres"),
    ("qui recrute", "offres"),
    # undecided
    ("jsp", "indecis"),
    ("je sais pas", "indecis"),
    ("je sais pas quoi faire plus tard", "indecis"),
    ("aucune idée", "indecis"),
    # small talk
    ("slt", "bonjour"),
    ("bonjour", "bonjour"),
    ("salut ça va ?", "bonjour"),
    ("wesh", "bonjour"),
    ("mrc", "merci"),
    ("merci beaucoup !", "merci"),
    ("super", "merci"),
    ("bonne soirée", "au_revoir"),
    ("a+", "au_revoir"),
    ("ok", "bavardage"),
    ("mdr", "bavardage"),
    # shops and brands
    ("decathlon", "enseigne-sport"),
    ("je veux bosser chez Décathlon", "enseigne-sport"),
    ("zara", "enseigne-vetements"),
    ("carrefour", "enseigne-supermarches"),
    ("leroy merlin", "enseigne-bricolage"),
    ("Jardiland", "enseigne-jardineries"),
    ("ikea", "enseigne-ameublement"),
    ("darty", "enseigne-electromenager"),
    ("afflelou", "enseigne-optique"),
]

#: Distress: a kind answer with the national numbers at once.
DISTRESS = [
    "je veux mourir",
    "jveux mourir",
    "j'ai envie de mourir",
    "je suis triste",
    "jpp de ma vie",
    "je me fais harceler au lycée",
    "des fois je pense au suicide",
    "bah en fait je sais pas trop, je me sens nulle et j'ai des idées noires depuis longtemps",
]

#: A marker of each screen in the answer.
MARKERS = {
    "contact": "Parler à quelqu'un", "arret": "🔕", "aide": "À quoi je sers", "menu": "Menu", "alternance": "L'alternance",
    "stage": "Trouver un stage", "cv": "CV, lettre", "salaire": "Combien on gagne", "sans_diplome": "Sans diplôme",
    "offres": "Trouver du travail", "indecis": "Pas encore d'idée", "bonjour": "Salut", "merci": "Avec plaisir",
    "au_revoir": "À bientôt", "bavardage": "Je suis là", "quiz": "question 1/", "favoris": "favoris",
    "evenements": "Actions près de chez toi", "inscriptions": "Mes inscriptions", "alertes": "Tes alertes",
}


def test_the_table_is_big_enough():
    assert len(PHRASINGS) + len(DISTRESS) >= 60


async def test_each_phrasing_reaches_its_intent(bot, db, catalogue):
    lina = bot.person(1301, "Lina")
    await onboard(lina)
    screens = {i.id: (i.screen, i.branch) for i in catalogue.intents.intents}
    wrong = []
    for text, expected in PHRASINGS:
        before = await db.scalar("SELECT COALESCE(MAX(id), 0) FROM interactions")
        await lina.send(text)
        rows = await db.fetchall("SELECT kind, key FROM interactions WHERE id > ? AND kind IN ('intent', 'search', 'search_unmet', 'unrecognised')", (before,))
        got = [(r["kind"], r["key"]) for r in rows]
        screen, branch = screens[expected]
        marker = catalogue.branch(branch).nom if screen == "branche" else MARKERS[screen]
        if got != [("intent", expected)] or marker not in lina.last.plain:
            wrong.append((text, expected, got, lina.last.plain[:60]))
    assert not wrong, wrong


async def test_distress_gets_the_numbers_at_once_and_is_never_kept(bot, db, caplog):
    caplog.set_level(logging.DEBUG)
    sam = bot.person(1302, "Sam")
    await onboard(sam)
    before = await db.scalar("SELECT COUNT(*) FROM interactions")
    for text in DISTRESS:
        answers = await sam.send(text)
        assert len(answers) == 1, text
        plain = answers[0].plain
        assert all(number in plain for number in ("3114", "119", "112")), (text, plain)
        assert "💬 Parler à quelqu'un de ma Mission Locale" in answers[0].labels
    # nothing was counted, not even the intent's name, and the words are in no log line
    assert await db.scalar("SELECT COUNT(*) FROM interactions") == before
    for text in DISTRESS:
        assert not any(text in record.getMessage() for record in caplog.records)
    rows = await db.fetchall("SELECT key FROM interactions WHERE key LIKE '%mourir%' OR key LIKE '%triste%' OR key = 'detresse'")
    assert rows == []


async def test_stop_offers_to_cut_alerts_in_one_tap_never_silently(bot, db):
    lina = bot.person(1303, "Lina")
    await onboard(lina)  # alerts on
    await lina.send("stop")
    assert "🔕 Couper les alertes" in lina.last.labels
    assert await db.scalar("SELECT alerts_enabled FROM users WHERE chat_id = 1303") == 1  # nothing changed yet
    await lina.press("🔕 Couper les alertes")
    assert await db.scalar("SELECT alerts_enabled FROM users WHERE chat_id = 1303") == 0
    await lina.send("stop")
    assert "déjà coupées" in lina.last.plain and "📅 Mes inscriptions" in lina.last.labels


async def test_talk_to_a_person_opens_the_contact_screen(bot):
    lina = bot.person(1304, "Lina")
    await onboard(lina)
    await lina.send("je veux parler a ma conseillere")
    assert "Trouver ma Mission Locale" in " ".join(lina.last.labels)
    assert "Téléconseiller" not in lina.last.plain


async def test_alternance_pay_rule_comes_from_the_content(bot, catalogue):
    lina = bot.person(1305, "Lina")
    await onboard(lina)
    await lina.send("c koi l'alternance")
    plain = lina.last.plain
    rule = catalogue.alternance.apprentissage
    assert "de 16 à 29 ans" in plain
    for row in rule.baremes:
        assert row.age in plain and f"{row.parts[0]} % la 1re année" in plain
    assert "D6222-26" in plain


async def test_pay_with_a_job_lists_that_job(bot, catalogue):
    lina = bot.person(1306, "Lina")
    await onboard(lina)
    await lina.send("c quoi le salaire d'une vendeuse en sport")
    assert any("Vendeur·se" in label and "sport" in label.lower() for label in lina.last.labels), lina.last.labels
    assert "En début de carrière" in lina.last.plain and "net par mois" in lina.last.plain
    await lina.press("🎓 L'alternance et son salaire")
    assert "L'alternance" in lina.last.plain


async def test_without_diploma_lists_jobs_open_without_one(bot, catalogue):
    lina = bot.person(1307, "Lina")
    await onboard(lina)
    await lina.send("j'ai pas le bac")
    titles = {lab for lab in lina.last.labels}
    open_jobs = [j for j in catalogue.jobs.values() if j.sans_diplome]
    shown = [j for j in open_jobs if any(j.titre.court and j.titre.court in t for t in titles) or any(j.titre.masculin[:10] in t for t in titles)]
    assert len(shown) >= 3, titles


async def test_a_brand_leads_to_its_branch(bot, catalogue):
    lina = bot.person(1308, "Lina")
    await onboard(lina)
    await lina.send("decathlon")
    assert catalogue.branch("sports-loisirs").nom in lina.last.plain


@pytest.mark.parametrize(
    "text, region",
    [("Marseille", "Provence-Alpes-Côte d'Azur"), ("PACA", "Provence-Alpes-Côte d'Azur"), ("IDF", "Île-de-France"),
     ("la Réunion", "La Réunion"), ("j'habite à Lyon", "Auvergne-Rhône-Alpes"), ("st etienne", "Auvergne-Rhône-Alpes"),
     ("Sainte-Maxime", "Provence-Alpes-Côte d'Azur")],
)
async def test_a_place_answers_the_region_question(bot, db, text, region):
    lina = bot.person(1309, "Lina")
    await onboard(lina)  # Bretagne
    await lina.send(text)
    assert f"C'est noté : {region}" in lina.last.plain
    code = await db.scalar("SELECT region FROM users WHERE chat_id = 1309")
    assert bot.ctx.catalogue.regions.name(code) == region


async def test_a_city_in_several_regions_asks_which_one(bot, db):
    lina = bot.person(1310, "Lina")
    await onboard(lina)
    await lina.send("Saint-Denis")
    assert "plusieurs endroits" in lina.last.plain
    await lina.press("Seine-Saint-Denis (Île-de-France)")
    assert tuple(await db.fetchone("SELECT region, departement FROM users WHERE chat_id = 1310")) == ("11", "93")


async def test_a_long_message_finds_the_catalogue_words(bot):
    lina = bot.person(1311, "Lina")
    await onboard(lina)
    story = ("bah moi j'aime bien les animaux et le sport mais je sais pas trop ce que je veux faire, "
             "au lycée ça se passe moyen et mes parents me disent de chercher quelque chose, ") * 3
    await lina.send(story)
    labels = " ".join(lina.last.labels).lower()
    assert "animalerie" in labels and "sport" in labels


async def test_an_unmet_search_is_never_a_dead_end(bot):
    lina = bot.person(1312, "Lina")
    await onboard(lina)
    await lina.send("astronaute")
    assert {"🎯 Faire le quiz", "🧭 Découvrir les métiers", "💬 Parler à quelqu'un"} <= set(lina.last.labels)


async def test_explicit_search_command_is_still_a_search(bot):
    lina = bot.person(1313, "Lina")
    await onboard(lina)
    await lina.send("/recherche vendeuse sport")
    assert any("sport" in label.lower() for label in lina.last.labels)


@pytest.fixture
def broken(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda t: t.replace("ecran: detresse", "ecran: nulle-part", 1), "intentions[0].ecran"),
        (lambda t: t.replace("branche: sports-loisirs", "branche: piscine", 1), ".branche"),
        (lambda t: t.replace("  - id: arret", "  - id: detresse", 1), "intentions[1].id"),
    ],
)
def test_intent_catalogue_errors_name_file_and_field(broken, change, field):
    path = broken / "intentions.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    problems = [str(p) for p in read_content(broken).problems]
    assert problems and all("intentions.yaml" in p for p in problems), problems
    assert any(field in p for p in problems), problems


def test_communes_errors_name_the_line(tmp_path):
    from bot.catalogue.communes import PATH, read_communes

    copy = tmp_path / "communes.tsv"
    copy.write_text(PATH.read_text(encoding="utf-8") + "99999\tATLANTIDE\t99999\t999\nune ligne sans tabulation\n", encoding="utf-8")
    issues: list = []
    found = read_communes(copy, {"13", "93"}, issues)
    assert found["marseille"] == ("13",) and found["saint denis"] == ("93",)
    lines = len(PATH.read_text(encoding="utf-8").splitlines())
    assert (lines + 1, "departement", "département inconnu « 999 » (absent de regions.yaml)") in issues
    assert any(line == lines + 2 and field == "nom" for line, field, _ in issues)


# --- issue 13 §2: every job card leads somewhere ---

@pytest.mark.parametrize("job_id", ["vendeur-habillement", "hote-caisse-alimentaire", "vendeur-sport"])
@pytest.mark.parametrize("departement", ["59", "2A"])
def test_next_step_urls_for_three_jobs_and_two_places(catalogue, job_id, departement):
    from bot.catalogue.links import next_steps

    job = catalogue.job(job_id)
    rome = next(r.code for r in job.rome if r.verifie)
    urls = {link.label: link.url for link in next_steps(catalogue.links, job, departement)}
    assert urls["🔎 Offres d'emploi près de chez moi"] == (
        f"https://candidat.francetravail.fr/offres/recherche?motsCles={rome}&lieux={departement}D&offresPartenaires=true")
    assert urls["🎓 Offres en alternance près de chez moi"].endswith(f"motsCles={rome}&lieux={departement}D&natureOffre=E2%2CFS&offresPartenaires=true")
    assert urls["🏫 Formations (La bonne alternance)"].startswith(f"https://labonnealternance.apprentissage.beta.gouv.fr/recherche?romes={rome}&job_name=")
    assert urls["📘 La fiche métier de l'Onisep"].startswith("https://www.onisep.fr/recherche?context=metier&text=")
    assert all(" " not in url and "é" not in url for url in urls.values())


def test_no_link_without_a_verified_rome_code_and_no_place_without_a_departement(catalogue):
    from bot.catalogue.links import next_steps

    job = catalogue.job("vendeur-sport")
    unverified = job.model_copy(update={"rome": [r.model_copy(update={"verifie": False}) for r in job.rome]})
    assert next_steps(catalogue.links, unverified, "59") == []
    assert all("lieux=" not in link.url for link in next_steps(catalogue.links, job, None))


async def test_the_short_card_comes_first_with_links_for_my_departement(bot, catalogue):
    lina = bot.person(1320, "Lina")
    await lina.send("/start")
    await lina.send("59000")
    await lina.press("Non merci")
    await lina.send("/start metier_vendeur-sport")
    card = lina.last
    assert len(card.plain) < 1200 and "Le salaire" in card.plain and "Au quotidien" in card.plain and "Pour y entrer" in card.plain
    url = next(b["url"] for b in card.buttons if b["text"] == "🔎 Offres d'emploi près de chez moi")
    assert "lieux=59D" in url and "motsCles=D1211" in url
    assert "📅 Voir les actions liées à ce métier" in card.labels
    await lina.press("📖 En savoir plus")
    assert "Comment y entrer" in lina.last.plain and "📖 En savoir plus" not in lina.last.labels


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda t: t.replace("https://candidat.francetravail.fr/offres/recherche?motsCles={rome}&lieux", "http://x/?{code}&lieux", 1), "liens[0].url"),
        (lambda t: t.replace("motsCles={rome}&offresPartenaires", "motsCles={rome}&lieux={departement}&offresPartenaires", 1), "liens[0].url_sans_lieu"),
    ],
)
def test_link_templates_are_validated(broken, change, field):
    path = broken / "liens.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    problems = [str(p) for p in read_content(broken).problems]
    assert problems and all("liens.yaml" in p for p in problems) and any(field in p for p in problems), problems


async def test_au_secours_alone_gets_the_numbers_first_and_the_help_and_is_never_kept(bot, db):
    """« au secours » may be distress or trouble with the bot: both answers, the numbers first, nothing counted."""
    sam = bot.person(1320, "Sam")
    await onboard(sam)
    before = await db.scalar("SELECT COUNT(*) FROM interactions")
    for text in ("au secours", "Au secours !", "à l'aide", "SOS"):
        answers = await sam.send(text)
        plain = answers[-1].plain
        assert all(number in plain for number in ("3114", "119", "112")), (text, plain)
        assert plain.index("3114") < plain.index("Ce que je sais faire"), text
    assert await db.scalar("SELECT COUNT(*) FROM interactions") == before
    await sam.press("❓ Ce que je sais faire")
    assert "À quoi je sers" in sam.last.plain
    await sam.send("aide")  # the plain word still opens the help alone
    assert "À quoi je sers" in sam.last.plain and "3114" not in sam.last.plain
