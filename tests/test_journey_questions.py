"""Issue 14 §2: a young person writes to an advisor; two advisors, one takes it; the thread both ways;
another region never sees it; no id or username reaches advisors; /oubli; escalation; safety."""

from __future__ import annotations

import datetime as dt
import json

from bot import callbacks, roles
from handlers import questions as question_handlers
from tests.advisors_helpers import make_advisor
from tests.robustness_helpers import rows_holding

LINA, USERNAME = 6_100_200_300, "lina_secret"
QUESTION = "Bonjour, est-ce qu'on peut devenir opticienne sans le bac ?"


async def young_in_lille(bot, chat_id=LINA, name="Lina", username=USERNAME):
    person = bot.person(chat_id, name, username)
    await person.send("/start")
    await person.send("59000")
    await person.press("Oui, préviens-moi")
    return person


async def ask_from_job_card(person, text=QUESTION, share_name=True):
    await person.send("/start metier_opticien-lunetier")
    await person.press("Écrire à un conseiller")
    await person.send(text)
    if share_name:
        await person.press("Montrer mon prénom")
    await person.press("Envoyer")


def everything_seen_by(bot, chat_id) -> str:
    return "\n".join(m.text for m in bot.person(chat_id).messages())


async def test_question_from_a_job_card_taken_by_one_advisor_answered_and_closed(bot, db):
    samir, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    awa, _ = await make_advisor(bot, 2002, "32", "Mission Locale de Roubaix", "Awa")
    paris, _ = await make_advisor(bot, 2003, "11", "Mission Locale de Paris", "Hugo")
    lina = await young_in_lille(bot)

    await lina.send("/start metier_opticien-lunetier")
    await lina.press("Écrire à un conseiller")
    assert "Opticien" in lina.last.plain and "de ta région (Hauts-de-France)" in lina.last.plain
    assert "du lundi au vendredi, de 9 h à 17 h" in lina.last.plain
    await lina.send(QUESTION)
    assert QUESTION in lina.last.plain and "Prénom montré au conseiller : non" in lina.last.plain
    await lina.press("Montrer mon prénom")
    assert "oui (Lina)" in lina.last.plain
    await lina.press("Envoyer")
    assert "Question envoyée" in lina.last.plain
    question_id = await db.scalar("SELECT id FROM questions WHERE chat_id = ?", (LINA,))

    for advisor in (samir, awa):
        assert QUESTION in advisor.last.plain and "Lina" in advisor.last.plain and "Opticien" in advisor.last.plain
        assert "Je m'en occupe" in advisor.last.labels[0]
    assert QUESTION not in everything_seen_by(bot, 2003)  # another region never sees it

    await samir.press("Je m'en occupe")
    assert "Écrivez votre réponse" in samir.last.plain
    assert "Prise en charge par Samir" in awa.last.plain and not awa.last.labels  # the others see who took it
    await awa.press_data(callbacks.make("qtake", question_id))
    assert "Trop tard" in awa.last.plain and "Samir" in awa.last.plain

    await samir.send("Bonjour Lina, oui : le CAP optique se prépare après la 3e.")
    answer = lina.last.plain
    assert "le CAP optique" in answer and "Samir, Mission Locale de Lille" in answer
    await lina.press("Répondre")
    await lina.send("Merci ! Et en alternance ?")
    assert "Merci ! Et en alternance ?" in samir.last.plain
    await samir.press("Répondre")
    await samir.send("Oui, c'est possible en alternance.")
    assert "c'est possible en alternance" in lina.last.plain
    await lina.press("C'est réglé")
    assert "Échange clos" in lina.last.plain
    assert "a clos l'échange" in samir.last.plain

    await samir.send("/questions")
    assert "Closes (30 derniers jours) : 1" in samir.last.plain
    await paris.send("/questions")
    assert "n°" not in paris.last.plain
    # nothing in the advisors' messages reveals her Telegram id or username
    for advisor_id in (2001, 2002, 2003):
        seen = everything_seen_by(bot, advisor_id)
        assert str(LINA) not in seen and USERNAME not in seen
    row = await db.fetchone("SELECT status, closed_by, first_answer_at - created_at FROM questions WHERE id = ?", (question_id,))
    assert tuple(row) == ("closed", "young", 0)


