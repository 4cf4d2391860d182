"""/start (deep links, onboarding: privacy notice, region, alerts question, branches), /region, the menu."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, TypeHandler

from bot import callbacks, deeplinks, roles
from bot.app import role_commands
from bot.journey import profile, search_index
from handlers.common import person, services, show

AWAITING_REGION = "awaiting_region"
_CODE_LIKE = re.compile(r"^\s*(\d[\d ]{0,5}|2[abAB])\s*$")
#: Deep links to content: a newcomer sees the privacy notice before the card.
CONTENT_LINKS = ("metier", "branche", "evt")
_CAMPAIGN = re.compile(r"^[a-z0-9_-]{1,40}$")


def _region(row) -> str | None:
    return row["region"] if row else None


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open what the deep link points to (features register their prefixes), else the welcome."""
    row = await person(update, context)
    ctx = services(context)
    payload = context.args[0] if context.args else ""
    parsed = deeplinks.split(payload)
    kind = parsed[0] if parsed else ("invalid" if payload else "")
    await ctx.log.record(update.effective_user.id, "start", kind, region=_region(row))
    if parsed:
        handler = deeplinks.handler_for(parsed[0])
        noticed = parsed[0] in CONTENT_LINKS and handler is not None and await privacy_before_link(update, context, row)
        if handler is not None and await handler(update, context, parsed[1]):
            return
        await welcome(update, context, row, notice=not noticed)
        return
    await welcome(update, context, row)


async def privacy_before_link(update: Update, context: ContextTypes.DEFAULT_TYPE, row) -> bool:
    """A newcomer arriving on a shared card first gets the privacy notice; True if it was shown."""
    ctx = services(context)
    if row is None or row["consent_at"] is not None or await roles.current_role(ctx, update.effective_user.id):
        return False
    await show(update, context, "start/privacy_after_link", first_name=update.effective_user.first_name, new=True)
    return True


async def welcome(update: Update, context: ContextTypes.DEFAULT_TYPE, row, notice: bool = True) -> None:
    """A newcomer gets the offer, the privacy notice and the region question in one message; a regular, the menu.
    ``row`` is the person's row as ``/start`` read it (deep links never change the consent)."""
    ctx = services(context)
    first_name = update.effective_user.first_name
    role = await roles.current_role(ctx, update.effective_user.id)
    if role is not None:
        await show(update, context, "team/staff_home", role=role, first_name=first_name, commands=role_commands(role), new=True)
        return
    if row is not None and row["consent_at"] is not None:
        await show(update, context, "start/welcome_back", first_name=first_name, new=True)
        return
    context.user_data[AWAITING_REGION] = True
    await show(update, context, "start/welcome", first_name=first_name, regions=ctx.catalogue.regions.all, notice=notice, new=True)


async def open_source_link(update: Update, context: ContextTypes.DEFAULT_TYPE, value: str) -> bool:
    """Deep link ``src_<campaign>``: note where the person came from, then the normal welcome."""
    campaign = value.lower()
    if not _CAMPAIGN.match(campaign):
        return False
    await profile.note_source(services(context), update.effective_user.id, campaign)
    return False


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The main menu, one tap away from every answer."""
    row = await person(update, context)
    await services(context).log.record(update.effective_user.id, "menu", region=_region(row))
    await show(update, context, "start/menu")


async def ask_region(update: Update, context: ContextTypes.DEFAULT_TYPE, *, retry: bool = False) -> None:
    """The region question: 18 buttons, or a postal code / département number typed in."""
    row = await person(update, context)
    context.user_data[AWAITING_REGION] = True
    regions = services(context).catalogue.regions
    await show(update, context, "start/region", regions=regions.all, current=regions.name(_region(row)), retry=retry)


async def region_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/region and the « change my region » buttons."""
    await ask_region(update, context)


