"""The form engine (bot/forms.py) as advisors meet it: /annonce checks fixed in issue 10, « Retour »,
the closing form (one figure per step, recap, « Corriger »), and a form carried on by another instance."""

from __future__ import annotations

import datetime as dt

from bot import forms
from bot.clock import PARIS
from bot.events import registration, service
from tests.advisors_helpers import make_advisor, subscribe


async def start_event(p, title="Atelier CV"):
    await p.send("/annonce")
    await p.press("Une action")
    await p.press("Atelier")
    await p.send(title)


async def to_preview(p, *, when="12/03 14h", place="12 rue Nationale, 59000 Lille", deadline=None):
    await p.send(when)
    await p.press("2 h")
    await p.send(place)
    await p.press("Valider")
    await p.press("Pas de limite")
    if deadline:
        await p.send(deadline)
    else:
        await p.press("Pas de date limite")
    await p.press("Pas de description")
    await p.press("Aucune")
    await p.press("Valider")


async def test_a_weekday_that_is_not_the_dates_is_questioned_and_confirmations_show_the_weekday(bot):
    advisor, _ = await make_advisor(bot)
    await start_event(advisor)
    await advisor.send("mardi 10 mars 9h")  # 10 March 2027 is a Wednesday
    assert "est un mercredi, pas un mardi" in advisor.last.plain
    assert "Quand" in advisor.last.plain  # the question again
    await advisor.send("mercredi 10 mars 9h")
    assert "mercredi 10/03/2027 à 09:00" in advisor.last.plain  # « L'action commence le … » with its weekday


async def test_a_deadline_after_the_start_is_refused(bot):
    advisor, _ = await make_advisor(bot)
    await start_event(advisor)
    await advisor.send("12/03 14h")
    await advisor.press("2 h")
    await advisor.send("Lille")
    await advisor.press("Valider")
    await advisor.press("Pas de limite")
    await advisor.send("15/03 18h")
    assert "tombe après le début" in advisor.last.plain and "vendredi 12/03/2027 à 14:00" in advisor.last.plain
    await advisor.send("11/03 18h")
    assert "description" in advisor.last.plain


async def test_changing_the_date_says_what_moved_with_it(bot):
    advisor, _ = await make_advisor(bot)
    await start_event(advisor)
    await to_preview(advisor, deadline="11/03 18h")
    assert "Aperçu" in advisor.messages()[-2].plain
    await advisor.press("Modifier")
    await advisor.press("Date et heure")
    await advisor.send("mercredi 10/03 9h")
    head, card = advisor.messages()[-2:]
    assert "La fin suit le nouveau début (même durée) : mercredi 10/03/2027 à 11:00" in head.plain
    assert "date limite d'inscription (jeudi 11/03/2027 à 18:00) tombait après le nouveau début" in head.plain
    assert "mercredi 10 mars, 9 h - 11 h" in card.plain
    draft = (await forms.load(bot.ctx, advisor.id)).data
    assert draft["deadline"] is None and "_notes" not in draft  # told once


async def test_an_afternoon_start_offers_no_evening_day_and_the_place_is_checked(bot):
    advisor, _ = await make_advisor(bot)
    await start_event(advisor)
    await advisor.send("12/03 14h")
    assert not any("21 h" in label for label in advisor.last.labels)
    await advisor.press("2 h")
    await advisor.send("18h")
    assert "ne ressemble pas à un lieu" in advisor.last.plain
    await advisor.send("Rennes")  # a city of Bretagne, the advisor is in Hauts-de-France
    assert "en Bretagne, hors de la région" in advisor.last.plain
    await advisor.send("Roubaix")
    assert "métiers" in advisor.last.plain
    assert (await forms.load(bot.ctx, advisor.id)).data["departement"] == "59"


