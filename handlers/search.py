"""Free text and search: /recherche <mots>, the « Chercher » button, and any text that is not a command.

Registered just before the fallback: conversations of other features (typed answers) come first.
A typed answer to the region question is recognised by the journey service first; then the text
is read (bot.journey.understand): an intent opens its screen (templates ``intents/``, or a
feature's screen from bot.screens), a place answers the region question, anything else is a search.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot import screens
from bot.catalogue.regions import fold
from bot.catalogue.search import looks_foreign
from bot.journey import log_search, profile, understand
from handlers.common import button, command, just_welcomed, number, person, services, show, show_region

#: Longer than this, a message is searched only for the catalogue's words it contains.
MAX_SEARCH_CHARS = 300


#: Jobs per page of results, and how many pages « ➕ Voir plus » can show.
PAGE, PAGES = 5, 4
#: In the person's user_data (saved in the database, erased by /oubli): the job ids of their latest search,
#: for « ➕ Voir plus » and a job card's « ⬅️ Mes résultats ». Never the words typed.
LAST_RESULTS = "search_results"


async def run_search(update: Update, context: ContextTypes.DEFAULT_TYPE, row, query: str) -> None:
    """Search the catalogue and show the 5 best jobs, « ➕ Voir plus » for the next ones; nothing found is
    recorded as a content gap."""
    ctx = services(context)
    hits = ctx.search.search(query, limit=PAGE * PAGES)
    await log_search(ctx, row["chat_id"], row["region"] if row else None, query, found=bool(hits))
    if hits:
        context.user_data[LAST_RESULTS] = [h.job.id for h in hits]
        await show(update, context, "search/results", query=query.strip(), jobs=[h.job for h in hits[:PAGE]], page=0, more=len(hits) > PAGE)
    else:
        await show(update, context, "search/none", query=query.strip())


@button("srm", args=(number,))
async def more_results(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int) -> None:
    """``srm:<page>``: a page of the latest search's jobs (« ➕ Voir plus », « ◀️ Précédent », a job card's
    « ⬅️ Mes résultats »); nothing kept (after /oubli, a forged page): the search prompt."""
    await person(update, context)
    ctx = services(context)
    ids = context.user_data.get(LAST_RESULTS) or []
    jobs = [ctx.catalogue.job(i) for i in ids[page * PAGE:(page + 1) * PAGE] if ctx.catalogue.job(i)]
    if page < 0 or not jobs:
        await show(update, context, "search/prompt")
        return
    await show(update, context, "search/results", query="", jobs=jobs, page=page, more=len(ids) > (page + 1) * PAGE)


@command("recherche")
async def recherche(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/recherche <mots>; without words, the prompt."""
    row = await person(update, context)
    words = " ".join(context.args or [])
    if not fold(words):
        await show(update, context, "search/prompt")
        return
    reading = understand.read(services(context), words)  # « /recherche alternance » as /aide suggests: its answer
    if reading.kind == "intent":
        await open_intent(update, context, row, reading)
        return
    await on_words(update, context, row, words, reading.problem)


@button("srch")
async def prompt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Chercher un métier »: how to search."""
    await person(update, context)
    await show(update, context, "search/prompt")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Free text: a region answer, a search, or a kind answer to what is not one."""
    row = await person(update, context)
    if row is None:
        return
    text = update.effective_message.text or ""
    reading = understand.read(services(context), text)
    answer = await profile.region_answer(services(context), row, text, bool(context.user_data.get(profile.AWAITING_REGION)), reading)
    if answer is not None:
        await show_region(update, context, answer)
        return
    if reading.kind == "intent":
        await open_intent(update, context, row, reading)
    elif reading.kind == "place":
        await open_place(update, context, row, reading.places, typed=text if reading.confirm else None)
    else:
        await on_words(update, context, row, text, reading.problem)


async def open_intent(update: Update, context: ContextTypes.DEFAULT_TYPE, row, reading: understand.Reading) -> None:
    """The screen an intent leads to; only the intent's name is counted (distress: nothing)."""
    ctx = services(context)
    intent = reading.intent
    if intent.screen == "bonjour" and just_welcomed(update):  # the welcome just said hello
        return
    if intent.id not in understand.UNLOGGED:
        await ctx.log.record(row["chat_id"], "intent", intent.id, region=row["region"], branch=intent.branch)
    feature = screens.get(intent.screen)
    if intent.screen == "branche" and feature is not None:
        await feature(update, context, intent.branch)
    elif feature is not None:  # « contact », a command's screen typed without its « / » (« quiz », « mes favoris »)
        await feature(update, context)
    else:
        await show(
            update, context, f"intents/{intent.screen}", jobs=reading.jobs, rest=reading.rest, alerts=bool(row["alerts_enabled"]),
            region_name=ctx.catalogue.regions.name(row["region"]), alternance=ctx.catalogue.alternance,
        )


@button("int", args=(str,))
async def intent_button(update: Update, context: ContextTypes.DEFAULT_TYPE, screen: str) -> None:
    """``int:<screen>``: an intent's answer opened from a button (« 🎓 L'alternance »)."""
    row = await person(update, context)
    if screen not in understand.BUTTON_SCREENS:
        await show(update, context, "common/stale")
        return
    await open_intent(update, context, row, understand.screen_reading(services(context), screen))


async def open_place(update: Update, context: ContextTypes.DEFAULT_TYPE, row, places, typed: str | None = None) -> None:
    """A place typed alone answers the region question; a city found in several regions asks which one, and
    a bare number (``typed``) only offers its département."""
    ctx = services(context)
    if typed is None and len({region.code for region, _ in places}) == 1:
        region, departement = places[0]
        await show_region(update, context, await profile.choose_region(ctx, row, region.code, departement if len(places) == 1 else None))
        return
    await show(update, context, "intents/which_place", places=places[:8], departements=ctx.catalogue.regions.departements, typed=typed)


async def on_words(update: Update, context: ContextTypes.DEFAULT_TYPE, row, text: str, problem: str | None = None) -> None:
    """Search the words, unless they are clearly not a search (emoji only, another language, a long text without any known word)."""
    ctx = services(context)
    if problem is None and not fold(text):
        problem = "emoji" if text.strip() else "empty"
    if problem is None and len(text) > MAX_SEARCH_CHARS and not ctx.search.search(text):
        problem = "too_long"
    if problem is None and looks_foreign(text):
        problem = "foreign"
    if problem is not None:
        await ctx.log.record(row["chat_id"], "unrecognised", problem, region=row["region"])
        await show(update, context, "search/not_a_search", problem=problem)
        return
    await run_search(update, context, row, text)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, on_text))
