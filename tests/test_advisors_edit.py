"""/mesannonces → « Modifier »: every field after publication, the people told, the waiting list, restarts."""

from __future__ import annotations

import datetime as dt

from bot.clock import PARIS
from bot.events import registration, service
from tests.advisors_helpers import make_advisor, subscribe
from tests.test_advisors_followup import make_event

START = dt.datetime(2027, 3, 4, 10, 0, tzinfo=PARIS)  # make_event: in 3 days, 10 h - 12 h


def last_text(bot, chat_id) -> str:
    return bot.person(chat_id).last.plain


async def published(bot, capacity=2, people=(5001, 5002, 5003)):
    """An advisor's event with ``capacity`` seats, the first people registered, the others waiting."""
    advisor, role = await make_advisor(bot)
    event_id = await make_event(bot, role)
    if capacity != 1:
        await service.update_event(bot.ctx, event_id, {"capacity": capacity}, actor=None)
    await subscribe(bot, list(people))
    for chat_id in people:
        await registration.register(bot.ctx, event_id, chat_id)
    return advisor, role, event_id


async def open_edit(advisor, label):
    await advisor.send("/mesannonces")
    await advisor.press("Atelier CV")
    await advisor.press("Modifier")
    await advisor.press(label)


async def test_edit_menu_lists_every_field(bot):
    advisor, _, _ = await published(bot)
    await advisor.send("/mesannonces")
    await advisor.press("Atelier CV")
    await advisor.press("Modifier")
    assert "3 personnes inscrites ou en attente seront prévenues" in advisor.last.plain
    labels = advisor.last.labels
    assert labels[:9] == ["Titre", "Date et heure", "Heure de fin", "Lieu", "Places", "Date limite", "Description",
                          "Entreprises", "Métiers"]
    assert labels[-1] == "⬅️ Retour" and {"Accessibilité PMR", "Public visé"} <= set(labels[9:])  # the optional details


async def test_title_end_and_place_are_told_to_registered_and_waiting_people(bot):
    advisor, _, event_id = await published(bot)
    await open_edit(advisor, "Titre")
    assert "Actuellement : « Atelier CV »" in advisor.last.plain
    await advisor.send("Atelier CV et lettre de motivation")
    assert "Action modifiée : titre (3 personnes prévenues)" in advisor.last.plain
    registered, waiting = last_text(bot, 5001), last_text(bot, 5003)
    assert "Nouveau nom : Atelier CV et lettre de motivation (au lieu de « Atelier CV »)" in registered
    assert "Tu restes inscrit·e" in registered
    assert "Tu restes sur la liste d'attente" in waiting and "Tu restes inscrit·e" not in waiting
    assert (await service.get_event(bot.ctx, event_id)).title == "Atelier CV et lettre de motivation"

    # the end: typed before the start is refused, then a preset button
    await advisor.press("Modifier autre chose")
    await advisor.press("Heure de fin")
    await advisor.send("9h")
    assert "doit venir après le début (jeudi 04/03/2027 à 10:00)" in advisor.last.plain
    assert (await service.get_event(bot.ctx, event_id)).end == START + dt.timedelta(hours=2)
    await advisor.press("Une demi-journée")
    assert "Action modifiée : heure de fin" in advisor.last.plain
    assert (await service.get_event(bot.ctx, event_id)).end == START + dt.timedelta(hours=4)
    assert "Nouvelle heure de fin : jeudi 4 mars, 10 h - 14 h" in last_text(bot, 5002)
    assert "au lieu de jeudi 4 mars, 10 h - 12 h" in last_text(bot, 5002)

    # a new start keeps the duration
    await advisor.press("Modifier autre chose")
    await advisor.press("Date et heure")
    await advisor.send("vendredi 14h")
    event = await service.get_event(bot.ctx, event_id)
    assert (event.start.hour, event.end.hour, event.start.day) == (14, 18, 5)
    assert "Nouvelle date : vendredi 5 mars, 14 h - 18 h" in last_text(bot, 5001)

    # the place: online, with the link asked next; then an address outside the region is refused
    await advisor.press("Modifier autre chose")
    await advisor.press("Lieu")
    assert "Actuellement : Lille" in advisor.last.plain
    await advisor.send("en ligne")
    assert "lien" in advisor.last.plain
    await advisor.send("https://visio.exemple.fr/cv")
    event = await service.get_event(bot.ctx, event_id)
    assert (event.scope, event.online_url, event.city) == ("online", "https://visio.exemple.fr/cv", None)
    assert "Nouveau lieu : 💻 En ligne" in last_text(bot, 5001)
    await advisor.press("Modifier autre chose")
    await advisor.press("Lieu")
    await advisor.send("3 place de la Mairie, 35000 Rennes")
    assert "hors de la région" in advisor.last.plain
    await advisor.send("12 rue Nationale, 59000 Lille")
    event = await service.get_event(bot.ctx, event_id)
    assert (event.scope, event.online_url, event.city, event.address, event.departement) == (
        "regional", None, "Lille", "12 rue Nationale", "59")
    audit = await bot.ctx.db.fetchall("SELECT details FROM audit_log WHERE action = 'event_update' ORDER BY id")
    assert len(audit) == 6  # the capacity set up by the test, then the 5 changes above


