"""Events from files: the CSV import (good and bad rows, dry run, re-import), the YAML calendar, QR codes."""

import shutil
from pathlib import Path

from bot.cli import main as cli
from bot.events.csvimport import import_csv
from bot.events.files import validate_event_files
from bot.events.qr import qr_png
from bot.events.service import get_event
from tests.conftest import ROOT, close_bot, make_bot

HEADER = "id;type;titre;debut;fin;ville;departement;branches;places;organisateurs;entreprises"
GOOD = [
    "jd-lille;Job dating;Job dating à Lille;03/03/2027 14:00;03/03/2027 17:00;Lille;59;bricolage|jardineries;12;opcommerce: Opcommerce HdF|arml: ARML HdF;Magasin A",
    "visite-amiens;visite;Visite d'un magasin;05/03/2027 09:30;12:00;Amiens;80;;;mission locale: ML Amiens;",
]
BAD = [
    "passe;atelier;Trop tard;01/02/2027 14:00;01/02/2027 15:00;Lille;59;;;;",
    "envers;atelier;À l'envers;04/03/2027 14:00;04/03/2027 13:00;Lille;59;;;;",
    "inconnu;atelier;Région inconnue;04/03/2027 14:00;04/03/2027 15:00;Lille;99;;;;",
    "branche;atelier;Branche inconnue;04/03/2027 14:00;04/03/2027 15:00;Lille;59;boulangerie;;;",
    "date;atelier;Date illisible;le 4 mars;04/03/2027 15:00;Lille;59;;;;",
    "reseau;atelier;Réseau inconnu;04/03/2027 14:00;04/03/2027 15:00;Lille;59;;;pole emploi: X;",
]


def write(tmp_path, lines, name="evenements.csv", bom=False, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode(encoding))
    return path


async def count(ctx):
    return await ctx.db.scalar("SELECT count(*) FROM events")


async def test_mixed_file_imports_nothing_and_names_every_bad_row(bot, tmp_path):
    path = write(tmp_path, [HEADER, GOOD[0], *BAD, GOOD[1]])
    report = await import_csv(bot.ctx, path)
    assert await count(bot.ctx) == 0
    lines = dict(report.errors)
    assert sorted(lines) == [3, 4, 5, 6, 7, 8]
    assert "déjà passée" in lines[3]
    assert "la fin doit être après le début" in lines[4]
    assert "département inconnu « 99 »" in lines[5]
    assert "branche inconnue « boulangerie »" in lines[6]
    assert "date illisible « le 4 mars »" in lines[7]
    assert "réseau inconnu" in lines[8]
    assert [line for line, _ in report.rows] == [2, 9]


async def test_good_file_imports_in_one_go_and_reimport_updates(bot, tmp_path):
    path = write(tmp_path, [HEADER, *GOOD], bom=True)
    dry = await import_csv(bot.ctx, path, dry_run=True)
    assert dry.ok and dry.new == 2 and await count(bot.ctx) == 0
    report = await import_csv(bot.ctx, path)
    assert report.ok and report.new == 2 and await count(bot.ctx) == 2
    event = await get_event(bot.ctx, 1)
    assert event.region == "32" and event.branches == ["bricolage", "jardineries"] and event.capacity == 12
    assert event.joint and event.companies == ["Magasin A"] and event.source == "csv:evenements.csv"
    visit = await get_event(bot.ctx, 2)
    assert visit.type == "visite" and visit.end.hour == 12 and not visit.joint
    changed = write(tmp_path, [HEADER, GOOD[0].replace("Lille;59", "Roubaix;59"), GOOD[1]])
    again = await import_csv(bot.ctx, changed)
    assert again.ok and again.new == 0 and again.existing == 2 and await count(bot.ctx) == 2
    assert (await get_event(bot.ctx, 1)).city == "Roubaix"


async def test_comma_separated_with_quotes_and_no_id(bot, tmp_path):
    lines = [
        "Type,Titre,Début,Fin,Ville,Département,Branches,Lien,Portée",
        'atelier,"Atelier CV, lettre",03/03/2027 14h,03/03/2027 16h,Lille,59,"optique,photographie",,',
        "atelier,Webinaire,04/03/2027 18:00,04/03/2027 19:00,,,,https://example.org/w,en ligne",
    ]
    path = write(tmp_path, lines)
    report = await import_csv(bot.ctx, path)
    assert report.ok, report.errors
    first = await get_event(bot.ctx, 1)
    assert first.title == "Atelier CV, lettre" and first.branches == ["optique", "photographie"]
    assert (await get_event(bot.ctx, 2)).scope == "online"
    await import_csv(bot.ctx, path)  # no id column: the same rows are recognised
    assert await count(bot.ctx) == 2


async def test_bad_files(bot, tmp_path):
    unknown = await import_csv(bot.ctx, write(tmp_path, ["titre;debut;couleur", "x;y;z"]))
    assert any("couleur" in reason for _, reason in unknown.errors)
    assert any("type, fin" in reason for _, reason in unknown.errors)
    latin = await import_csv(bot.ctx, write(tmp_path, [HEADER, GOOD[0]], encoding="latin-1"))
    assert "UTF-8" in latin.errors[0][1]
    empty = await import_csv(bot.ctx, write(tmp_path, [HEADER]))
    assert "aucun événement" in empty.errors[0][1]
    twice = await import_csv(bot.ctx, write(tmp_path, [HEADER, GOOD[0], GOOD[0]]))
    assert twice.errors == [(3, "identifiant « jd-lille » déjà utilisé ligne 2")]
    assert await count(bot.ctx) == 0


