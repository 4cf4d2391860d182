"""``passerelle import-events FILE.csv [--dry-run]`` and ``passerelle qr evt_<id>|metier_<id>|src_<campaign>``."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

from bot import deeplinks
from bot.config import Settings


async def _import(settings: Settings, path: Path, dry_run: bool) -> int:
    from bot.app import build_context
    from bot.events.csvimport import import_csv

    ctx = await build_context(settings)
    try:
        report = await import_csv(ctx, path, dry_run=dry_run)
    finally:
        await ctx.db.close()
    if report.errors:
        print(f"{len(report.errors)} ligne(s) à corriger dans {path} (rien n'a été importé) :")
        for line, reason in report.errors:
            print(f"  - {'fichier' if line == 0 else f'ligne {line}'} : {reason}")
    if dry_run:
        print(f"Vérification seule : {len(report.rows)} ligne(s) valide(s) ({report.new} nouveau(x), {report.existing} mise(s) à jour) ; rien n'a été importé.")
        for line, event in report.rows:
            print(f"  ✓ ligne {line} : {event.title} ({event.starts_at:%d/%m/%Y %H:%M}) [{event.external_id}]")
    elif report.ok:
        print(f"Import terminé : {report.new} événement(s) créé(s), {report.existing} mis à jour.")
    return 0 if report.ok else 1


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"Fichier introuvable : {path}", file=sys.stderr)
        return 2
    return asyncio.run(_import(settings, path, args.dry_run))


async def _check_payload(settings: Settings, payload: str) -> str | None:
    """None when the payload points to something that exists, else the reason."""
    match = re.fullmatch(r"(evt|metier|src)_([A-Za-z0-9_-]{1,58})", payload)
    if not match:
        return "attendu : evt_<numéro>, metier_<identifiant> ou src_<campagne> (lettres, chiffres, - et _)"
    prefix, value = match.groups()
    if prefix == "metier":
        from bot.catalogue import load_catalogue

        if load_catalogue(Path(settings.content_dir)).job(value) is None:
            return f"le métier « {value} » n'existe pas"
    elif prefix == "evt":
        if deeplinks.id_number(value) is None:
            return "evt_ doit être suivi du numéro de l'événement (12 chiffres au plus)"
        from storage import events as event_store
        from storage.db import Database

        db = await Database.open(settings.database)
        try:
            status = await event_store.status_of(db, int(value))
        finally:
            await db.close()
        if status is None:
            return f"l'événement n°{value} n'existe pas dans {settings.database}"
        if status == "annule":
            return f"l'événement n°{value} est annulé"
    return None


def cmd_qr(settings: Settings, args: argparse.Namespace) -> int:
    from bot import deeplinks
    from bot.events.qr import write_qr

    problem = asyncio.run(_check_payload(settings, args.payload))
    if problem:
        print(f"Impossible de faire le QR code « {args.payload} » : {problem}", file=sys.stderr)
        return 2
    prefix, value = deeplinks.split(args.payload)
    link = deeplinks.link(args.bot or settings.bot_username, prefix, value)
    out = write_qr(link, Path(args.out or f"qr-{args.payload}.png"))
    print(f"QR code écrit dans {out} ({link})")
    return 0


def add_commands(sub) -> None:
    parser = sub.add_parser("import-events", help="importer des événements depuis un tableur CSV (; ou ,)")
    parser.add_argument("file", metavar="FICHIER.csv")
    parser.add_argument("--dry-run", action="store_true", help="vérifier seulement : lister les lignes à corriger, ne rien importer")
    parser.set_defaults(func=cmd_import)
    qr = sub.add_parser("qr", help="QR code (PNG) d'un lien : evt_<id>, metier_<id> ou src_<campagne>")
    qr.add_argument("payload", metavar="evt_<id>|metier_<id>|src_<campagne>")
    qr.add_argument("--out", help="fichier PNG (par défaut qr-<lien>.png)")
    qr.add_argument("--bot", default=None, help="nom d'utilisateur du bot, sans @ (par défaut : bot_username de la configuration)")
    qr.set_defaults(func=cmd_qr)
