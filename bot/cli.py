"""The ``passerelle`` command: run, console, validate (and the tools the features add)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings
from bot.logs import setup_logging

log = logging.getLogger("passerelle")


def cmd_validate(settings: Settings, args: argparse.Namespace) -> int:
    """Check every content file; print each problem with file, line and field."""
    from bot.catalogue.loader import read_content
    from bot.catalogue.validate import extra_checks

    import datetime as dt

    content = Path(args.content or settings.content_dir)
    raw = read_content(content, today=dt.date.today())
    problems = raw.problems + extra_checks(content)
    if problems:
        print(f"{len(problems)} problème(s) dans {content} :")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    jobs = sum(len(bf.metiers) for _, bf, _ in raw.branches)
    departements = sum(len(r.departements) for r in raw.regions.regions)
    print(
        f"Contenu valide : {len(raw.branches)} branches, {jobs} métiers, {len(raw.regions.regions)} régions, "
        f"{departements} départements, {len(raw.contacts.regions)} régions avec contacts "
        f"(lu et vérifié en {raw.seconds * 1000:.0f} ms)"
    )
    return 0


async def _serve(settings: Settings) -> None:
    from bot.app import build_application, build_context

    ctx = await build_context(settings)
    app = build_application(ctx, webhook=bool(settings.webhook_url))
    closed = False
    try:
        await _serve_app(app)
        closed = True
    finally:
        if not closed:  # e.g. the Bot API server is unreachable: close the database, or the process never ends
            await ctx.log.close()
            await ctx.db.close()


async def _serve_app(app) -> None:
    from bot.app import shutdown, startup

    from bot.webhook import ALLOWED_UPDATES, serve_webhook

    async with app:
        await startup(app)
        await app.start()
        stop = asyncio.Event()
        webhook = None
        if app.updater is None:
            webhook = asyncio.create_task(serve_webhook(app, app.bot_data["ctx"], app.metrics, stop))
        else:
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        log.info("Passerelle Commerce en service (bot @%s, %s)", app.bot.username, "webhook" if webhook else "long polling")
        try:
            import signal

            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
        await (webhook if webhook else stop.wait())
        log.info("arrêt demandé")
        if app.updater is not None:
            await app.updater.stop()
        await app.stop()
        await shutdown(app)


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Serve Telegram (or the Bot API server at TELEGRAM_API_BASE_URL): long polling, or webhook with
    PASSERELLE_WEBHOOK_URL (bot/webhook.py)."""
    if not settings.token:
        print("TELEGRAM_BOT_TOKEN n'est pas défini : impossible de se connecter à Telegram.\n"
              "Pour essayer le bot sans jeton : passerelle console (ou make run).", file=sys.stderr)
        return 2
    if settings.webhook_url and not settings.webhook_secret:
        print("PASSERELLE_WEBHOOK_URL est défini mais pas PASSERELLE_WEBHOOK_SECRET : le webhook exige un secret\n"
              "(16 à 256 caractères A-Z a-z 0-9 _ -, par exemple : openssl rand -hex 32).", file=sys.stderr)
        return 2
    return _run_checked(_serve(settings))


