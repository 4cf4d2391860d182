"""Issue 3, points 8-11: alerts, contacts, data rights (export, erasure), everything counted."""

import json

from bot.interactions import KINDS


async def onboard(person, region_label="Bretagne", alerts="Oui, préviens-moi"):
    await person.send("/start")
    await person.press(region_label)
    await person.press(alerts)


async def test_alerts_on_off_and_branch_filter(bot, db):
    lina = bot.person(1001, "Lina")
    await onboard(lina, alerts="Non merci")
    await lina.send("/alertes")
    assert "désactivé" in lina.last.plain
    await lina.press("Activer")
    assert "Bretagne" in lina.last.plain and "toutes les branches" in lina.last.plain
    await lina.press("Choisir les branches")
    await lina.press("Optique")
    await lina.press("Jardineries")
    await lina.press("C'est bon")
    assert "seulement pour : Optique, Jardineries" in lina.last.plain
    rows = await db.fetchall("SELECT branch_id FROM user_branches WHERE chat_id = 1001 AND kind = 'alert' ORDER BY branch_id")
    assert [r[0] for r in rows] == ["jardineries", "optique"]
    await lina.press("Choisir les branches")
    await lina.press("Toutes les branches")
    assert "toutes les branches" in lina.last.plain
    await lina.press("Désactiver")
    row = await db.fetchone("SELECT alerts_enabled FROM users WHERE chat_id = 1001")
    assert row[0] == 0
    filters = [r[0] for r in await db.fetchall("SELECT key FROM interactions WHERE kind = 'alert_filter' ORDER BY id")]
    assert filters == ["optique", "jardineries,optique", ""]
    kinds = [r[0] for r in await db.fetchall("SELECT kind FROM interactions WHERE kind LIKE 'alerts_%' ORDER BY id")]
    assert kinds == ["alerts_off", "alerts_on", "alerts_off"]


async def test_alerts_without_region_offer_to_set_it(bot):
    sam = bot.person(1002, "Sam")
    await sam.send("/alertes")
    await sam.press("Activer")
    assert "/region" in sam.last.plain
    await sam.press("Indiquer ma région")
    await sam.send("69003")
    assert "Auvergne-Rhône-Alpes" in sam.last.plain


async def test_contact_shows_both_networks_and_says_they_are_examples(bot, db):
    lina = bot.person(1001, "Lina")
    await onboard(lina)
    await lina.send("/contact")
    text = lina.last.plain
    assert "ARML Bretagne" in text and "Opcommerce" in text
    assert "exemples" in text
    assert "Mission Locale" in text
    assert lina.find_button("Trouver ma Mission Locale")[1]["url"].startswith("https://")
    assert await db.scalar("SELECT key FROM interactions WHERE kind = 'contact_view'") == "53"
    sam = bot.person(1002, "Sam")
    await sam.send("/menu")
    await sam.press("Parler à quelqu'un")
    assert "Indique ta région" in sam.last.plain


async def test_my_data_text_and_json(bot, db):
    lina = bot.person(1001, "Lina", username="lina_b")
    await onboard(lina)
    await lina.send("/start metier_opticien-lunetier")
    await lina.press("Ça m'intéresse")
    await lina.send("/quiz")
    while "question" in lina.last.plain:
        await lina.press(lina.last.labels[0])
    answers = await lina.send("/mesdonnees")
    text, document = answers[0].plain, answers[1].document
    assert "Lina" in text and "Bretagne" in text and "Opticien-lunetier" in text and "activées" in text
    assert "anonymes" in text
    assert document["file_name"].endswith(".json")
    data = json.loads(bot.api.files[document["file_id"]])
    assert data["profil"]["identifiant_telegram"] == 1001 and data["profil"]["code_region"] == "53"
    assert data["profil"]["region"] == "Bretagne" and data["profil"]["prenom"] == "Lina"
    assert data["favoris"][0]["metier"] == "opticien-lunetier"
    assert len(data["quiz"]["metiers_proposes"]) == 3
    # the quiz answers as the text of the answers (issue 13), every key in French
    assert all(isinstance(a["reponse"], str) and a["question"] for a in data["quiz"]["reponses"])
    assert data["quiz"]["reponses"][0]["reponse"] == bot.ctx.quiz.questions[0].answers[0].label
    english = {"chat_id", "first_name", "username", "answers", "top_jobs", "tags", "finished_at", "title", "starts_at"}
    assert not english & set(data["profil"]) and not english & set(data["quiz"])
    assert data["alertes"]["actives"] is True
    assert data["inscriptions"] == []
    assert await db.scalar("SELECT COUNT(*) FROM interactions WHERE kind = 'data_export'") == 1


