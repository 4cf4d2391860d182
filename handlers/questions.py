"""« ✉️ Écrire à un conseiller »: the young person's question (written, previewed, sent), the advisors'
notices with « Je m'en occupe », the thread both ways, /questions, escalation and purge jobs."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ContextTypes

from bot import delivery, roles
from bot.context import AppContext
from bot.missions_locales import service as ml_service
from bot.questions import service
from bot.questions.service import QuestionError
from bot.roles import PermissionDenied
from handlers.common import button, choice, command, number, person, refuse, register_step, services, show, staff

log = logging.getLogger(__name__)

ESCALATION_SECONDS = 600
PURGE_SECONDS = 86400
CONTEXT_KINDS = {"job": "job", "evt": "event"}


async def _say_no(update: Update, context: ContextTypes.DEFAULT_TYPE, error: QuestionError, *, young: bool) -> None:
    await show(update, context, "questions/refused", key=error.key, young=young, **error.details)


async def _send(bot, ctx: AppContext, chat_id: int, template: str, **values):
    """One message to someone else (an advisor, the young person) through the delivery helper (a person
    who blocked the bot becomes inactive); the message, or None when it could not be delivered."""
    screen = ctx.renderer.render(template, **values)
    sent = []

    async def send() -> None:
        sent.append(await bot.send_message(chat_id, screen.text, reply_markup=screen.markup))

    await delivery.deliver(ctx, chat_id, send, what="message d'une question")
    return sent[0] if sent else None


# --- the young person ----------------------------------------------------------------------------
@button("ask", args=(choice(*CONTEXT_KINDS), str), optional=2)
async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE, about_kind: str = "", about_id: str | None = None) -> None:
    """``ask[:job|evt:<id>]``: write a question (the job or event travels with it)."""
    row = await person(update, context)
    ctx = services(context)
    kind = CONTEXT_KINDS.get(about_kind)
    try:
        audience, about = await service.start(ctx, row, kind, about_id if kind else None)
    except QuestionError as error:
        if error.key == "no_region":
            await ml_service.ask_postal_code(ctx, row["chat_id"])
        await _say_no(update, context, error, young=True)
        return
    await show(update, context, "questions/write", audience=audience, about=about, hours=ctx.settings.questions, new=True)


async def question_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, draft) -> bool:
    """Step 'write': the text is the question; distress gets the emergency numbers at once; then the preview."""
    row = await person(update, context)
    ctx = services(context)
    try:
        distress = await service.written(ctx, row, update.effective_message.text)
    except QuestionError as error:
        await _say_no(update, context, error, young=True)
        return True
    if distress:
        await show(update, context, "common/urgence", question=True)
    await show_preview(update, context, row)
    return True


async def show_preview(update: Update, context: ContextTypes.DEFAULT_TYPE, row) -> None:
    ctx = services(context)
    ready = await service.preview(ctx, row)
    if ready is None:
        await show(update, context, "common/stale")
        return
    draft, audience, about = ready
    await show(update, context, "questions/preview", draft=draft, audience=audience, about=about, first_name=row["first_name"])


@button("askx")
async def cancel_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``askx``: cancel the question being written."""
    row = await person(update, context)
    await service.cancel(services(context), row["chat_id"])
    await show(update, context, "questions/cancelled")


