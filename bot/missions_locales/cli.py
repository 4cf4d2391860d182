"""``passerelle import-missions-locales FICHIER.json [--dry-run]``: load the official directory."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.config import Settings


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.catalogue import ContentError, load_catalogue
    from bot.missions_locales.annuaire import convert, read_file, write_directory
    from bot.missions_locales.communes import communes

    path = Path(args.file)
    if not path.is_file():
        print(f"Fichier introuvable : {path}", file=sys.stderr)
        return 2
    try:
        records = read_file(path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        print(f"Fichier illisible ({path}) : ce n'est pas l'export JSON de l'annuaire ({error})", file=sys.stderr)
        return 2
    content = Path(settings.content_dir)
    catalogue = load_catalogue(content)
    report = convert(records, catalogue.regions, communes())
    for number, name, reason in report.unusable:
        print(f"  ✗ enregistrement {number} ({name}) : {reason}")
    print(f"{len(report.usable)} Mission(s) Locale(s) utilisable(s), {len(report.unusable)} inutilisable(s)"
          + (f", {report.skipped} enregistrement(s) d'un autre type de service ignoré(s)" if report.skipped else "") + ".")
    if args.dry_run:
        for ml in report.usable:
            covered = f", {len(ml.codes_postaux)} code(s) postal(aux) couvert(s)" if ml.codes_postaux else ", couverture inconnue"
            print(f"  ✓ {ml.nom} — {ml.code_postal} {ml.commune} [{ml.id}]{covered}")
        print("Vérification seule : rien n'a été modifié.")
        return 0 if report.usable else 1
    if not report.usable:
        print("Aucune Mission Locale utilisable : l'annuaire n'a pas été modifié.", file=sys.stderr)
        return 1
    target = content / "missions_locales.yaml"
    previous = target.read_text(encoding="utf-8") if target.exists() else None
    write_directory(report, target, path.name)
    try:
        load_catalogue(content)
    except ContentError as error:  # never leave an annuaire the bot refuses at start-up
        if previous is None:
            target.unlink()
        else:
            target.write_text(previous, encoding="utf-8")
        print("L'annuaire importé est refusé par la validation ; l'ancien est gardé :", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"Annuaire écrit dans {target} : {len(report.usable)} Mission(s) Locale(s). Redémarrez le bot pour l'utiliser.")
    return 0


def add_commands(sub) -> None:
    parser = sub.add_parser("import-missions-locales",
                            help="charger l'annuaire des Missions Locales (export JSON de l'Annuaire de l'administration)")
    parser.add_argument("file", metavar="FICHIER.json")
    parser.add_argument("--dry-run", action="store_true", help="vérifier seulement : nommer les enregistrements inutilisables, ne rien écrire")
    parser.set_defaults(func=cmd_import)
