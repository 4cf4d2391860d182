"""QA of the staff side, played end to end: invitation, /annonce, broadcast, follow-up, closing, figures."""

from __future__ import annotations

from bot.events import registration
from bot.stats import charts
from bot.stats.metrics import Fmt
from tests.advisors_helpers import COORD, make_advisor, simulate_time, subscribe
from tests.test_advisors_announce import fill_event
from tests.test_advisors_followup import make_event
from tests.test_advisors_team import invite


async def test_invited_advisor_sees_one_command_per_line(bot):
    advisor, _ = await invite(bot, "conseiller 32 Mission Locale de Lille", 2001)
    lines = advisor.last.plain.splitlines()
    assert any(line.startswith("• /annonce") for line in lines)
    assert any(line.startswith("• /mesannonces") for line in lines)  # was glued to the /annonce line
    assert any(line.startswith("• /stats") for line in lines)  # same list as the Telegram menu


async def test_coordinator_role_is_said_in_plain_french(bot):
    nadia = bot.person(COORD, "Nadia")
    await nadia.send("/start")
    assert "coordination nationale" in nadia.last.plain and "national(e)" not in nadia.last.plain


async def test_team_lists_each_member_on_its_own_line(bot):
    await make_advisor(bot, 2001, name="Samir")
    await make_advisor(bot, 2002, organisation="Mission Locale de Roubaix", name="Léa")
    nadia = bot.person(COORD, "Nadia")
    await nadia.send("/equipe")
    lines = nadia.last.plain.splitlines()
    assert any(line.startswith("• Samir") for line in lines) and any(line.startswith("• Léa") for line in lines)


async def test_partner_button_names_the_region(bot):
    advisor, _ = await make_advisor(bot)
    await fill_event(advisor)  # presses « Ajouter Opcommerce … »
    await advisor.press("Modifier")
    await advisor.press("Organisateurs")
    assert "➖ Retirer Opcommerce Hauts-de-France" in advisor.last.labels  # was « Opcommerce 32 »


async def test_broadcast_report_and_follow_up_screens_keep_their_lines(bot, clock):
    simulate_time(bot)
    advisor, _ = await make_advisor(bot)
    await subscribe(bot, [5001, 5002, 5003])
    await fill_event(advisor)
    await advisor.press("Publier")
    await bot.ctx.broadcaster.join()
    report = advisor.last.plain.splitlines()
    assert "• 0 échec" in report and "• durée : 0 s" in report  # « 0 échec• durée » before
    assert "• aucune n'avait bloqué le bot" in report  # « 0 avait bloqué le bot (désinscrite …) » before
    event_id = (await bot.ctx.db.fetchone("SELECT id FROM events ORDER BY id DESC"))["id"]
    await registration.register(bot.ctx, event_id, 5001)
    await registration.register(bot.ctx, event_id, 5002)
    await advisor.send("/mesannonces")
    await advisor.press("Job dating")
    lines = advisor.last.plain.splitlines()
    assert any(line.startswith("🎟️ 2 inscrits") and line.endswith("en liste d'attente") for line in lines)
    assert any(line.startswith("📤 annonce") for line in lines)
    await advisor.press("Inscrits")
    assert all("•" not in line[1:] for line in advisor.last.plain.splitlines())  # one person per line
    await advisor.press("Retour")
    await advisor.press("Annuler l'action")
    assert "Les 2 personnes inscrites ou en attente seront prévenues" in advisor.last.plain


async def test_cancel_confirmation_agrees_with_the_number(bot):
    advisor, role = await make_advisor(bot)
    lonely = await make_event(bot, role)
    empty = await make_event(bot, role, days=4)
    await subscribe(bot, [5001])
    await registration.register(bot.ctx, lonely, 5001)
    await advisor.send("/mesannonces")
    await advisor.press_data(f"1:myc:{lonely}")
    assert "La personne inscrite ou en attente sera prévenue" in advisor.last.plain
    await advisor.press_data(f"1:myc:{empty}")
    assert "Personne n'est inscrit" in advisor.last.plain and "Les 0" not in advisor.last.plain


async def test_follow_up_list_puts_each_action_on_its_own_line(bot):
    advisor, role = await make_advisor(bot)
    await make_event(bot, role)
    await make_event(bot, role, days=4)
    await advisor.send("/mesannonces")
    assert sum(1 for line in advisor.last.plain.splitlines() if "Atelier CV" in line) == 2


async def test_broadcast_recipients_are_not_counted_as_active_people(bot):
    """Receiving an announcement is not using the bot: /stats audience must not grow with a broadcast,
    while the announcements view and the report agree on the recipients."""
    simulate_time(bot)
    advisor, _ = await make_advisor(bot)
    await subscribe(bot, [5001, 5002, 5003, 5004, 5005, 5006])
    young = bot.person(5001, "Jeune5001")
    await young.send("/start")
    await fill_event(advisor)
    await advisor.press("Publier")
    await bot.ctx.broadcaster.join()
    assert "reçue par 6 personnes" in advisor.last.plain
    nadia = bot.person(COORD, "Nadia")
    await nadia.send("/stats 7j")
    text = nadia.last.plain
    assert "Personnes actives : 1 (" in text and "Sessions : 1 (" in text
    await nadia.press("Annonces")
    assert "Destinataires : 6" in nadia.last.plain and "Reçues : 6" in nadia.last.plain