async def test_capacity_never_below_the_registered_and_growth_promotes(bot):
    advisor, _, event_id = await published(bot)  # 2 seats taken, 5003 waiting
    await open_edit(advisor, "Places")
    assert "dont 2 prises et 1 personne en liste d'attente" in advisor.last.plain
    await advisor.send("1")
    assert "2 personnes sont déjà inscrites : l'action ne peut pas passer à 1 place" in advisor.last.plain
    assert (await service.get_event(bot.ctx, event_id)).capacity == 2
    before = bot.api.sent_count(5001)
    await advisor.send("3")
    assert "Action modifiée : places" in advisor.last.plain
    assert "1 personne de la liste d'attente passe inscrite" in advisor.last.plain
    event = await service.get_event(bot.ctx, event_id)
    assert (event.capacity, event.registered, event.waiting) == (3, 3, 0)
    assert "Une place s'est libérée" in last_text(bot, 5003)
    assert bot.api.sent_count(5001) == before  # a capacity change alone tells the others nothing
    # the service layer refuses too, whatever the handler does
    import pytest

    from bot import followup, roles
    from bot.announce import DraftError

    role = await roles.current_role(bot.ctx, advisor.id)
    with pytest.raises(DraftError):
        await followup.update(bot.ctx, role, event_id, {"capacity": 2})
    # « Pas de limite »
    await open_edit(advisor, "Places")
    await advisor.press("Pas de limite")
    assert (await service.get_event(bot.ctx, event_id)).capacity is None


async def test_deadline_description_companies_and_branches(bot):
    advisor, _, event_id = await published(bot, capacity=5, people=(5001,))
    await open_edit(advisor, "Date limite")
    await advisor.send("03/03 18h")
    assert (await service.get_event(bot.ctx, event_id)).deadline == dt.datetime(2027, 3, 3, 18, 0, tzinfo=PARIS)
    assert "Nouvelle date limite d'inscription : mercredi 3 mars, 18 h" in last_text(bot, 5001)
    await open_edit(advisor, "Date limite")
    await advisor.press("Pas de date limite")
    assert "Plus de date limite" in last_text(bot, 5001)

    await open_edit(advisor, "Description")
    await advisor.send("Apportez votre CV <b>imprimé</b>")
    assert "Nouvelle description :\nApportez votre CV <b>imprimé</b>" in last_text(bot, 5001)
    await open_edit(advisor, "Entreprises")
    await advisor.send("Auchan, Leroy Merlin")
    assert (await service.get_event(bot.ctx, event_id)).companies == ["Auchan", "Leroy Merlin"]
    assert "Entreprises présentes : Auchan, Leroy Merlin" in last_text(bot, 5001)

    await open_edit(advisor, "Métiers")
    assert advisor.last.plain.count("Pour quels métiers") == 1 and "Choisies : tous les métiers" in advisor.last.plain
    await advisor.send("Supermarchés")
    assert "touchant un des boutons" in advisor.last.plain  # buttons only
    await advisor.press("Supermarchés")
    assert "✅ Supermarchés et hypermarchés" in advisor.last.labels
    await advisor.press("Valider")
    event = await service.get_event(bot.ctx, event_id)
    assert len(event.branches) == 1
    assert "Métiers concernés : Supermarchés" in last_text(bot, 5001)
    assert "Action modifiée : métiers (1 personne prévenue)" in advisor.last.plain
    await advisor.press("Modifier autre chose")
    await advisor.press("Métiers")
    await advisor.press("Tous les métiers")
    assert (await service.get_event(bot.ctx, event_id)).branches == []


async def test_nothing_changed_leaving_and_refusals(bot, clock):
    advisor, _, event_id = await published(bot, people=(5001,))
    other, _ = await make_advisor(bot, 2002, organisation="Mission Locale de Roubaix", name="Léa")
    before = bot.api.sent_count(5001)
    await open_edit(advisor, "Titre")
    await advisor.send("Atelier CV")  # the same
    assert "rien n'a changé" in advisor.last.plain
    await open_edit(advisor, "Titre")
    await advisor.send("/annuler")
    assert "Rien n'a été modifié" in advisor.last.plain
    await advisor.send("Un titre tapé après coup")  # no longer in the conversation
    await open_edit(advisor, "Description")
    await advisor.press("Ne rien changer")
    assert "Inscrits" in " ".join(advisor.last.labels)
    await advisor.send("Une description tapée après coup")
    event = await service.get_event(bot.ctx, event_id)
    assert (event.title, event.description) == ("Atelier CV", "")
    assert bot.api.sent_count(5001) == before
    # forged buttons: another advisor's event, an unknown field, a started event
    await other.send("/mesannonces")
    for data in (f"1:mym:{event_id}", f"1:myf:{event_id}:title"):
        await other.press_data(data)
        assert "Rien n'a été modifié" in other.last.plain, data
    await advisor.press_data(f"1:myf:{event_id}:status")
    assert "Atelier CV" not in advisor.last.plain
    clock.advance(days=3, hours=1)
    await advisor.press_data(f"1:myf:{event_id}:title")
    assert "ne peut plus être modifiée" in advisor.last.plain
    await advisor.send("Titre trop tard")
    assert (await service.get_event(bot.ctx, event_id)).title == "Atelier CV"


