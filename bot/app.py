"""Builds the python-telegram-bot Application: services, handlers, error handler, command menus."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault, LinkPreviewOptions
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, BasePersistence, Defaults
from telegram.request import BaseRequest, HTTPXRequest

from bot.broadcast.sender import Broadcaster
from bot.catalogue import Catalogue, load_catalogue
from bot.catalogue.quiz import Quiz
from bot.catalogue.search import SearchIndex
from bot.clock import PARIS, Clock
from bot.config import Settings
from bot.metrics import InstrumentedApplication, Metrics, count_jobs
from bot.people import PersonCache
from bot.context import AppContext
from bot.incoming import LightUpdatesRequest
from bot.interactions import InteractionLog
from bot.pseudonym import Pseudonymizer, load_or_create_secret
from bot.menus import command_menus
from bot.render import Renderer
from bot.retry import RetryingRequest
from bot.textfmt import register_filters
from storage.db import Database

log = logging.getLogger(__name__)
LOCAL_TOKEN = "7000000001:LOCAL-EMULATOR-TOKEN"


def handler_modules() -> list[Any]:
    """The handler modules, in registration order: conversations and commands first, fallbacks last."""
    from handlers import account, contact, discovery, errors, events, fallback, favourites, followup, forms, help, inline, privacy_guard, questions, quiz, search, start, stats, steps, team

    # search (any free text) stays just before the fallback
    # privacy_guard first: group/channel updates stop there (the bot is private-chat only)
    return [privacy_guard, steps, forms, start, team, followup, stats, discovery, events, favourites, quiz, account, contact, questions, help, inline, search, fallback, errors]


async def build_context(
    settings: Settings, clock: Clock | None = None, catalogue: Catalogue | None = None, log_batch: int = 200
) -> AppContext:
    """Open the database, load the content and gather the services (fails on invalid content)."""
    catalogue = catalogue or load_catalogue(Path(settings.content_dir))
    db = await Database.open(settings.database)
    try:
        secret = load_or_create_secret(settings.secret, settings.secret_file)
    except BaseException:
        await db.close()  # an open connection would keep the process alive
        raise
    clock = clock or Clock()
    pseudonymizer = Pseudonymizer(secret)
    renderer = Renderer()
    register_filters(renderer, catalogue)
    ctx = AppContext(
        settings=settings,
        db=db,
        catalogue=catalogue,
        renderer=renderer,
        clock=clock,
        pseudonymizer=pseudonymizer,
        log=InteractionLog(db, clock, pseudonymizer, batch=log_batch),
        search=SearchIndex(catalogue),
        quiz=Quiz(list(catalogue.jobs.values()), branches=list(catalogue.jobs_of.values())),
        bot_username=settings.bot_username,
    )
    ctx.broadcaster = Broadcaster(ctx)  # its bot comes with the application (build_application)
    if db.dialect.name == "postgresql":  # several instances: never reuse a row another one may have changed
        ctx.people = PersonCache(ttl=0)
    return ctx


def build_application(
    ctx: AppContext,
    request: BaseRequest | None = None,
    rate_limit: bool = True,
    persistence: BasePersistence | None = None,
    webhook: bool = False,
) -> Application:
    """The Application with every handler registered; ``request`` replaces the network (emulator).
    With ``webhook``, no Updater: bot/webhook.py puts the updates on the queue. Counts what it handles
    (``app.metrics``, bot/metrics.py)."""
    settings = ctx.settings
    builder = (
        ApplicationBuilder()
        .application_class(InstrumentedApplication)
        .token(settings.token or LOCAL_TOKEN)
        .defaults(Defaults(parse_mode="HTML", tzinfo=PARIS, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(startup)
        .post_shutdown(shutdown)
    )
    if request is not None:
        updates_request = request
    else:
        builder = builder.base_url(settings.telegram.api_base_url).base_file_url(settings.telegram.api_file_url)
        request, updates_request = HTTPXRequest(connection_pool_size=256), HTTPXRequest()  # PTB's own defaults
    # every call but getUpdates (PTB's updater has its own back-off) retries what is safe to retry (bot/retry.py)
    # getUpdates: PTB reads the updates without the keyboards it would parse for nothing (bot/incoming.py)
    builder = builder.request(RetryingRequest(request)).get_updates_request(LightUpdatesRequest(updates_request))
    if rate_limit:
        builder = builder.rate_limiter(
            AIORateLimiter(
                overall_max_rate=settings.telegram.overall_per_second,
                overall_time_period=1,
                group_max_rate=20,
                group_time_period=60,
                max_retries=3,
            )
        )
    if persistence is None and str(settings.database) != ":memory:":
        from bot.persistence import DatabasePersistence  # conversations (e.g. /annonce) survive a restart

        persistence = DatabasePersistence(ctx.db)
    if persistence is not None:
        builder = builder.persistence(persistence)
    if webhook:
        builder = builder.updater(None)
    app = builder.build()
    app.metrics = Metrics()
    if persistence is not None and ctx.db.dialect.name == "postgresql":  # any instance may get the next step
        app.shared_state = persistence
    count_jobs(app, app.metrics)
    app.bot_data["ctx"] = ctx
    if ctx.broadcaster is not None:
        ctx.broadcaster.bot = app.bot
    for module in handler_modules():  # importing them declares their commands and buttons (handlers/common.py)
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
    return app


async def startup(app: Application) -> None:
    """After initialisation: learn the bot's name, set command menus, run each feature's start-up."""
    ctx: AppContext = app.bot_data["ctx"]
    ctx.bot_username = app.bot.username or ctx.bot_username
    menus = command_menus()
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in menus["jeune"]], scope=BotCommandScopeDefault())
    for module in handler_modules():
        hook = getattr(module, "on_startup", None)
        if hook is not None:
            await hook(app)


async def shutdown(app: Application) -> None:
    """After the application stopped: each feature's shutdown, then PTB's (which saves the
    conversations' state in the database), then the database itself. Safe to call twice."""
    ctx: AppContext = app.bot_data["ctx"]
    if ctx.closed:
        return
    ctx.closed = True
    for module in handler_modules():
        hook = getattr(module, "on_shutdown", None)
        if hook is not None:
            await hook(app)
    await ctx.log.close()
    await app.shutdown()  # idempotent; writes the persistence while the database is open
    await ctx.db.close()