async def test_without_name_sharing_advisors_see_no_first_name(bot):
    samir, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    lina = await young_in_lille(bot)
    await ask_from_job_card(lina, share_name=False)
    assert "Lina" not in samir.last.plain and "prénom non partagé" in samir.last.plain


async def test_mission_locale_advisors_first_then_the_region(bot, db):
    lille, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    roubaix, _ = await make_advisor(bot, 2002, "32", "Mission Locale de Roubaix", "Awa")
    await roles.grant(bot.ctx, None, chat_id=2004, kind="advisor", region="32", organisation="Mission Locale de Lille (exemple)",
                      network="mission_locale", display_name="Inès", mission_locale="ml-lille-exemple")
    ines = bot.person(2004, "Inès")
    lina = await young_in_lille(bot)
    await lina.send("/contact")
    await lina.press("Écrire à un conseiller")
    assert "Mission Locale de Lille (exemple)" in lina.last.plain
    await lina.send(QUESTION)
    await lina.press("Envoyer")
    assert QUESTION in ines.last.plain
    assert QUESTION not in everything_seen_by(bot, 2001) + everything_seen_by(bot, 2002)
    await roubaix.send("/questions")
    assert "Ouvertes (personne ne s'en occupe) : 0" in roubaix.last.plain
    await ines.send("/questions")
    assert "Ouvertes (personne ne s'en occupe) : 1" in ines.last.plain
    sam = await young_in_lille(bot, 1002, "Sam", None)
    await sam.send("/region")
    await sam.send("80000")  # Amiens: no advisor attached there, the region's advisors read it
    await sam.send("/menu")
    await sam.press("Écrire à un conseiller")
    assert "de ta région (Hauts-de-France)" in sam.last.plain


async def test_forget_erases_the_thread_and_keeps_only_anonymous_counts(bot, db):
    samir, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    lina = await young_in_lille(bot)
    await ask_from_job_card(lina, text="Je m'appelle Lina Zorglub, j'ai une question")
    await samir.press("Je m'en occupe")
    await samir.send("Bonjour Lina Zorglub")
    answers = await lina.send("/mesdonnees")
    assert "Questions aux conseillers : 1" in answers[0].plain
    data = json.loads(bot.api.files[answers[1].document["file_id"]])
    thread = data["questions_aux_conseillers"][0]
    assert [m["de"] for m in thread["messages"]] == ["moi", "conseiller"] and "Lina Zorglub" in thread["messages"][0]["texte"]
    await lina.send("/oubli")
    await lina.press("Oui, tout effacer")
    await bot.app.update_persistence()
    assert await rows_holding(bot.ctx.db, LINA, USERNAME, "Zorglub") == []
    assert await db.scalar("SELECT COUNT(*) FROM question_stats WHERE first_answer_seconds = 0") == 1


async def test_unanswered_question_is_escalated_after_the_working_hours(bot, clock, db):
    await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    await roles.grant(bot.ctx, None, chat_id=3001, kind="regional", region="32", display_name="Nadia")
    await roles.grant(bot.ctx, None, chat_id=3002, kind="regional", region="11", display_name="Paul")
    lina = await young_in_lille(bot)
    await ask_from_job_card(lina)  # Monday 10:00
    clock.advance(days=2, hours=23)  # Thursday 9:00: 23 working hours (9 h-17 h, weekdays)
    assert await question_handlers.escalate(bot.app) == 0
    clock.advance(hours=1)  # 24
    assert await question_handlers.escalate(bot.app) == 1
    nadia = bot.person(3001)
    assert QUESTION in nadia.last.plain and "Sans réponse depuis plus de 24 heures ouvrées" in nadia.last.plain
    assert "pas oubliée" in lina.last.plain
    assert QUESTION not in everything_seen_by(bot, 3002)
    clock.advance(days=1)
    assert await question_handlers.escalate(bot.app) == 0  # once
    await nadia.press("Je m'en occupe")
    await nadia.send("Bonjour, je m'en occupe personnellement.")
    assert "personnellement" in lina.last.plain
    assert await db.scalar("SELECT escalated FROM question_stats") == 1


