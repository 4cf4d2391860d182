"""The event model and the service the advisors call: validation, changes, cancellation, closing."""


import pytest

from bot.events import service
from bot.events.model import EventError, validate_event
from bot.events.registration import register
from tests.events_helpers import OPCO, at, make_event, young


def base(**over):
    data = {"type": "atelier", "title": "Atelier CV", "starts_at": "03/03/2027 14:00", "ends_at": "03/03/2027 17:00",
            "city": "Lille", "departement": "59"}
    data.update(over)
    return data


def messages(catalogue, clock, **over):
    with pytest.raises(EventError) as caught:
        validate_event(base(**over), catalogue, clock.now())
    return " | ".join(caught.value.messages)


def test_valid_event_deduces_region_and_reads_french_dates(catalogue, clock):
    event = validate_event(base(type="Visite d'entreprise"), catalogue, clock.now())
    assert event.region == "32" and event.type == "visite"
    assert event.starts_at == at(3, 14)


def test_precise_french_messages(catalogue, clock):
    assert "la fin doit être après le début" in messages(catalogue, clock, ends_at="03/03/2027 13:00")
    assert "déjà passée" in messages(catalogue, clock, starts_at="01/02/2027 14:00", ends_at="01/02/2027 15:00")
    assert "région inconnue « 99 »" in messages(catalogue, clock, departement=None, region="99")
    assert "branche inconnue « boulangerie »" in messages(catalogue, clock, branches=["boulangerie"])
    assert "type d'action inconnu" in messages(catalogue, clock, type="barbecue")
    assert "date illisible" in messages(catalogue, clock, starts_at="le 3 mars")
    assert "besoin d'un lien" in messages(catalogue, clock, scope="online", city=None)
    assert "n'est pas dans la région 11" in messages(catalogue, clock, region="11")
    assert "date limite" in messages(catalogue, clock, registration_deadline="04/03/2027 10:00")


async def test_event_joint_and_seats(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx, capacity=3)
    event = await service.get_event(ctx, event_id)
    assert event.joint and event.seats_left == 3 and event.region == "32"
    solo = await service.get_event(ctx, await make_event(ctx, "Seul", organisers=[OPCO]))
    assert not solo.joint and solo.seats_left is None
    assert await service.get_event(ctx, 999) is None


async def test_update_tells_registered_people_only_for_date_or_place(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx)
    lina = await young(bot, 1001)
    await register(ctx, event_id, lina.id)
    change = await service.update_event(ctx, event_id, {"title": "Job dating de printemps"}, actor=None)
    assert change.changed == ["title"] and change.recipients == []
    change = await service.update_event(ctx, event_id, {"starts_at": at(4, 9), "ends_at": at(4, 12)}, actor=None)
    assert set(change.changed) == {"starts_at", "ends_at"} and change.recipients == [lina.id]
    with pytest.raises(EventError, match="déjà passée"):
        await service.update_event(ctx, event_id, {"starts_at": at(1, 8), "ends_at": at(1, 9)}, actor=None)
    with pytest.raises(EventError, match="non modifiable"):
        await service.update_event(ctx, event_id, {"status": "cloture"}, actor=None)


async def test_capacity_growth_promotes_waiting_people(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx, capacity=1)
    a, b = await young(bot, 1), await young(bot, 2)
    assert (await register(ctx, event_id, a.id)).code == "registered"
    assert (await register(ctx, event_id, b.id)).code == "waiting"
    change = await service.update_event(ctx, event_id, {"capacity": 2}, actor=None)
    assert change.promoted == [b.id] and change.after.registered == 2


async def test_cancel_and_close(bot, clock):
    ctx = bot.ctx
    event_id = await make_event(ctx)
    lina = await young(bot, 1001)
    await register(ctx, event_id, lina.id)
    change = await service.cancel_event(ctx, event_id, actor=None, reason="salle indisponible")
    assert change.after.status == "annule" and change.recipients == [lina.id]
    with pytest.raises(EventError, match="annulé"):
        await service.cancel_event(ctx, event_id, actor=None)

    other = await make_event(ctx, "Visite", companies=["Magasin A", "Magasin B"])
    with pytest.raises(EventError, match="pas encore eu lieu"):
        await service.close_event(ctx, other, {"attendance": 3}, actor=None)
    clock.advance(days=3)
    closed = await service.close_event(
        ctx, other, {"attendance": 14, "companies_present": ["Magasin A", "Magasin C"], "integrated_apprenticeship": 2, "integrated_job": 1}, actor=None
    )
    assert closed.status == "cloture" and closed.attendance == 14 and closed.integrated_apprenticeship == 2
    assert closed.companies_present == ["Magasin A", "Magasin C"] and "Magasin B" in closed.companies
    with pytest.raises(EventError):
        await service.close_event(ctx, other, {"attendance": -1}, actor=None)


async def test_registrations_show_names_only_when_shared(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx)
    await young(bot, 1, "Lina")
    await young(bot, 2, "Yanis")
    await register(ctx, event_id, 1)
    await register(ctx, event_id, 2)
    from storage import registrations as regs

    await regs.set_share(ctx.db, event_id, 1, True)
    views = await service.list_registrations(ctx, event_id)
    assert {(v.first_name, v.username) for v in views} == {("Lina", "lina"), (None, None)}


async def test_events_created_by_role_and_region(bot):
    ctx = bot.ctx
    await make_event(ctx, "Lille")
    await make_event(ctx, "Paris", city="Paris", departement="75")
    assert [e.title for e in await service.events_created_by(ctx, region="32")] == ["Lille"]
    assert await service.events_created_by(ctx, 12345) == []


async def test_duplicate_external_id_refused(bot):
    await make_event(bot.ctx, external_id="x-1")
    with pytest.raises(EventError, match="existe déjà"):
        await make_event(bot.ctx, external_id="x-1")