async def test_back_goes_one_step_back_and_annuler_ends_every_form_the_same_way(bot):
    advisor, _ = await make_advisor(bot)
    await start_event(advisor)
    assert "Quand" in advisor.last.plain
    await advisor.press("Retour")
    assert "titre" in advisor.last.plain
    await advisor.send("Atelier lettre de motivation")
    assert (await forms.load(bot.ctx, advisor.id)).data["title"] == "Atelier lettre de motivation"
    await advisor.send("/annuler")
    assert "rien n'a été publié" in advisor.last.plain
    assert await forms.load(bot.ctx, advisor.id) is None


async def make_past_event(bot, role, companies=("Auchan", "Decathlon")):
    start = bot.ctx.clock.now() + dt.timedelta(days=1)
    data = {"type": "atelier", "title": "Atelier CV", "starts_at": start, "ends_at": start + dt.timedelta(hours=2),
            "city": "Lille", "region": role.region, "scope": "regional", "organisers": [(role.network, role.organisation)],
            "companies": list(companies)}
    return await service.create_event(bot.ctx, data, created_by=role.id, source="annonce")


async def open_closing(bot, clock):
    """An advisor on the first question of « Clôturer » for their action of yesterday."""
    advisor, role = await make_advisor(bot)
    event_id = await make_past_event(bot, role)
    clock.advance(days=2)
    await advisor.send("/mesannonces")
    await advisor.press("Atelier CV")
    await advisor.press("Clôturer")
    return advisor, event_id


async def test_closing_asks_one_figure_at_a_time_then_a_recap_to_correct_and_confirm(bot, clock):
    advisor, event_id = await open_closing(bot, clock)
    assert "1/6" in advisor.last.plain
    await advisor.send("douze")
    assert "Écrivez un nombre" in advisor.last.plain
    await advisor.send("12")
    assert "2/6" in advisor.last.plain
    await advisor.send("3")
    await advisor.send("2")
    await advisor.send("20")
    assert "ne peuvent dépasser le nombre de présents" in advisor.last.plain and "4/6" in advisor.last.plain
    await advisor.send("1")
    await advisor.send("4")
    await advisor.press("Toutes celles prévues")
    assert "Récapitulatif" in advisor.last.plain and "Présents : 12" in advisor.last.plain
    assert "Auchan, Decathlon" in advisor.last.plain
    await advisor.press("Corriger")
    await advisor.press("Présents (12)")
    await advisor.send("15")
    assert "Présents : 15" in advisor.last.plain  # straight back to the recap
    assert (await service.get_event(bot.ctx, event_id)).status != "cloture"  # nothing saved before confirming
    await advisor.press("Confirmer")
    assert "Action clôturée" in advisor.last.plain
    event = await service.get_event(bot.ctx, event_id)
    assert (event.status, event.attendance, event.integrated_cej, event.integrated_training) == ("cloture", 15, 2, 4)
    assert sorted(event.companies_present) == ["Auchan", "Decathlon"]


async def test_closing_cancelled_saves_nothing(bot, clock):
    advisor, event_id = await open_closing(bot, clock)
    await advisor.send("12")
    await advisor.send("/annuler")
    assert "rien n'a été enregistré" in advisor.last.plain
    assert (await service.get_event(bot.ctx, event_id)).attendance is None


async def test_the_capacity_prompt_promises_nothing_it_does_not_do(bot):
    advisor, role = await make_advisor(bot)
    event_id = await make_past_event(bot, role)
    await subscribe(bot, [5001])
    await registration.register(bot.ctx, event_id, 5001)
    await advisor.send("/mesannonces")
    await advisor.press("Atelier CV")
    await advisor.press("Modifier")
    await advisor.press("Places")
    assert "les inscrits ne sont donc pas dérangés" in advisor.last.plain
    await advisor.send("30")
    assert "Action modifiée : places" in advisor.last.plain
    assert "0 personne" not in advisor.last.plain and "prévenue" not in advisor.last.plain