def _relative_to_today(line: str) -> str:
    """The command line uses the real clock: move the 2027 dates of a row to 30 days from today."""
    import datetime as dt

    day = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    for fixed in ("03/03/2027", "05/03/2027", "04/03/2027"):
        line = line.replace(fixed, day)
    return line


def test_cli_import_and_dry_run(settings, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PASSERELLE_DB", str(settings.database))
    monkeypatch.setenv("PASSERELLE_SECRET", "secret-de-test")
    bad = write(tmp_path, [HEADER, _relative_to_today(GOOD[0]), _relative_to_today(BAD[1])], name="mix.csv")
    assert cli(["import-events", str(bad), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "ligne 3" in out and "la fin doit être après le début" in out and "rien n'a été importé" in out
    good = write(tmp_path, [HEADER, *map(_relative_to_today, GOOD)], name="ok.csv")
    assert cli(["import-events", str(good)]) == 0
    assert "Import terminé : 2 événement(s) créé(s)" in capsys.readouterr().out
    assert cli(["import-events", str(tmp_path / "absent.csv")]) == 2


def test_cli_qr(settings, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PASSERELLE_DB", str(settings.database))
    out = tmp_path / "affiche.png"
    assert cli(["qr", "src_affiche-lycee", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") and "start=src_affiche-lycee" in capsys.readouterr().out
    assert cli(["qr", "evt_999", "--out", str(tmp_path / "x.png")]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    assert cli(["qr", "metier_inexistant"]) == 2
    assert cli(["qr", "n'importe quoi"]) == 2


def test_qr_png_has_room_for_the_link():
    from PIL import Image
    import io

    image = Image.open(io.BytesIO(qr_png("https://t.me/PasserelleCommerceBot?start=evt_12")))
    assert image.height > image.width  # the link is printed under the code


def copy_content(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


CALENDAR = """evenements:
  - id: rmc-2027-lille
    type: forum
    titre: Rencontres des Métiers du Commerce à Lille
    debut: 05/10/2027 09:00
    fin: 05/10/2027 17:00
    ville: Lille
    departement: "59"
    organisateurs: ["arml: ARML Hauts-de-France", "opcommerce: Opcommerce Hauts-de-France"]
  - id: webinaire-national
    type: atelier
    titre: Webinaire national
    debut: 2027-06-01 18:00
    fin: 2027-06-01 19:00
    lien: https://example.org/webinaire
"""


def test_yaml_validation_names_file_line_and_reason(tmp_path):
    content = copy_content(tmp_path)
    (content / "evenements" / "national.yaml").write_text(CALENDAR, encoding="utf-8")
    assert validate_event_files(content) == []
    (content / "evenements" / "casse.yaml").write_text(
        CALENDAR.replace("departement: \"59\"", "departement: \"99\"").replace("rmc-2027-lille", "autre").replace("webinaire-national", "w2")
        + "  - id: sans-fin\n    type: atelier\n    titre: Sans fin\n    debut: 2027-06-01 18:00\n    ville: Lille\n",
        encoding="utf-8",
    )
    (content / "evenements" / "syntaxe.yaml").write_text("evenements:\n  - id: x\n   titre: [", encoding="utf-8")
    problems = [str(p) for p in validate_event_files(content)]
    assert any("casse.yaml:2" in p and "département inconnu « 99 »" in p for p in problems)
    assert any("casse.yaml:" in p and "fin : obligatoire" in p for p in problems)
    assert any("syntaxe.yaml" in p and "syntaxe YAML" in p for p in problems)


async def test_calendar_synced_at_start_up_by_id(settings, clock, catalogue, tmp_path):
    content = copy_content(tmp_path)
    (content / "evenements" / "national.yaml").write_text(CALENDAR, encoding="utf-8")
    custom = settings.model_copy(update={"content_dir": content})
    first = await make_bot(custom, clock, catalogue)
    rows = await first.ctx.db.fetchall("SELECT external_id, scope, source FROM events ORDER BY id")
    assert [tuple(r) for r in rows] == [("rmc-2027-lille", "regional", "yaml:national.yaml"), ("webinaire-national", "online", "yaml:national.yaml")]
    await close_bot(first)
    (content / "evenements" / "national.yaml").write_text(CALENDAR.replace("à Lille", "à Lille-Grand Palais"), encoding="utf-8")
    second = await make_bot(custom, clock, catalogue)
    try:
        assert await second.ctx.db.scalar("SELECT count(*) FROM events") == 2
        assert (await get_event(second.ctx, 1)).title == "Rencontres des Métiers du Commerce à Lille-Grand Palais"
    finally:
        await close_bot(second)


async def test_demo_seed_marks_examples_in_hauts_de_france(bot):
    from devtools.demo import events as demo

    await demo.seed(bot.ctx)
    await demo.seed(bot.ctx)  # idempotent
    rows = await bot.ctx.db.fetchall("SELECT region, is_example, starts_at FROM events")
    assert len(rows) == len(demo.EXAMPLES) + 1  # and one that starts soon, for the reminder
    assert all(r["is_example"] == 1 and r["starts_at"] > bot.ctx.clock.timestamp() for r in rows)
    assert sum(r["region"] == "32" for r in rows) >= 3