async def _previewed(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """(row, draft) of a question at its preview, or (row, None) after saying the button is stale."""
    row = await person(update, context)
    draft = await ml_service.current_step(services(context), row["chat_id"])
    if draft is None or draft["step"] != "preview":
        await show(update, context, "common/stale")
        return row, None
    return row, draft


@button("askn")
async def toggle_name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``askn``: show / hide my first name."""
    row, draft = await _previewed(update, context)
    if draft is not None:
        await service.toggle_name(services(context), row, draft)
        await show_preview(update, context, row)


@button("aske")
async def write_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``aske``: write the question again."""
    row, draft = await _previewed(update, context)
    if draft is not None:
        ctx = services(context)
        audience, about = await service.restart(ctx, row, draft)
        await show(update, context, "questions/write", audience=audience, about=about, hours=ctx.settings.questions)


@button("asks")
async def send_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Envoyer » (``asks``): the thread is created and every reader gets the notice with « Je m'en occupe »."""
    row, draft = await _previewed(update, context)
    if draft is None:
        return
    ctx = services(context)
    try:
        sent = await service.send(ctx, row)
    except QuestionError as error:
        await _say_no(update, context, error, young=True)
        return
    if sent is None:
        await show(update, context, "common/stale")
        return
    question, audience = sent
    thread = await service.thread(ctx, None, question["id"])
    await _notify_readers(context.bot, ctx, thread, audience.chat_ids)
    await show(update, context, "questions/sent", question=question, audience=audience, hours=ctx.settings.questions)


async def _notify_readers(bot, ctx: AppContext, thread, chat_ids: list[int], **extra) -> None:
    """The notice with « Je m'en occupe » to each reader; kept to be edited when someone takes it."""
    for chat_id in chat_ids:
        message = await _send(bot, ctx, chat_id, "questions/notice", t=thread, taker=None, **extra)
        if message is not None:
            await service.remember_notice(ctx, thread.question["id"], chat_id, message.message_id)


@button("qrep", args=(number,))
async def reply_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """``qrep:<id>``: reply to the advisor."""
    row = await person(update, context)
    try:
        question = await service.will_reply(services(context), row["chat_id"], question_id)
    except QuestionError as error:
        await _say_no(update, context, error, young=True)
        return
    await show(update, context, "questions/reply_write", question=question, new=True)


@button("qcly", args=(number,))
async def settled_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """``qcly:<id>``: « C'est réglé »."""
    row = await person(update, context)
    ctx = services(context)
    try:
        thread = await service.close_by_young(ctx, row["chat_id"], question_id)
    except QuestionError as error:
        await _say_no(update, context, error, young=True)
        return
    if thread is None:
        await _say_no(update, context, QuestionError("closed"), young=True)
        return
    await show(update, context, "questions/closed_young", t=thread, new=True)
    if thread.taker is not None:
        await _send(context.bot, ctx, thread.taker.chat_id, "questions/closed_notice_staff", t=thread)


async def reply_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, draft) -> bool:
    """Step 'reply': the young person's message goes to the advisor who holds the thread."""
    row = await person(update, context)
    ctx = services(context)
    text = update.effective_message.text
    try:
        thread, distress, readers = await service.reply(ctx, row["chat_id"], draft["question_id"], text)
    except QuestionError as error:
        await _say_no(update, context, error, young=True)
        return True
    if distress:
        await show(update, context, "common/urgence", question=False)
    if readers is not None:  # the advisor who held it lost their role: open to the readers again
        await _notify_readers(context.bot, ctx, thread, readers.chat_ids)
    elif thread.taker is not None:
        await _send(context.bot, ctx, thread.taker.chat_id, "questions/young_to_staff", t=thread, text=text)
    await show(update, context, "questions/reply_sent")
    return True


# --- advisors ----------------------------------------------------------------------------------
async def _staff_error(update: Update, context: ContextTypes.DEFAULT_TYPE, error: Exception, role) -> None:
    if isinstance(error, PermissionDenied):
        await refuse(update, context, error, role)
    else:
        await _say_no(update, context, error, young=False)


