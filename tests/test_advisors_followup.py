"""/mesannonces: registrations, forged callbacks, date change and cancellation told, closing with results."""

from __future__ import annotations

import datetime as dt

from bot.clock import PARIS
from bot.events import registration, service
from tests.advisors_helpers import make_advisor, subscribe


async def make_event(bot, role, days=3):
    start = bot.ctx.clock.now() + dt.timedelta(days=days)
    data = {"type": "atelier", "title": "Atelier CV", "starts_at": start, "ends_at": start + dt.timedelta(hours=2),
            "city": "Lille", "region": role.region, "scope": "regional", "capacity": 1,
            "organisers": [(role.network, role.organisation)]}
    return await service.create_event(bot.ctx, data, created_by=role.id, source="annonce")


async def test_follow_up_cancel_and_forged_callbacks(bot):
    advisor, role = await make_advisor(bot)
    other, other_role = await make_advisor(bot, 2002, organisation="Mission Locale de Roubaix", name="Léa")
    event_id = await make_event(bot, role)
    await subscribe(bot, [5001, 5002])
    await registration.register(bot.ctx, event_id, 5001)
    await registration.register(bot.ctx, event_id, 5002)
    await advisor.send("/mesannonces")
    assert "Atelier CV" in advisor.last.plain and "1 inscrit / 1, 1 en attente" in advisor.last.plain
    await advisor.press("Atelier CV")
    await advisor.press("Inscrits")
    assert "n'ont pas souhaité" in advisor.last.plain or "n'a pas souhaité" in advisor.last.plain
    # another advisor of the same region forges the buttons of this event
    await other.send("/mesannonces")
    assert "Aucune action" in other.last.plain
    for data in (f"1:mye:{event_id}", f"1:myr:{event_id}", f"1:mycy:{event_id}", f"1:myd:{event_id}", "1:mye:99999"):
        await other.press_data(data)
        assert "Rien n'a été modifié" in other.last.plain, data
    assert (await service.get_event(bot.ctx, event_id)).status == "a_venir"
    # the advisor cancels: both people are told
    await advisor.press_data(f"1:myc:{event_id}")
    await advisor.press("Oui, annuler")
    assert "Action annulée" in advisor.last.plain and "2 personnes prévenues" in advisor.last.plain
    assert (await service.get_event(bot.ctx, event_id)).status == "annule"


async def test_change_date_and_close_with_results(bot, clock):
    advisor, role = await make_advisor(bot)
    event_id = await make_event(bot, role)
    await subscribe(bot, [5001])
    await registration.register(bot.ctx, event_id, 5001)
    await advisor.send("/mesannonces")
    await advisor.press("Atelier CV")
    await advisor.press("Modifier")
    await advisor.press("Date et heure")
    await advisor.send("hier 10h")
    assert "déjà passé" in advisor.last.plain
    await advisor.send("vendredi 15h")
    assert "Action modifiée" in advisor.last.plain and "1 personne prévenue" in advisor.last.plain
    event = await service.get_event(bot.ctx, event_id)
    assert event.start == dt.datetime(2027, 3, 5, 15, 0, tzinfo=PARIS)
    clock.advance(days=5)
    await advisor.send("/mesannonces")
    await advisor.press("Atelier CV")
    await advisor.press("Clôturer")
    await advisor.send("3 5 0 0 0")
    assert "5 nombres" in advisor.last.plain
    await advisor.send("12 3 2 1 4")
    await advisor.send("Auchan, Decathlon")
    assert "Récapitulatif" in advisor.last.plain and "Présents : 12" in advisor.last.plain  # issue 10: recap, then confirm
    await advisor.press("Confirmer")
    assert "Action clôturée" in advisor.last.plain
    event = await service.get_event(bot.ctx, event_id)
    assert (event.status, event.attendance, event.integrated_apprenticeship, event.integrated_training) == ("cloture", 12, 3, 4)
    assert sorted(event.companies_present) == ["Auchan", "Decathlon"]


async def test_my_announcements_list_has_a_way_home(bot):
    advisor, role = await make_advisor(bot)
    await make_event(bot, role)
    await advisor.send("/mesannonces")
    await advisor.press("⬅️ Mon accueil")
    assert "Vos commandes" in advisor.last.plain and "/mesannonces" in advisor.last.plain
    lina = bot.person(5001, "Lina")
    await lina.send("/start")
    await lina.press_data("1:shome")  # not staff: the young people's menu
    assert "Qu'est-ce qui te ferait plaisir" in lina.last.plain
