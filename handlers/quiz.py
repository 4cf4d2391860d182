"""The interest quiz: /quiz, one question per screen, the 3 best-matching jobs at the end."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot import screens
from bot.journey import finish_quiz, last_quiz_result
from handlers.common import button, command, person, services, show, show_cached


@command("quiz")
@button("quiz")
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


@button("qz", args=(str,))
async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, done: str) -> None:
    """``qz:<answers so far>``: the next question, or the result once every question is answered."""
    ctx = services(context)
    quiz = ctx.quiz
    picked = quiz.parse(done)
    if not picked:
        await show(update, context, "common/stale")
        return
    if len(picked) < len(quiz.questions):
        await question(update, context, picked)
        return
    row = await person(update, context)
    best = await finish_quiz(ctx, row["chat_id"], picked, row["region"])
    await show_cached(update, context, "quiz/result", tuple(picked), matches=best)


@button("qzr")
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
    screens.register("quiz", begin)  # « quiz » typed