@button("qtake", args=(number,))
async def take(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """``qtake:<id>``: the first advisor to press gets the question; the others' notices say who took it."""
    role = await staff(update, context)
    if role is None:
        return
    ctx = services(context)
    try:
        got, thread = await service.take(ctx, role, question_id)
    except (QuestionError, PermissionDenied) as error:
        await _staff_error(update, context, error, role)
        return
    if not got:
        await show(update, context, "questions/taken_already", t=thread, new=True)
        return
    for notice in await service.notices(ctx, thread.question["id"]):
        if notice["chat_id"] == role.chat_id:
            continue
        screen = ctx.renderer.render("questions/notice", t=thread, taker=role, taker_is_me=False)
        try:
            await context.bot.edit_message_text(screen.text, chat_id=notice["chat_id"], message_id=notice["message_id"],
                                                reply_markup=screen.markup)
        except (BadRequest, TelegramError) as error:
            log.info("avis de question non modifié : %s", error)
    await show(update, context, "questions/staff_thread", t=thread, me=role, answering=True)


@button("qans", args=(number,))
async def answer_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """``qans:<id>``: answer the young person."""
    role = await staff(update, context)
    if role is None:
        return
    try:
        thread = await service.will_answer(services(context), role, question_id)
    except (QuestionError, PermissionDenied) as error:
        await _staff_error(update, context, error, role)
        return
    await show(update, context, "questions/staff_thread", t=thread, me=role, answering=True, new=True)


@button("qview", args=(number,))
async def view_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """``qview:<id>``: open a thread."""
    role = await staff(update, context)
    if role is None:
        return
    ctx = services(context)
    try:
        _, question = await service.question_for_staff(ctx, role, question_id)
        thread = await service.thread(ctx, role, question["id"])
    except (QuestionError, PermissionDenied) as error:
        await _staff_error(update, context, error, role)
        return
    await show(update, context, "questions/staff_thread", t=thread, me=role, answering=False)


@button("qcls", args=(number,))
async def close_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """``qcls:<id>``: close the thread."""
    await _close_by_staff(update, context, question_id, abusive=False)


@button("qabu", args=(number,))
async def abusive_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """``qabu:<id>``: close the thread as abusive."""
    await _close_by_staff(update, context, question_id, abusive=True)


async def _close_by_staff(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int, *, abusive: bool) -> None:
    role = await staff(update, context)
    if role is None:
        return
    ctx = services(context)
    try:
        thread = await service.close_by_staff(ctx, role, question_id, abusive=abusive)
    except (QuestionError, PermissionDenied) as error:
        await _staff_error(update, context, error, role)
        return
    if thread is None:
        await _say_no(update, context, QuestionError("closed"), young=False)
        return
    await show(update, context, "questions/closed_staff", t=thread, abusive=abusive, days=ctx.settings.questions.block_days, new=True)
    await _send(context.bot, ctx, thread.question["chat_id"], "questions/closed_notice_young", t=thread)


async def answer_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, draft) -> bool:
    """Step 'answer': the advisor's message reaches the young person, signed with first name and structure."""
    ctx = services(context)
    role = await roles.current_role(ctx, update.effective_user.id)
    text = update.effective_message.text
    try:
        thread = await service.answer(ctx, role, draft["question_id"], text)
    except (QuestionError, PermissionDenied) as error:
        await ml_service.forget_step(ctx, update.effective_user.id)
        await _staff_error(update, context, error, role)
        return True
    delivered = await _send(context.bot, ctx, thread.question["chat_id"], "questions/answer_to_young", t=thread, text=text, role=role)
    await show(update, context, "questions/answer_sent", t=thread, delivered=delivered is not None)
    return True


@command("questions")
@button("qlist")
async def questions_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/questions (and « Toutes les questions »): open, mine, waiting for the young person, closed; with age."""
    role = await staff(update, context)
    if role is None:
        return
    ctx = services(context)
    await show(update, context, "questions/list", listing=await service.listing(ctx, role), now=ctx.clock.timestamp())


# --- scheduled work ------------------------------------------------------------------------------
async def escalate(app: Application) -> int:
    """Tell the coordinators about questions unanswered for too long, and the young person it is in hand."""
    ctx: AppContext = app.bot_data["ctx"]
    due = await service.escalate_due(ctx)
    for question, chat_ids in due:
        thread = await service.thread(ctx, None, question["id"])
        await _notify_readers(app.bot, ctx, thread, chat_ids, escalated=True, hours=ctx.settings.questions.escalate_after_hours)
        await _send(app.bot, ctx, question["chat_id"], "questions/still_in_hand", question=question)
    return len(due)


async def _escalation_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await escalate(context.application)


async def _purge_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    purged = await service.purge(context.application.bot_data["ctx"])
    if purged:
        log.info("%s échange(s) clos effacé(s) (durée de conservation dépassée)", purged)


def register(app: Application) -> None:
    register_step("write", question_typed, "asks", "aske", "askn", "askx")
    register_step("preview", question_typed)
    register_step("reply", reply_typed, "qrep")
    register_step("answer", answer_typed, "qans", "qtake")


async def on_startup(app: Application) -> None:
    """Escalation every 10 minutes, purge of old closed threads once a day."""
    if app.job_queue is not None:
        app.job_queue.run_repeating(_escalation_job, interval=ESCALATION_SECONDS, first=ESCALATION_SECONDS, name="questions:escalade")
        app.job_queue.run_repeating(_purge_job, interval=PURGE_SECONDS, first=300, name="questions:purge")