async def test_my_data_includes_event_registrations(bot, db, clock):
    lina = bot.person(1001, "Lina")
    await lina.send("/start")
    now = clock.timestamp()
    event_id = await db.execute(
        "INSERT INTO events(type, title, starts_at, ends_at, scope, source, created_at, updated_at)"
        " VALUES ('forum', 'Forum des métiers', ?, ?, 'online', 'demo', ?, ?)",
        (now + 86400, now + 90000, now, now),
    )
    await db.execute("INSERT INTO registrations(event_id, chat_id, status, created_at) VALUES (?, 1001, 'registered', ?)", (event_id, now))
    answers = await lina.send("/mesdonnees")
    assert "Forum des métiers" in answers[0].plain
    data = json.loads(bot.api.files[answers[1].document["file_id"]])
    assert data["inscriptions"][0]["action"] == "Forum des métiers" and data["inscriptions"][0]["statut"] == "inscrit·e"


async def test_forget_asks_then_erases_every_row_naming_the_person(bot, db, clock):
    lina = bot.person(4242424242, "Lina", username="lina_secret")
    await onboard(lina)
    await lina.send("/start metier_opticien-lunetier")
    await lina.press("Ça m'intéresse")
    await lina.send("/alertes")
    await lina.press("Choisir les branches")
    await lina.press("Optique")
    await lina.send("/quiz")
    while "question" in lina.last.plain:
        await lina.press(lina.last.labels[0])
    now = clock.timestamp()
    event_id = await db.execute(
        "INSERT INTO events(type, title, starts_at, ends_at, scope, source, created_at, updated_at)"
        " VALUES ('forum', 'Forum', ?, ?, 'online', 'demo', ?, ?)",
        (now + 86400, now + 90000, now, now),
    )
    await db.execute("INSERT INTO registrations(event_id, chat_id, status, created_at) VALUES (?, ?, 'registered', ?)", (event_id, lina.id, now))

    await lina.send("/oubli")
    assert "Tout effacer ?" in lina.last.plain
    await lina.press("Non, je garde tout")
    assert await db.scalar("SELECT COUNT(*) FROM users WHERE chat_id = ?", (lina.id,)) == 1
    await lina.send("/oubli")
    await lina.press("Oui, tout effacer")
    assert "effacé" in lina.last.plain and "totaux qui ne citent personne" in lina.last.plain

    tables = await db.table_names()
    for table in tables:
        for row in await db.fetchall(f"SELECT * FROM {table}"):  # noqa: S608 (table names from table_names())
            values = " ".join(str(v) for v in tuple(row))
            assert str(lina.id) not in values and "lina_secret" not in values, (table, tuple(row))
    assert await db.scalar("SELECT n FROM stats_kinds WHERE kind = 'data_erase'") == 1
    assert await db.scalar("SELECT SUM(n) FROM stats_kinds") > 5  # counts naming nobody stay


async def test_every_recorded_kind_is_catalogued(bot, db):
    lina = bot.person(1001, "Lina")
    await onboard(lina)
    for text in ("/metiers", "vendeuse", "zzzqqq", "/contact", "/favoris", "/quiz"):
        await lina.send(text)
    await lina.send(sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False})
    kinds = {r[0] for r in await db.fetchall("SELECT DISTINCT kind FROM interactions")}
    assert kinds <= KINDS
    assert {"start", "region_set", "alerts_on", "search", "search_unmet", "contact_view", "quiz_start", "unrecognised"} <= kinds
