"""/stats, /indicateurs, /export, /innovation, /digest through the bot: role limits, buttons, files, digest."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from bot.clock import PARIS
from bot.stats import digest
from stats_data import seed_log, seed_partnership


@pytest.fixture
async def seeded(bot):
    await seed_log(bot.ctx.db)
    await seed_partnership(bot.ctx.db)
    return bot


async def test_young_person_is_refused(seeded):
    young = seeded.person(1001, "Lina")
    for command in ("/stats", "/stats 2027-02 32", "/indicateurs", "/export", "/innovation un atelier commun", "/digest off"):
        await young.send(command)
        assert "réservée aux conseillers et aux coordinateurs" in young.last.plain, command
    await young.press_data("1:st:aud:30j:fr")
    assert "réservée" in young.last.plain


async def test_national_coordinator_reads_everything(seeded):
    nadia = seeded.person(900002, "Nadia")
    await nadia.send("/stats 2027-02")
    text = nadia.last.plain
    assert "Statistiques · France entière" in text and "Février 2027 (du 01/02/2027 au 28/02/2027)" in text
    assert "Personnes actives : 10 (+400 %)" in text
    assert "nouvelles : 9" in text and "déjà venues avant : 1" in text
    assert "Sessions : 11" in text and "Ont bloqué le bot : 1" in text
    assert "<5" not in text  # national figures are not masked
    assert "1001" not in nadia.last.text
    await nadia.press("Métiers")
    assert "Fiches métiers ouvertes : 6" in nadia.last.plain and "1. Vendeur" in nadia.last.plain
    await nadia.press("Recherche")
    assert "autres recherches (mots inconnus du catalogue, ou tapés par moins de 5 personnes) : 1" in nadia.last.plain
    assert "astronaute" not in nadia.last.plain  # one person: counted, not named
    await nadia.press("Événements")
    assert "Événements (début dans la période) : 5" in nadia.last.plain
    await nadia.press("Annonces")
    assert "Annonces envoyées : 3" in nadia.last.plain
    await nadia.press("Sources")
    assert "autres campagnes (arrivées par moins de 5 personnes chacune) : 1" in nadia.last.plain
    assert "salon" not in nadia.last.plain  # one person came by « salon »: counted, not named
    await nadia.press("Changer de région")
    await nadia.press("Hauts-de-France")
    text = nadia.last.plain
    assert "Statistiques · Hauts-de-France" in text and "Recherche" not in text.split("Sources")[0][:20]
    assert "« <5 »" in text
    await nadia.press("7 j")
    assert "7 derniers jours" in nadia.last.plain and "Hauts-de-France" in nadia.last.plain


async def test_regional_coordinator_sees_only_their_region(seeded):
    coordinator = seeded.person(700032, "Rémi")
    await coordinator.send("/stats 2027-02")
    text = coordinator.last.plain
    assert "Statistiques · Hauts-de-France" in text
    assert "Personnes actives : 6" in text and "nouvelles : 5" in text and "déjà venues avant : <5" in text
    assert "Changer de région" not in coordinator.last.labels
    await coordinator.send("/stats 2027-02 11")
    assert "que les statistiques de votre région" in coordinator.last.plain
    await coordinator.send("/stats 2027-02 france")
    assert "que les statistiques de votre région" in coordinator.last.plain
    await coordinator.press_data("1:st:aud:2027-02:11", coordinator.messages()[0])
    assert "que les statistiques de votre région" in coordinator.last.plain
    await coordinator.press_data("1:str:aud:30j", coordinator.messages()[0])
    assert "que les statistiques de votre région" in coordinator.last.plain
    await coordinator.send("/stats 2027-02 Hauts-de-France")
    assert "Personnes actives : 6" in coordinator.last.plain
    await coordinator.send("/indicateurs 2027-02")
    text = coordinator.last.plain
    assert "Hauts-de-France" in text and "France entière" not in text
    assert "3. Interventions conjointes : 1" in text and "5. Jeunes intégrés : <5" in text
    assert "Innovation 32" in text and "Innovation None" not in text


async def test_advisor_sees_only_events_of_their_region(seeded):
    advisor = seeded.person(800032, "Samir")
    await advisor.send("/stats 2027-02")
    text = advisor.last.plain
    assert "Événements" in text and "Hauts-de-France" in text and "Personnes actives" not in text
    assert "Événements (début dans la période) : 2" in text
    assert "Audience" not in advisor.last.labels and "📥 Export CSV" not in advisor.last.labels
    await advisor.press_data("1:st:aud:2027-02:32")
    assert "Personnes actives" not in advisor.last.plain and "Inscription" in advisor.last.plain
    await advisor.send("/indicateurs")
    assert "réservée aux coordinateurs" in advisor.last.plain
    await advisor.send("/export")
    assert "réservée aux coordinateurs" in advisor.last.plain
    sent = await advisor.send("/innovation Permanence commune ML et Opcommerce au salon")
    assert "enregistrée pour Hauts-de-France" in sent[-1].plain


async def test_indicators_national_table(seeded):
    nadia = seeded.person(900002, "Nadia")
    await nadia.send("/indicateurs 2027-02")
    text = nadia.last.plain
    assert "1. Opérations : 5 (nationales 1, régionales 3, en ligne 1)" in text
    assert "5. Jeunes intégrés : 10 (apprentissage 6, CEJ 1, emploi 1, formation 2)" in text
    assert "6. Entreprises associées : 4" in text
    table = text.split("Rég")[1].split("Opé :")[0]
    assert "32      2    1    1    1   <5    3" in table and "11      1    0    1    0   <5    1" in table
    await nadia.press("Trimestre")
    assert "90 derniers jours" in nadia.last.plain
    await nadia.send("/indicateurs 2026-01")  # no innovation then: the guided form is named, without « suivi du texte »
    assert "Aucune sur la période. Pour en ajouter une : /innovation" in nadia.last.plain
    assert "suivi du texte" not in nadia.last.plain
    await nadia.send("/indicateurs demain")
    assert "Je n'ai pas compris « demain »" in nadia.last.plain


async def test_charts_and_export_files(seeded):
    nadia = seeded.person(900002, "Nadia")
    await nadia.send("/stats 2027-02")
    new = await nadia.press("Graphiques")
    photos = [m for m in new if m.photo]
    assert len(photos) == 4
    for message in photos:
        data = seeded.api.files[message.photo[-1]["file_id"]]
        assert data.startswith(b"\x89PNG")
    assert "Personnes actives par semaine" in photos[0].text
    new = await nadia.press("Export CSV")
    documents = [m for m in new if m.document]
    assert [d.document["file_name"] for d in documents] == ["activite-quotidienne_2027-02.csv", "indicateurs_2027-02.csv", "evenements_2027-02.csv",
                                                              "questions_2027-02.csv"]
    rows = list(csv.reader(io.StringIO(seeded.api.files[documents[1].document["file_id"]].decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "France entière"
    assert "3 ligne(s)" in new[-1].plain or "ligne(s)" in new[-1].plain
    coordinator = seeded.person(700011, "Inès")
    new = await coordinator.send("/export 2027-02")
    documents = [m for m in new if m.document]
    daily = seeded.api.files[documents[0].document["file_id"]].decode("utf-8-sig")
    assert {row[1] for row in list(csv.reader(io.StringIO(daily), delimiter=";"))[1:]} == {"11"}
    advisor = seeded.person(800032, "Samir")
    await advisor.send("/stats 2027-02")
    new = await advisor.press("Graphiques")
    assert len([m for m in new if m.photo]) == 1  # the events funnel of the region only


async def test_innovation_and_forged_buttons(seeded):
    nadia = seeded.person(900002, "Nadia")
    await nadia.send("/innovation court")
    assert "Décrivez l'adaptation" in nadia.last.plain
    await nadia.send("/innovation Fiche métier « préparateur de commandes » adaptée aux jeunes en CEJ")
    assert "enregistrée pour le niveau national" in nadia.last.plain
    count = await seeded.ctx.db.scalar("SELECT COUNT(*) FROM innovations WHERE text LIKE 'Fiche métier%' AND region IS NULL")
    assert count == 1
    await nadia.send("/stats")
    for forged in ("1:st:zzz:30j:fr", "1:st:aud:99j:fr", "1:st:aud:30j:99", "1:stg:30j:xx", "1:ind:jamais"):
        await nadia.press_data(forged)
        assert "ce bouton n'est plus à jour" in nadia.last.plain, forged
    await nadia.send("/stats bidule")
    assert "Je n'ai pas compris « bidule »" in nadia.last.plain


async def test_digest_on_off_and_weekly_send(seeded, clock):
    bot = seeded
    regional = bot.person(700032, "Rémi")
    await regional.send("/digest")
    assert "activé" in regional.last.plain and "9 h" in regional.last.plain
    other = bot.person(700011, "Inès")
    await other.send("/digest off")
    assert "ne recevrez plus" in other.last.plain
    # Monday 8 March 2027, 09:00: last week is 1-7 March
    clock.set(dt.datetime(2027, 3, 8, 9, 0, tzinfo=PARIS))
    sent = await digest.send_digests(bot.ctx, bot.app.bot)
    recipients = await bot.ctx.db.fetchall("SELECT chat_id FROM roles WHERE kind IN ('national', 'regional') AND revoked_at IS NULL AND digest_enabled = 1")
    assert sent == len(recipients) and 700011 not in {r[0] for r in recipients}
    messages = regional.messages()
    assert "Votre semaine · Hauts-de-France" in messages[-2].plain and "Semaine du 01/03/2027" in messages[-2].plain
    assert messages[-1].photo
    assert not any("Votre semaine" in m.plain for m in other.messages())
    assert await digest.send_digests(bot.ctx, bot.app.bot) == 0  # once per week only
    await other.send("/digest on")
    assert await digest.send_digests(bot.ctx, bot.app.bot) == 1


async def test_digest_is_scheduled_on_mondays(seeded):
    jobs = {job.name: job for job in seeded.app.job_queue.jobs()}
    assert "stats-digest" in jobs and "stats-rollup" in jobs
    trigger = jobs["stats-digest"].trigger
    assert "mon" in str(trigger) and "9" in str(trigger)


async def test_the_rollup_job_computes_the_first_view_of_the_day_ahead(seeded):
    """The periodic rollup job keeps the figures of closed days of the default windows for the country and
    each region (storage/kept.py): the first coordinator of the day reads them, nothing is computed while
    they wait; an erasure changes closed days, so the next run computes them again."""
    from bot.stats import rollups, service

    db = seeded.ctx.db
    await service.fresh(seeded.ctx)
    await db.execute("INSERT INTO stats_kept(name, first_day, last_day, value, kept_on) VALUES ('people|*|all', '2027-02-01',"
                     " '2027-02-20', '3', '2027-02-21')")  # a rolling window of 8 days ago: nobody asks for it again
    assert await service.compute_ahead(seeded.ctx)
    assert await db.scalar("SELECT COUNT(*) FROM stats_kept WHERE kept_on < '2027-02-22'") == 0
    assert await db.scalar("SELECT COUNT(*) FROM stats_kept WHERE kept_on = '2027-03-01'") > 0
    assert not await service.compute_ahead(seeded.ctx)  # the same closed days: nothing to do
    kept = await db.scalar("SELECT COUNT(*) FROM stats_kept")
    assert kept > 0
    nadia = seeded.person(900002, "Nadia")
    for command in ("/stats", "/stats trimestre", "/stats trimestre 32", "/stats 30j 11"):
        await nadia.send(command)
        assert "Personnes actives" in nadia.last.plain, command
    for view in ("Métiers", "Recherche", "Événements", "Annonces", "Sources"):
        await nadia.press(view)
    assert await db.scalar("SELECT COUNT(*) FROM stats_kept") == kept  # every figure was kept already
    await rollups.forget(db, "u1")
    assert await service.compute_ahead(seeded.ctx)
