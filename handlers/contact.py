"""/contact and « Parler à quelqu'un »: the person's own Mission Locale (pin, phone, website), then the
regional referents of both networks; without a postal code, the question of the postal code."""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import screens
from bot.missions_locales import service
from handlers.common import button, choice, command, person, register_step, services, show


@command("contact")
@button("ctc")
async def contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/contact: the person's Mission Locale from their postal code, then the referents of the region."""
    row = await person(update, context)
    ctx = services(context)
    await ctx.log.record(row["chat_id"], "contact_view", row["region"] or "", region=row["region"])
    await show_contact(update, context, row)


async def show_contact(update: Update, context: ContextTypes.DEFAULT_TYPE, row, *, retry: bool = False) -> None:
    """The contact screen; the pin of the Mission Locale comes first when its coordinates are known."""
    ctx = services(context)
    mine = await service.mine(ctx, row)
    ml = mine.mission_locale
    if mine.postal_code is None:
        await service.ask_postal_code(ctx, row["chat_id"])
    pinned = False
    if ml is not None and ml.latitude is not None:
        address = ", ".join(part for part in (ml.adresse, f"{ml.code_postal} {ml.commune}") if part)
        try:
            await context.bot.send_venue(row["chat_id"], latitude=ml.latitude, longitude=ml.longitude,
                                         title=ml.nom, address=address)
            pinned = True
        except TelegramError:
            pass  # the text below has the address too
    await show(
        update, context, "contact/screen", mine=mine, ml=ml, retry=retry, region_name=ctx.catalogue.regions.name(row["region"]),
        examples=any(c.exemple for c in mine.referents), guide=ctx.catalogue.contacts.trouver_ma_mission_locale,
        directory=str(ctx.catalogue.contacts.lien_annuaire), new=pinned,
    )


@button("ctcp", args=(choice("job"), str), optional=2)
async def change_postal_code(update: Update, context: ContextTypes.DEFAULT_TYPE, then: str = "", job_id: str = "") -> None:
    """« Changer de code postal » (``ctcp``), « 📮 Donner mon code postal » under a job card's links
    (``ctcp:job:<id>``: the card comes back once it is given, with offers near the person): ask for it."""
    row = await person(update, context)
    ctx = services(context)
    if then and (not job_id or ctx.catalogue.job(job_id) is None):
        await show(update, context, "common/stale")
        return
    await service.ask_postal_code(ctx, row["chat_id"], then=(then, job_id) if then else None)
    await show(update, context, "contact/ask_postal_code", retry=False, current=row["postal_code"])


async def postal_code_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, draft) -> bool:
    """The answer to the postal code question: the contact screen again, with the Mission Locale.
    Words that are no commune are not for this question (False: they go on to the search)."""
    row = await person(update, context)
    ctx = services(context)
    text = update.effective_message.text
    postal = await service.set_postal_code(ctx, row["chat_id"], text)
    if postal is None:
        if not any(c.isdigit() for c in text):
            await service.forget_step(ctx, row["chat_id"])
            return False
        await show(update, context, "contact/ask_postal_code", retry=True, current=row["postal_code"])
        return True
    if draft["context_kind"] == "job" and screens.get("metier") is not None:
        await screens.get("metier")(update, context, draft["context_key"])  # back to the card it was asked from
    else:
        await show_contact(update, context, await person(update, context))
    return True


def register(app: Application) -> None:
    register_step("postal", postal_code_typed, "ctcp")
    screens.register("contact", contact)
