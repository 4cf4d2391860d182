"""/start (deep links, onboarding: privacy notice, region, alerts question, branches), /region, the menu."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot import callbacks, deeplinks, roles
from bot.journey import profile
from handlers.common import button, command, flag, person, services, show, show_region, show_staff_home

#: Deep links to content: a newcomer sees the privacy notice before the card.
CONTENT_LINKS = ("metier", "branche", "evt")
_CAMPAIGN = re.compile(r"^[a-z0-9_-]{1,40}$")


def _region(row) -> str | None:
    return row["region"] if row else None


@command("start")
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
        await welcome(update, context, row, notice=not noticed, broken=handler is not None and parsed[0] in CONTENT_LINKS)
        return
    await welcome(update, context, row)


async def privacy_before_link(update: Update, context: ContextTypes.DEFAULT_TYPE, row) -> bool:
    """A newcomer arriving on a shared card first gets the privacy notice; True if it was shown."""
    ctx = services(context)
    if row is None or row["consent_at"] is not None or await roles.current_role(ctx, update.effective_user.id):
        return False
    await show(update, context, "start/privacy_after_link", first_name=update.effective_user.first_name, new=True)
    return True


async def welcome(update: Update, context: ContextTypes.DEFAULT_TYPE, row, notice: bool = True, broken: bool = False) -> None:
    """A newcomer gets the offer, the privacy notice and the region question in one message; a regular, the menu.
    ``row`` is the person's row as ``/start`` read it (deep links never change the consent); ``broken``: a link to
    a job or a branch the catalogue no longer has (said first)."""
    ctx = services(context)
    first_name = update.effective_user.first_name
    role = await roles.current_role(ctx, update.effective_user.id)
    if role is not None:
        await show_staff_home(update, context, role)
        return
    if row is not None and row["consent_at"] is not None:
        await show(update, context, "start/welcome_back", first_name=first_name, broken=broken, new=True)
        return
    context.user_data[profile.AWAITING_REGION] = True
    await show(update, context, "start/welcome", first_name=first_name, regions=ctx.catalogue.regions.all, notice=notice, broken=broken, new=True)


async def open_source_link(update: Update, context: ContextTypes.DEFAULT_TYPE, value: str) -> bool:
    """Deep link ``src_<campaign>``: note where the person came from, then the normal welcome."""
    campaign = value.lower()
    if not _CAMPAIGN.match(campaign):
        return False
    await profile.note_source(services(context), update.effective_user.id, campaign)
    return False


@command("menu")
@button("menu")
async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The main menu, one tap away from every answer."""
    row = await person(update, context)
    await services(context).log.record(update.effective_user.id, "menu", region=_region(row))
    await show(update, context, "start/menu")


@command("region")
@button("regl")
async def ask_region(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/region, « change my region » (``regl``): the region question."""
    row = await person(update, context)
    await show_region(update, context, profile.region_question(services(context), row))


@button("reg", args=(str, str), optional=1)
async def region_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str, departement: str = "") -> None:
    """``reg:<code>[:<département>]|non``: save the region (or none), then the alerts question once."""
    ctx = services(context)
    if code != "non" and code not in ctx.catalogue.regions.by_code:
        await show(update, context, "common/stale")
        return
    dept = ctx.catalogue.regions.departements.get(departement)  # « Saint-Denis » : which one
    row = await person(update, context)
    await show_region(update, context, await profile.choose_region(
        ctx, row, None if code == "non" else code, dept[0].code if dept and dept[1].code == code else None))


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
    alerts_filtered = bool(await profile.alerts_follow_interests(ctx, row)) if done else False
    await show(update, context, template, branches=ctx.catalogue.branches, chosen=set(chosen), picked=picked, alerts_filtered=alerts_filtered)


@button("alq", args=(flag,))
async def alerts_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, yes: bool) -> None:
    """``alq:1|0``: the alerts answer."""
    await alerts_answer(update, context, yes)


@button("obr")
async def branches_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``obr``: the branches to tick."""
    await pick_branches(update, context)


@button("obt", args=(str,))
async def branch_ticked(update: Update, context: ContextTypes.DEFAULT_TYPE, branch_id: str) -> None:
    """``obt:<branch>``: tick / untick a branch."""
    await pick_branches(update, context, toggle=branch_id)


@button("obd")
async def branches_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``obd``: done ticking."""
    await pick_branches(update, context, done=True)


async def forget_pending_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command or button other than the region's closes a pending region question."""
    if context.user_data is None or profile.AWAITING_REGION not in context.user_data:
        return
    query = update.callback_query
    message = update.effective_message
    if query is not None:
        data = callbacks.parse(query.data)
        if data is None or data.kind not in ("reg", "regl"):
            context.user_data.pop(profile.AWAITING_REGION, None)
    elif message is not None and (message.text or "").startswith("/") and not message.text.startswith("/region"):
        context.user_data.pop(profile.AWAITING_REGION, None)


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, forget_pending_question), group=-1)
    deeplinks.register("src", open_source_link)