def _run_checked(coroutine) -> int:
    """Run the bot; on invalid content, print the same report as ``passerelle validate`` and exit 1."""
    from bot.catalogue import ContentError

    from telegram.error import InvalidToken, NetworkError

    try:
        asyncio.run(coroutine)
    except (InvalidToken, NetworkError) as error:
        from bot.logs import redact

        print(f"Impossible de joindre l'API Bot de Telegram ({type(error).__name__} : {redact(str(error))}).\n"
              "Vérifiez TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL et la connexion réseau.", file=sys.stderr)
        return 1
    except ContentError as error:
        print("Le contenu est invalide, le bot ne démarre pas :", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    return 0


def cmd_console(settings: Settings, args: argparse.Namespace) -> int:
    """Chat with the bot in the terminal, on demo data."""
    from devtools.console import run_console

    return _run_checked(run_console(settings, args.persona))


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    """A consistent copy of the database, even while the bot runs (SQLite's online backup)."""
    from storage.dialect import is_postgres, sqlite_path
    from storage.sqlite_file import backup

    if is_postgres(settings.database):
        print("Base PostgreSQL : sauvegardez-la avec pg_dump (voir « Mettre en production » dans le README).", file=sys.stderr)
        return 2
    size = asyncio.run(backup(sqlite_path(settings.database), args.file))
    print(f"Sauvegarde de {settings.database} écrite dans {args.file} ({size / 1024:.0f} Kio).")
    if not settings.secret:
        print(f"Gardez aussi {settings.secret_file} (la clé des statistiques) : sans elle, elles ne relient plus les visites.")
    return 0


def cmd_migrate_db(settings: Settings, args: argparse.Namespace) -> int:
    """Copy every table of one database into another, empty one (SQLite → PostgreSQL), counts checked."""
    from storage.copy import CopyError, copy_database
    from storage.db import Database

    async def run() -> dict[str, int]:
        source = await Database.open(args.source)
        try:
            target = await Database.open(args.target)
            try:
                return await copy_database(source, target, progress=lambda table, n: print(f"  {table} : {n} lignes"))
            finally:
                await target.close()
        finally:
            await source.close()

    try:
        copied = asyncio.run(run())
    except CopyError as error:
        print(f"Copie refusée : {error}.", file=sys.stderr)
        return 1
    print(f"Copie terminée : {len(copied)} tables, {sum(copied.values())} lignes, comptes vérifiés.")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="passerelle", description="Passerelle Commerce : l'assistant Telegram des métiers du commerce.")
    main.add_argument("--config", help="fichier de configuration (sinon PASSERELLE_CONFIG ou config.yaml)")
    sub = main.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="servir Telegram (jeton dans TELEGRAM_BOT_TOKEN)").set_defaults(func=cmd_run)
    console = sub.add_parser("console", help="discuter avec le bot dans le terminal (données de démonstration)")
    console.add_argument("--as", dest="persona", choices=["jeune", "conseiller", "coordinateur"], default="jeune")
    console.set_defaults(func=cmd_console)
    validate = sub.add_parser("validate", help="vérifier tout le contenu (métiers, régions, contacts, événements)")
    validate.add_argument("--content", help="dossier de contenu à vérifier (par défaut celui de la configuration)")
    validate.set_defaults(func=cmd_validate)
    backup = sub.add_parser("backup", help="copie cohérente de la base, même pendant que le bot tourne")
    backup.add_argument("file", metavar="FICHIER", help="le fichier de sauvegarde à créer (il ne doit pas exister)")
    backup.set_defaults(func=cmd_backup)
    migrate = sub.add_parser("migrate-db", help="copier toutes les tables vers une base vide (ex. SQLite → PostgreSQL)")
    migrate.add_argument("--from", dest="source", required=True, metavar="ADRESSE", help="sqlite:///data/passerelle.db ou un chemin")
    migrate.add_argument("--to", dest="target", required=True, metavar="ADRESSE", help="postgresql://utilisateur:mot-de-passe@hôte:port/base")
    migrate.set_defaults(func=cmd_migrate_db)
    for extend in _extensions():
        extend(sub)
    return main


def _extensions() -> list:
    """Sub-commands added by the features (import-events, qr, stats)."""
    found = []
    for name in ("bot.events.cli", "bot.stats.cli", "bot.missions_locales.cli"):
        try:
            module = __import__(name, fromlist=["add_commands"])
        except ModuleNotFoundError as error:
            if error.name is None or not name.startswith(error.name):
                raise
            continue
        found.append(module.add_commands)
    return found


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    # the console is a chat: only warnings and errors interrupt it
    setup_logging("WARNING" if args.command == "console" and settings.log_level in ("DEBUG", "INFO") else settings.log_level)
    from storage.sqlite_file import StorageError

    try:
        return args.func(settings, args) or 0
    except StorageError as error:  # one line naming the file and the problem, never a traceback or a hang
        print(error, file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
