"""The person's settings and rights: /alertes, /mesdonnees, /oubli (/contact: handlers/contact.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot import screens
from bot.events.notify import deliver_notices
from bot.journey import profile
from bot.questions import service as questions
from handlers.common import button, command, flag, person, services, show

EXPORT_FILE = "mes-donnees-passerelle.json"


async def alerts(update: Update, context: ContextTypes.DEFAULT_TYPE, *, choosing: bool = False) -> None:
    """/alertes: on or off for actions in the region, optionally only some branches."""
    row = await person(update, context)
    ctx = services(context)
    chosen = set(await profile.branches(ctx, row["chat_id"], "alert"))
    await show(
        update, context, "account/alerts_branches" if choosing else "account/alerts",
        enabled=bool(row["alerts_enabled"]), region_name=ctx.catalogue.regions.name(row["region"]),
        branches=ctx.catalogue.branches, chosen=chosen, picked=[b for b in ctx.catalogue.branches if b.id in chosen],
    )


@command("alertes")
@button("alr")
async def alerts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/alertes, ``alr``."""
    await alerts(update, context)


@button("alb")
async def alert_branches(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``alb``: choose the branches of the alerts."""
    await alerts(update, context, choosing=True)


@button("alt", args=(flag,))
async def alerts_switched(update: Update, context: ContextTypes.DEFAULT_TYPE, enabled: bool) -> None:
    """``alt:1|0``: alerts on or off."""
    row = await person(update, context)
    await profile.set_alerts(services(context), row["chat_id"], enabled, row["region"])
    await alerts(update, context)


@button("alo")
async def alerts_stopped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« 🔕 Ne plus recevoir » under an announcement: the announcement stays, the answer is new."""
    row = await person(update, context)
    await profile.set_alerts(services(context), row["chat_id"], False, row["region"])
    await show(update, context, "account/alerts_stopped", new=True)


@button("abt", args=(str,))
async def alert_branch_ticked(update: Update, context: ContextTypes.DEFAULT_TYPE, branch_id: str) -> None:
    """``abt:<branch>``: tick / untick a branch of the alerts."""
    row = await person(update, context)
    ctx = services(context)
    if ctx.catalogue.branch(branch_id) is None:
        await show(update, context, "common/stale")
        return
    await profile.toggle_branch(ctx, row["chat_id"], "alert", branch_id, row["region"])
    await alerts(update, context, choosing=True)


@button("aba")
async def all_alert_branches(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``aba``: alerts for every branch again."""
    row = await person(update, context)
    await profile.clear_alert_branches(services(context), row["chat_id"], row["region"])
    await alerts(update, context)


@command("mesdonnees")
@button("dat")
async def my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mesdonnees: a readable summary, then the same data as a JSON file."""
    row = await person(update, context)
    ctx = services(context)
    document = await profile.export(ctx, row["chat_id"])
    document["questions_aux_conseillers"] = await questions.export(ctx, row["chat_id"])  # the threads with advisors
    await ctx.log.record(row["chat_id"], "data_export", region=row["region"])
    interests = [ctx.catalogue.branch(b) for b in document["branches_choisies"]]
    alert_branches = [ctx.catalogue.branch(b) for b in document["alertes"]["branches"]]
    await show(
        update, context, "account/my_data", data=document, interests=[b for b in interests if b],
        alert_branches=[b for b in alert_branches if b], new=True,
    )
    caption = ctx.renderer.text("account/my_data_caption")
    await context.bot.send_document(
        row["chat_id"], document=profile.export_json(document), filename=EXPORT_FILE, caption=caption
    )


@command("oubli")
@button("obl")
async def forget_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/oubli: ask for confirmation first."""
    await person(update, context)
    await show(update, context, "account/forget_confirm")


@button("oblc")
async def forget_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Erase the person; the answer says the statistics keep only pseudonymous counts."""
    ctx = services(context)
    user_id = update.effective_user.id
    row = await profile.get_person(ctx, user_id)
    if row is not None:
        await profile.erase(ctx, user_id, row["region"])
    context.user_data.clear()
    context.application.drop_user_data(user_id)  # not even an empty entry keyed by the id, here or in ptb_state
    await show(update, context, "account/forgotten")
    await deliver_notices(context.bot, ctx)  # the seats freed go to the waiting lists now, not at the next minute


def register(app: Application) -> None:
    screens.register("alertes", alerts_command)  # « mes alertes » typed