async def test_distress_gets_emergency_numbers_at_once_and_the_question_is_urgent(bot):
    samir, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    lina = await young_in_lille(bot)
    await lina.send("/menu")
    await lina.press("Écrire à un conseiller")
    await lina.send("Je n'en peux plus, j'ai envie de mourir")
    texts = [m.plain for m in lina.messages()[-2:]]
    assert "3114" in texts[0] and "119" in texts[0] and "112" in texts[0]
    numbers = [line for line in texts[0].splitlines() if line.startswith(("📞", "✉️"))]
    await lina.press("Envoyer")
    assert "URGENT" in samir.last.plain
    await lina.send("/menu")  # the intents' reading of distress (SMS spelling) counts too
    await lina.press("Écrire à un conseiller")
    await lina.send("jpp, je me sens seule")
    assert "3114" in lina.messages()[-2].plain
    await lina.send("/menu")
    said = await lina.send("je veux mourir")  # the free-text distress answer gives the same numbers, same words
    assert len(numbers) == 4 and numbers == [line for line in said[-1].plain.splitlines() if line.startswith(("📞", "✉️"))]
    assert numbers[-1].endswith("si tu ne peux pas parler.")


async def test_abusive_thread_blocks_new_questions_and_media_are_refused(bot, clock):
    samir, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    lina = await young_in_lille(bot)
    await lina.send("/menu")
    await lina.press("Écrire à un conseiller")
    await lina.send(photo=[{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}])
    assert "Pas de photos" in lina.last.plain
    await lina.send("des insultes")
    await lina.press("Envoyer")
    await samir.press("Je m'en occupe")
    await samir.send(document={"file_id": "d1", "file_unique_id": "d1", "file_name": "x.pdf"})
    assert "Pas de photos" in samir.last.plain and "Écrivez votre message" in samir.last.plain
    await samir.send("/questions")
    await samir.press("n°")
    await samir.press("Clore : abus")
    assert "30 jours" in samir.last.plain
    await lina.send("/menu")
    await lina.press("Écrire à un conseiller")
    assert "pas envoyer de nouvelle question" in lina.last.plain
    clock.advance(days=31)
    await lina.send("/menu")
    await lina.press("Écrire à un conseiller")
    assert "Écris ta question" in lina.last.plain


async def test_closed_threads_are_purged_after_the_retention(bot, clock, db):
    from bot.questions import service

    samir, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    lina = await young_in_lille(bot)
    await ask_from_job_card(lina)
    await samir.press("Je m'en occupe")
    await samir.press("Clore")
    clock.advance(days=300)
    assert await service.purge(bot.ctx) == 0
    clock.advance(days=70)
    assert await service.purge(bot.ctx) == 1
    assert await db.scalar("SELECT COUNT(*) FROM question_messages") == 0
    assert await db.scalar("SELECT COUNT(*) FROM question_stats") == 1


async def test_young_person_without_region_is_asked_for_a_postal_code(bot):
    sam = bot.person(1003, "Sam")
    await sam.send("/menu")
    await sam.press("Écrire à un conseiller")
    assert "code postal" in sam.last.plain
    await sam.send("59100")
    assert "Mission Locale de Roubaix" in sam.last.plain
    await sam.press("Écrire à un conseiller")
    assert "Écris ta question" in sam.last.plain
    await sam.send("/menu")  # a command abandons the question being written
    await sam.send("vendeuse")
    assert "Question" not in sam.last.plain and "avant l'envoi" not in sam.last.plain


