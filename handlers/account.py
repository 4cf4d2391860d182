"""The person's settings and rights: /alertes, /mesdonnees, /oubli (/contact: handlers/contact.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks
from bot.events.notify import deliver_notices
from bot.journey import profile
from bot.questions import service as questions
from handlers.common import person, services, show

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


async def alerts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/alertes."""
    await alerts(update, context)


async def on_alerts_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``alr``, ``alt:1|0`` (on/off), ``alb`` (choose branches), ``abt:<branch>`` (toggle), ``aba`` (all)."""
    data = callbacks.parse(update.callback_query.data)
    row = await person(update, context)
    ctx = services(context)
    if data is None:
        await show(update, context, "common/stale")
    elif data.kind == "alo":  # « 🔕 Ne plus recevoir » under an announcement: the announcement stays, the answer is new
        await profile.set_alerts(ctx, row["chat_id"], False, row["region"])
        await show(update, context, "account/alerts_stopped", new=True)
    elif data.kind == "alt" and data.arg(0) in ("0", "1"):
        await profile.set_alerts(ctx, row["chat_id"], data.arg(0) == "1", row["region"])
        await alerts(update, context)
    elif data.kind == "abt" and ctx.catalogue.branch(data.arg(0, "")) is not None:
        await profile.toggle_branch(ctx, row["chat_id"], "alert", data.arg(0), row["region"])
        await alerts(update, context, choosing=True)
    elif data.kind == "aba":
        await profile.clear_alert_branches(ctx, row["chat_id"], row["region"])
        await alerts(update, context)
    elif data.kind in ("alr", "alb"):
        await alerts(update, context, choosing=data.kind == "alb")
    else:
        await show(update, context, "common/stale")


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


async def forget_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/oubli: ask for confirmation first."""
    await person(update, context)
    await show(update, context, "account/forget_confirm")


async def forget_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Erase the person; the answer says the statistics keep only pseudonymous counts."""
    ctx = services(context)
    data = callbacks.parse(update.callback_query.data)
    if data is None or data.args:
        await show(update, context, "common/stale")
        return
    user_id = update.effective_user.id
    row = await profile.get_person(ctx, user_id)
    if row is not None:
        await profile.erase(ctx, user_id, row["region"])
    context.user_data.clear()
    context.application.drop_user_data(user_id)  # not even an empty entry keyed by the id, here or in ptb_state
    await show(update, context, "account/forgotten")
    await deliver_notices(context.bot, ctx)  # the seats freed go to the waiting lists now, not at the next minute


def register(app: Application) -> None:
    app.add_handler(CommandHandler("alertes", alerts_command))
    app.add_handler(CommandHandler("mesdonnees", my_data))
    app.add_handler(CommandHandler("oubli", forget_ask))
    app.add_handler(CallbackQueryHandler(on_alerts_button, pattern=callbacks.pattern("alr", "alt", "alb", "abt", "aba", "alo")))
    app.add_handler(CallbackQueryHandler(my_data, pattern=callbacks.pattern("dat")))
    app.add_handler(CallbackQueryHandler(forget_ask, pattern=callbacks.pattern("obl")))
    app.add_handler(CallbackQueryHandler(forget_confirmed, pattern=callbacks.pattern("oblc")))
