"""The interest quiz: /quiz, one question per screen, the 3 best-matching jobs at the end."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks
from bot.journey import finish_quiz, last_quiz_result
from handlers.common import person, services, show, show_cached


async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quiz and the quiz buttons: the first question (can be retaken any time)."""
    row = await person(update, context)
    await services(context).log.record(row["chat_id"], "quiz_start", region=row["region"])
    await question(update, context, [])


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE, picked: list[int]) -> None:
    """Question number ``len(picked) + 1``, the answers so far carried in the buttons."""
    quiz = services(context).quiz
    index = len(picked)
    done = "".join(map(str, picked))
    await show_cached(update, context, "quiz/question", (done,), q=quiz.questions[index], number=index + 1, total=len(quiz.questions), done=done)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``qz:<answers so far>``: the next question, or the result once every question is answered."""
    data = callbacks.parse(update.callback_query.data)
    ctx = services(context)
    quiz = ctx.quiz
    picked = quiz.parse(data.arg(0, "")) if data is not None else None
    if not picked:
        await show(update, context, "common/stale")
        return
    if len(picked) < len(quiz.questions):
        await question(update, context, picked)
        return
    row = await person(update, context)
    best = await finish_quiz(ctx, row["chat_id"], picked, row["region"])
    await show_cached(update, context, "quiz/result", tuple(picked), matches=best)


async def last_result(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``qzr``: back to the person's latest quiz result (from a job card opened there)."""
    row = await person(update, context)
    found = await last_quiz_result(services(context), row["chat_id"])
    if found is None:
        await begin(update, context)
        return
    picked, best = found
    await show_cached(update, context, "quiz/result", tuple(picked), matches=best)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("quiz", begin))
    app.add_handler(CallbackQueryHandler(begin, pattern=callbacks.pattern("quiz")))
    app.add_handler(CallbackQueryHandler(answer, pattern=callbacks.pattern("qz")))
    app.add_handler(CallbackQueryHandler(last_result, pattern=callbacks.pattern("qzr")))