async def test_statistics_count_questions_and_answer_delays_never_their_text(bot, clock):
    import csv
    import io

    samir, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    await roles.grant(bot.ctx, None, chat_id=3001, kind="regional", region="32", display_name="Nadia")
    for n, minutes in enumerate((30, 90, 600)):
        young = await young_in_lille(bot, 7000 + n, f"Jeune{n}", None)
        await ask_from_job_card(young, text=f"Question secrète {n}")
        clock.advance(minutes=minutes)
        await samir.press("Je m'en occupe")
        await samir.send("Voici la réponse")
    await ask_from_job_card(await young_in_lille(bot, 7010, "Sans", None), text="Question secrète sans réponse")
    nadia = bot.person(3001, "Nadia")
    await nadia.send("/stats 30j 32")
    await nadia.press("Questions")
    text = nadia.last.plain
    assert "Questions : <5" in text  # 4 questions of young people in a region: masked
    assert "médiane 1 h 30 min" in text and "90 % en moins de 10 h 00 min" in text
    assert "secrète" not in text
    new = await nadia.press("Export CSV")
    document = [m for m in new if m.document and m.document["file_name"].startswith("questions_")][0]
    rows = list(csv.reader(io.StringIO(bot.api.files[document.document["file_id"]].decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:3] == ["32", "Hauts-de-France", "<5"] and rows[1][5:7] == ["1,5", "10,0"]
    assert "secrète" not in str(rows)


async def test_event_card_travels_and_a_revoked_advisor_hands_the_thread_back(bot, clock):
    from bot.events import service as events

    samir, samir_role = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    awa, _ = await make_advisor(bot, 2002, "32", "Mission Locale de Roubaix", "Awa")
    start = clock.now() + dt.timedelta(days=5)
    event_id = await events.create_event(bot.ctx, {
        "type": "atelier", "title": "Atelier vente en boutique", "starts_at": start, "ends_at": start + dt.timedelta(hours=2),
        "city": "Lille", "region": "32", "scope": "regional", "organisers": [(samir_role.network, samir_role.organisation)]},
        created_by=samir_role.id, source="annonce")
    lina = await young_in_lille(bot)
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Écrire à un conseiller")
    assert "l'action « Atelier vente en boutique »" in lina.last.plain
    await lina.send("Faut-il apporter un CV ?")
    await lina.press("Envoyer")
    assert "Atelier vente en boutique" in awa.last.plain
    await samir.press("Je m'en occupe")
    await samir.send("Oui, un CV papier.")
    await bot.ctx.db.execute("UPDATE roles SET revoked_at = ? WHERE id = ?", (clock.timestamp(), samir_role.id))
    await lina.press("Répondre")
    await lina.send("Merci, et une lettre ?")
    assert "Merci, et une lettre ?" in awa.last.plain and "Je m'en occupe" in awa.last.labels[0]
    await awa.press("Je m'en occupe")
    assert "Oui, un CV papier." in awa.last.plain  # the whole thread, answers included
    bot.api.blocked.add(LINA)
    await awa.send("Pas besoin de lettre.")
    assert "non remise" in awa.last.plain


async def test_a_block_outlives_erasure_under_its_own_key_then_ends(bot, clock, db):
    from bot.questions import service

    samir, _ = await make_advisor(bot, 2001, "32", "Mission Locale de Lille", "Samir")
    lina = await young_in_lille(bot)
    await ask_from_job_card(lina, text="des insultes")
    await samir.press("Je m'en occupe")
    await samir.press("Clore : abus")
    pseudonym = bot.ctx.log.user_key(LINA)
    await lina.send("/oubli")
    await lina.press("Oui, tout effacer")
    await bot.app.update_persistence()
    assert await rows_holding(db, LINA, USERNAME, pseudonym) == []
    lina = await young_in_lille(bot)
    await lina.send("/menu")
    await lina.press("Écrire à un conseiller")
    assert "pas envoyer de nouvelle question" in lina.last.plain
    clock.advance(days=31)
    await service.purge(bot.ctx)
    assert await db.scalar("SELECT COUNT(*) FROM question_blocks") == 0