async def region_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, region: str | None, departement: str | None = None) -> None:
    """Save the region, then ask the alerts question once, or confirm the change."""
    row = await person(update, context)
    ctx = services(context)
    context.user_data.pop(AWAITING_REGION, None)
    await profile.set_region(ctx, row["chat_id"], region, departement)
    region_name = ctx.catalogue.regions.name(region)
    dept = ctx.catalogue.regions.departements.get(departement or "")
    if not row["alerts_asked"]:
        await show(update, context, "start/alerts_question", region_name=region_name, departement=dept[0].nom if dept else "")
    else:
        await show(update, context, "start/region_done", region_name=region_name, departement=dept[0].nom if dept else "")


async def region_from_text(update: Update, context: ContextTypes.DEFAULT_TYPE, row) -> bool:
    """A typed answer to the region question (or a bare postal code before any region): True if handled."""
    text = update.effective_message.text or ""
    awaiting = context.user_data.get(AWAITING_REGION) or (row is not None and row["region"] is None and _CODE_LIKE.match(text))
    if not awaiting:
        return False
    found = services(context).catalogue.regions.resolve(text)
    if found is None:
        if not _CODE_LIKE.match(text) and search_index(services(context)).search(text):
            context.user_data.pop(AWAITING_REGION, None)  # a job's name: the person moved on (search it)
            return False
        await ask_region(update, context, retry=True)
        return True
    region, departement = found
    await region_chosen(update, context, region.code, departement)
    return True


async def alerts_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, yes: bool) -> None:
    """The explicit yes/no about announcements of actions in the region; then what to do next."""
    row = await person(update, context)
    await profile.set_alerts(services(context), row["chat_id"], yes, _region(row))
    await show(update, context, "start/next", alerts=yes)


async def pick_branches(update: Update, context: ContextTypes.DEFAULT_TYPE, toggle: str | None = None, done: bool = False) -> None:
    """Onboarding: tick the branches that interest the person (optional)."""
    row = await person(update, context)
    ctx = services(context)
    if toggle is not None:
        if ctx.catalogue.branch(toggle) is None:
            await show(update, context, "common/stale")
            return
        chosen = await profile.toggle_branch(ctx, row["chat_id"], "interest", toggle, _region(row))
    else:
        chosen = await profile.branches(ctx, row["chat_id"], "interest")
    picked = [b for b in ctx.catalogue.branches if b.id in chosen]
    template = "start/branches_done" if done else "start/branches_pick"
    await show(update, context, template, branches=ctx.catalogue.branches, chosen=set(chosen), picked=picked)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``reg:<code>|non``, ``regl``, ``alq:1|0``, ``obr``, ``obt:<branch>``, ``obd``."""
    data = callbacks.parse(update.callback_query.data)
    regions = services(context).catalogue.regions
    if data is None:
        await show(update, context, "common/stale")
    elif data.kind == "regl":
        await ask_region(update, context)
    elif data.kind == "reg" and data.arg(0) == "non":
        await region_chosen(update, context, None)
    elif data.kind == "reg" and data.arg(0) in regions.by_code:
        await region_chosen(update, context, data.arg(0))
    elif data.kind == "alq" and data.arg(0) in ("0", "1"):
        await alerts_answer(update, context, data.arg(0) == "1")
    elif data.kind == "obr":
        await pick_branches(update, context)
    elif data.kind == "obt" and data.arg(0):
        await pick_branches(update, context, toggle=data.arg(0))
    elif data.kind == "obd":
        await pick_branches(update, context, done=True)
    else:
        await show(update, context, "common/stale")


async def forget_pending_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command or button other than the region's closes a pending region question."""
    if context.user_data is None or AWAITING_REGION not in context.user_data:
        return
    query = update.callback_query
    message = update.effective_message
    if query is not None:
        data = callbacks.parse(query.data)
        if data is None or data.kind not in ("reg", "regl"):
            context.user_data.pop(AWAITING_REGION, None)
    elif message is not None and (message.text or "").startswith("/") and not message.text.startswith("/region"):
        context.user_data.pop(AWAITING_REGION, None)


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, forget_pending_question), group=-1)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CommandHandler("region", region_command))
    app.add_handler(CallbackQueryHandler(menu, pattern=callbacks.pattern("menu")))
    app.add_handler(CallbackQueryHandler(on_button, pattern=callbacks.pattern("reg", "regl", "alq", "obr", "obt", "obd")))
    deeplinks.register("src", open_source_link)