async def test_unrecognised_share_is_not_written_as_a_count(bot):
    nadia = bot.person(COORD, "Nadia")
    await nadia.send("/stats 7j Bretagne")
    assert "Messages non compris : aucune interaction sur la période" in nadia.last.plain
    assert "— des interactions" not in nadia.last.plain


async def test_indicators_name_the_quiet_regions(bot):
    nadia = bot.person(COORD, "Nadia")
    await nadia.send("/indicateurs 30j")
    text = nadia.last.plain
    if "Sans aucun indicateur" in text:
        quiet = text.split("Sans aucun indicateur sur la période : ")[1]
        assert "Bretagne" in quiet and "53" not in quiet


async def test_sources_view_names_the_ways_in(bot):
    nadia = bot.person(COORD, "Nadia")
    await bot.person(5001, "A").send("/start")
    await nadia.send("/stats 7j")
    await nadia.press("Sources")
    assert "sans lien" in nadia.last.plain and "direct :" not in nadia.last.plain


def test_charts_use_whole_numbers_and_draw_hidden_counts(monkeypatch):
    figures = []
    monkeypatch.setattr(charts, "_png", lambda figure: figures.append(figure) or b"png")
    fmt = Fmt(regional=True)
    charts.hbars("Métiers les plus consultés · Hauts-de-France", [("Vendeur", 3), ("Caissier", 2)], fmt)
    charts.weekly("Personnes actives par semaine · Provence-Alpes-Côte d'Azur", [("01/03", 3), ("08/03", 8)], fmt)
    (bars, weeks) = (figure.axes[0] for figure in figures)
    assert all(float(t).is_integer() for t in bars.get_xticks())  # was 0.0, 0.2 … 1.2 when all were hidden
    assert all(float(t).is_integer() for t in weeks.get_yticks())
    assert [p.get_width() for p in bars.patches] == [5, 5]  # hidden counts: an empty bar up to the threshold
    assert [p.get_height() for p in weeks.patches] == [5, 8]
    assert "Hauts-de-\n" not in figures[0]._suptitle.get_text()


async def test_stats_csv_hides_a_small_daily_average_like_the_table(bot, monkeypatch, capsys):
    import csv
    import io

    from tests.test_stats_cli import _run, _seed

    await _seed(bot, monkeypatch)
    code, out = _run(["stats", "--period", "2027-02", "--region", "32", "--format", "csv", "--date", "2027-03-01"], capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.out.split("\r\n\r\n")[0]), delimiter=";"))
    assert {r[1]: r[3] for r in rows[1:]}["daily"] == "<5"  # was « 0,3 » in the CSV, « <5 » in the table
    code, out = _run(["stats", "--period", "2027-02", "--region", "32", "--format", "table", "--date", "2027-03-01"], capsys)
    assert "<5" in next(line for line in out.out.splitlines() if line.startswith("En moyenne par jour"))  # the words of /stats (issue 10)


async def test_a_campaign_key_typed_by_hand_is_counted_not_named(bot):
    """« src_0612345678 » typed by one person never shows as typed; a campaign five people came by does."""
    for n in range(5):
        await bot.person(5100 + n, "A").send("/start src_affiche-lycee")
    await bot.person(5200, "B").send("/start src_0612345678")
    await bot.person(5201, "C").send("/start src_0612345678")
    nadia = bot.person(COORD, "Nadia")
    await nadia.send("/stats 7j")
    await nadia.press("Sources")
    text = nadia.last.plain
    assert "affiche-lycee : 5" in text
    assert "0612345678" not in text and "autres campagnes (arrivées par moins de 5 personnes chacune) : 2" in text
    assert "Arrivées par un lien de campagne ou un QR code : 7" in text  # every arrival is counted


async def test_a_known_campaign_is_named_even_with_few_people(settings, clock, catalogue):
    """A campaign listed in content/campagnes.yaml is named below 5 people (« <5 » in a region)."""
    import dataclasses

    from tests.conftest import close_bot, make_bot
    from tests.events_helpers import young

    bot = await make_bot(settings, clock, dataclasses.replace(catalogue, campaigns=frozenset({"forum-lycee"})))
    try:
        for n in range(2):  # already known in the Hauts-de-France, they scan the poster of a forum
            await (await young(bot, 5300 + n, "A", region="32")).send("/start src_forum-lycee")
        await bot.person(5400, "B").send("/start src_inconnue")
        nadia = bot.person(COORD, "Nadia")
        await nadia.send("/stats 7j")
        await nadia.press("Sources")
        assert "forum-lycee : 2" in nadia.last.plain and "inconnue" not in nadia.last.plain
        await nadia.send("/stats 7j 32")
        await nadia.press("Sources")
        assert "forum-lycee : <5" in nadia.last.plain
        assert not bot.errors
    finally:
        await close_bot(bot)
