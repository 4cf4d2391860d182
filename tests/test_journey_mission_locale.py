"""Issue 14 §1: my Mission Locale from my postal code (pin, phone, website), the directory and its import."""

import json

from bot.cli import main as cli
from bot.missions_locales.annuaire import convert
from bot.missions_locales.communes import communes


async def test_covered_postal_code_gets_her_mission_locale_with_a_pin(bot, db):
    lina = bot.person(1001, "Lina")
    await lina.send("/start")
    await lina.send("59000")
    await lina.press("Oui, préviens-moi")
    await lina.send("/contact")
    venue = [m for m in lina.messages() if m.raw.get("venue")][-1].raw["venue"]
    assert venue["title"] == "Mission Locale de Lille (exemple)" and "59000 Lille" in venue["address"]
    text = lina.last.plain
    assert "Mission Locale de Lille" in text and "03 00 00 00 01" in text and "exemple" in text
    assert "plus proche" not in text
    assert "Les référents dans les Hauts-de-France" in text
    assert lina.find_button("Site de la Mission Locale")[1]["url"] == "https://ml-lille.exemple.org/"
    assert await db.scalar("SELECT postal_code FROM users WHERE chat_id = 1001") == "59000"


async def test_without_postal_code_it_asks_then_takes_a_commune(bot, db):
    sam = bot.person(1002, "Sam")
    await sam.send("/start")
    await sam.press("Bretagne")
    await sam.send("/contact")
    assert "code postal" in sam.last.plain and "ARML Bretagne" in sam.last.plain
    await sam.send("99999")
    assert "pas reconnu" in sam.last.plain
    await sam.send("Roubaix")
    assert "Mission Locale de Roubaix" in sam.last.plain
    row = await db.fetchone("SELECT postal_code, region FROM users WHERE chat_id = 1002")
    assert tuple(row) == ("59100", "32")
    await sam.press("Changer de code postal")
    await sam.send("80090")  # Amiens, coverage unknown: the nearest of the département
    assert "Mission Locale d'Amiens" in sam.last.plain and "plus proche" in sam.last.plain


async def test_postal_code_question_lets_a_search_through(bot):
    sam = bot.person(1003, "Sam")
    await sam.send("/contact")
    await sam.send("vendeuse")
    assert "Mission Locale" not in sam.last.plain
    await sam.send("59000")  # no longer waiting for a postal code: the region question answers it
    assert "Hauts-de-France" in sam.last.plain


def annuaire_records():
    """Records in the published format (Base de données locales / API annuaire), some broken."""
    return {"service": [
        {"id": "0a1b", "nom": "Mission locale de la Métropole Nord", "pivot": [{"type_service_local": "mission_locale",
         "code_insee_commune": ["59350", "59512"]}],
         "adresse": [{"type_adresse": "Adresse", "numero_voie": "12 rue du Port", "code_postal": "59000",
                      "nom_commune": "Lille", "longitude": "3.05", "latitude": "50.63"}],
         "telephone": [{"valeur": "03 20 00 00 00", "description": ""}], "adresse_courriel": ["contact@mlnord.fr"],
         "site_internet": [{"valeur": "https://www.mlnord.fr"}], "code_insee_commune": "59350"},
        {"nom": "Mission locale sans adresse", "pivot": [{"type_service_local": "mission_locale"}]},
        {"nom": "Mairie de Lille", "pivot": [{"type_service_local": "mairie"}]},
        {"nom": "Mission locale (API)", "adresse": json.dumps([{"code_postal": "69003", "nom_commune": "Lyon"}]),
         "telephone": json.dumps([{"valeur": "04 00 00 00 00"}])},
        {"pivot": [{"type_service_local": "mission_locale"}], "adresse": [{"code_postal": "75010"}]},
    ]}


def test_import_reads_the_published_format_and_names_unusable_records(catalogue):
    report = convert(annuaire_records()["service"], catalogue.regions, communes())
    first = report.usable[0]
    assert first.region == "32" and first.telephone == "03 20 00 00 00" and first.email == "contact@mlnord.fr"
    assert str(first.site) == "https://www.mlnord.fr/" and first.latitude == 50.63
    assert {"59000", "59100"} <= set(first.codes_postaux)  # Lille and Roubaix (INSEE 59512) covered
    assert report.usable[1].commune == "Lyon" and report.usable[1].codes_postaux == []
    assert [(n, reason.split(" ")[0]) for n, _, reason in report.unusable] == [(2, "code"), (5, "pas")]
    assert report.skipped == 1


def test_cli_dry_run_then_import_rewrites_the_directory(settings, tmp_path, monkeypatch, capsys):
    import shutil
    from pathlib import Path

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", content)
    config = tmp_path / "config.yaml"
    config.write_text(f"content_dir: {content}\n", encoding="utf-8")
    monkeypatch.setenv("PASSERELLE_DB", str(tmp_path / "x.db"))
    monkeypatch.setenv("PASSERELLE_SECRET", "secret-de-test")
    export = tmp_path / "annuaire.json"
    export.write_text(json.dumps(annuaire_records()), encoding="utf-8")
    before = (content / "missions_locales.yaml").read_text(encoding="utf-8")
    assert cli(["--config", str(config), "import-missions-locales", str(export), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "enregistrement 2 (Mission locale sans adresse)" in out and "enregistrement 5 (?)" in out
    assert "rien n'a été modifié" in out
    assert (content / "missions_locales.yaml").read_text(encoding="utf-8") == before
    assert cli(["--config", str(config), "import-missions-locales", str(export)]) == 0
    from bot.catalogue import load_catalogue

    directory = load_catalogue(content).missions_locales
    assert [m.nom for m in directory.all] == ["Mission locale (API)", "Mission locale de la Métropole Nord"]
    assert directory.for_postal_code("59100")[0].nom == "Mission locale de la Métropole Nord"
    assert not directory.has_examples
    assert cli(["--config", str(config), "import-missions-locales", str(tmp_path / "absent.json")]) == 2


async def test_invite_asks_for_the_structure_and_coverage_shows_the_rest(bot):
    from bot import roles
    from tests.advisors_helpers import COORD

    coord = bot.person(COORD, "Nadia")
    await coord.send("/couverture")
    assert "Hauts-de-France : 3 sur 3" in coord.last.plain and "Île-de-France : 1 sur 1" in coord.last.plain
    await coord.send("/invite conseiller Hauts-de-France")
    assert "/invite conseiller" in coord.last.plain and "Mission Locale d'Amiens (exemple)" in coord.last.labels
    await coord.press("Mission Locale de Roubaix (exemple)")
    link = [w for w in coord.last.plain.split() if "inv_" in w][0]
    advisor = bot.person(2001, "Samir")
    await advisor.send(f"/start {link.split('start=')[1]}")
    role = await roles.current_role(bot.ctx, 2001)
    assert role.mission_locale == "ml-roubaix-exemple" and role.organisation == "Mission Locale de Roubaix (exemple)"
    await coord.send("/couverture")
    assert "Hauts-de-France : 2 sur 3" in coord.last.plain and "Roubaix" not in coord.last.plain
    await coord.send("/invite conseiller 32 Mission Locale de Lille")  # typed: attached when the directory knows it
    assert "Mission Locale de Lille" in coord.last.plain
    await advisor.send("/couverture")
    assert "Hauts-de-France : " not in advisor.last.plain