async def test_another_instance_carries_on_the_next_step(bot, settings, clock, catalogue):
    """The state is read from the database at each update: two bots on one database answer in turn."""
    from tests.conftest import close_bot, make_bot

    advisor, _ = await make_advisor(bot)
    second = await make_bot(settings, clock, catalogue, api=bot.api)
    try:
        other = second.person(advisor.id, "Samir")
        await advisor.send("/annonce")
        await other.press("Une action")
        await advisor.press("Atelier")
        await other.send("Atelier à deux voix")
        await advisor.send("12/03 14h")
        assert "Jusqu'à quelle heure" in advisor.last.plain
        data = (await forms.load(bot.ctx, advisor.id)).data
        assert (data["title"], data["starts_at"]) == ("Atelier à deux voix", int(dt.datetime(2027, 3, 12, 14, tzinfo=PARIS).timestamp()))
        assert not second.errors
    finally:
        await close_bot(second)


async def test_innovation_is_a_guided_form_and_the_one_line_form_still_works(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/innovation")
    assert "Décrivez l'adaptation" in advisor.last.plain
    await advisor.send("court")
    assert "il en faut entre 10 et 1000" in advisor.last.plain
    await advisor.send("Atelier CV en magasin proposé avec l'enseigne partenaire")
    assert "enregistrée pour Hauts-de-France" in advisor.last.plain
    await advisor.send("/innovation")
    await advisor.send("/annuler")
    assert "Rien n'a été enregistré" in advisor.last.plain
    await advisor.send("/innovation Permanence commune ML et Opcommerce au salon")
    assert "enregistrée pour Hauts-de-France" in advisor.last.plain
    assert await bot.ctx.db.scalar("SELECT COUNT(*) FROM innovations") == 2


async def test_invite_is_a_guided_form(bot):
    from tests.advisors_helpers import COORD

    coord = bot.person(COORD, "Nadia")
    await coord.send("/invite")
    assert "Qui voulez-vous inviter" in coord.last.plain
    await coord.press("Un conseiller ou une conseillère")
    assert "Pour quelle région" in coord.last.plain
    await coord.send("Atlantide")
    assert "Je ne connais pas la région « Atlantide »" in coord.last.plain
    await coord.send("Bretagne")
    assert "De quelle Mission Locale (Bretagne)" in coord.last.plain
    await coord.press("Retour")
    await coord.press("Hauts-de-France")
    await coord.send("ARML Hauts-de-France")
    assert "start=inv_" in coord.last.plain
    row = await bot.ctx.db.fetchone("SELECT kind, region, organisation FROM invitations")
    assert (row["kind"], row["region"], row["organisation"]) == ("advisor", "32", "ARML Hauts-de-France")


async def test_text_typed_where_only_buttons_answer_says_so(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/annonce")
    await advisor.press("Une action")
    await advisor.send("Atelier vente")  # the type of action is chosen with a button
    assert "touchant un des boutons" in advisor.last.plain and "Ce bouton" not in advisor.last.plain
    assert "Atelier de sensibilisation" in " ".join(advisor.last.labels)  # the question stays, with its buttons
    await advisor.press("Atelier")


async def test_closing_with_nobody_present_skips_the_questions_about_those_present(bot, clock):
    advisor, event_id = await open_closing(bot, clock)
    await advisor.send("0")
    assert "Parmi les" not in advisor.last.plain and "entreprises" in advisor.last.plain  # straight to the companies
    await advisor.press("Aucune")
    assert "Présents : 0" in advisor.last.plain and "En emploi : 0" in advisor.last.plain
    await advisor.press("Corriger")
    await advisor.press("Présents")
    await advisor.send("1")
    assert "Récapitulatif" in advisor.last.plain and "Présents : 1" in advisor.last.plain
    await advisor.press("Confirmer")
    event = await service.get_event(bot.ctx, event_id)
    assert (event.status, event.attendance, event.integrated_job, event.integrated_training) == ("cloture", 1, 0, 0)


async def test_cancel_with_nothing_in_progress_says_so(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/annuler")
    assert "Rien à annuler" in advisor.last.plain and "vous" in advisor.last.plain
    lina = bot.person(5001, "Lina")
    await lina.send("/start")
    await lina.press("Bretagne")
    await lina.send("/annuler")
    assert "Rien à annuler" in lina.last.plain and "Je n'ai pas compris" not in lina.last.plain