async def test_edit_survives_a_restart(bot, settings, clock, catalogue):
    from tests.conftest import close_bot, make_bot

    advisor, _, event_id = await published(bot, capacity=1, people=(5001, 5002))
    await open_edit(advisor, "Heure de fin")
    second = await make_bot(settings, clock, catalogue, api=bot.api)
    try:
        again = second.person(advisor.id, "Samir")
        await again.send("17h30")
        assert "Action modifiée : heure de fin (2 personnes prévenues)" in again.last.plain
        assert (await service.get_event(second.ctx, event_id)).end == START.replace(hour=17, minute=30)
        await again.press("Modifier autre chose")
        await again.press("Places")
        third = await make_bot(settings, clock, catalogue, api=bot.api)
        try:
            last = third.person(advisor.id, "Samir")
            await last.send("2")
            assert "1 personne de la liste d'attente passe inscrite" in last.last.plain
            assert not third.errors
        finally:
            await close_bot(third)
        assert not second.errors
    finally:
        await close_bot(second)


async def test_modifier_is_a_form_back_to_the_menu_a_detail_and_leaving(bot):
    """Issue 10: « Modifier » runs on the form engine: « Retour » from a question goes back to the menu,
    an optional detail (accessibility) can be changed after publication, /mesannonces leaves the form."""
    from bot import forms

    advisor, _, event_id = await published(bot, capacity=5, people=(5001,))
    await open_edit(advisor, "Lieu")
    assert "Nouveau lieu" in advisor.last.plain
    await advisor.press("⬅️ Retour")
    assert "que voulez-vous modifier" in advisor.last.plain
    await advisor.press("Accessibilité PMR")
    assert "Actuellement : non précisé" in advisor.last.plain
    await advisor.press("Oui")
    assert "Action modifiée" in advisor.last.plain and "1 personne prévenue" in advisor.last.plain
    assert (await service.get_event(bot.ctx, event_id)).accessible == 1
    assert "♿ Accessible aux personnes à mobilité réduite" in last_text(bot, 5001)
    await advisor.press("Modifier autre chose")
    await advisor.press("Titre")
    await advisor.send("/mesannonces")  # leaves the question: the next text is not a title
    assert await forms.load(bot.ctx, advisor.id) is None
    await advisor.send("Un autre titre")
    assert (await service.get_event(bot.ctx, event_id)).title == "Atelier CV"


async def test_an_announcement_in_progress_is_set_aside_then_resumed(bot):
    """Opening « Modifier » during /annonce no longer loses the draft: it is set aside, then asked again
    once the change is saved, or left with « Ne rien changer »; its old buttons say it is set aside."""
    from tests.test_advisors_forms import start_event

    advisor, _, event_id = await published(bot, capacity=5, people=(5001,))
    await start_event(advisor, "Forum de l'alternance")
    await open_edit(advisor, "Titre")
    assert any("Votre annonce en cours est mise de côté" in m.plain for m in advisor.messages()[-3:])
    await advisor.send("Atelier CV et entretien")
    assert "Action modifiée : titre" in advisor.messages()[-3].plain
    assert "Reprenons" in advisor.messages()[-2].plain and "Quand ?" in advisor.last.plain
    await advisor.send("12/03 14h")
    assert "Jusqu'à quelle heure" in advisor.last.plain
    await open_edit(advisor, "Description")
    await advisor.press("2 h")  # a button of the announcement set aside
    assert "mise de côté" in advisor.last.plain
    await advisor.press("Ne rien changer")
    assert "Reprenons" in advisor.messages()[-2].plain and "Jusqu'à quelle heure" in advisor.last.plain
    await advisor.press("2 h")
    assert "Où ?" in advisor.last.plain
    from bot import forms

    state = await forms.load(bot.ctx, advisor.id)
    assert (state.form, state.data["title"]) == ("annonce", "Forum de l'alternance")
    assert (await service.get_event(bot.ctx, event_id)).title == "Atelier CV et entretien"


async def test_a_one_line_command_during_an_announcement_keeps_the_draft(bot):
    """« /innovation <texte> » typed in the middle of /annonce: saved at once, and the draft comes back
    (it was silently dropped before)."""
    from tests.test_advisors_forms import start_event

    advisor, _ = await make_advisor(bot)
    await start_event(advisor, "Forum de l'alternance")
    await advisor.send("/innovation Un atelier CV dans le magasin, avec les vendeurs")
    assert any("enregistr" in m.plain for m in advisor.messages()[-3:])
    assert "Reprenons" in advisor.messages()[-2].plain and "Quand ?" in advisor.last.plain
    await advisor.send("12/03 14h")
    assert "Jusqu'à quelle heure" in advisor.last.plain
