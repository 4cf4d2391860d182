"""The fast paths of an answer (issue 11) keep what the person sees: raw Bot API answers with the
HTML defaults, keyboards as plain dictionaries, the person's row and favourites kept a moment,
catalogue screens rendered once."""

from __future__ import annotations

from bot.catalogue.quiz import Quiz
from bot.journey import profile
from bot.people import PERSON_TTL
from devtools.localapi import UserSpec
from storage import drafts
from storage import forms as form_store


def _calls(bot, method: str) -> list:
    return [c for c in bot.api.calls if c.method == method]


async def test_answers_are_html_without_link_preview_and_keep_their_buttons(bot):
    lina = bot.person(1001, "Lina")
    await lina.send("/metiers")
    sent = _calls(bot, "sendMessage")[-1].params
    assert sent["parse_mode"] == "HTML"
    assert sent["link_preview_options"] == {"is_disabled": True}
    assert "<b>" not in lina.last.plain and "branches du commerce" in lina.last.plain
    await lina.press("Suivant")
    edited = _calls(bot, "editMessageText")[-1].params
    assert edited["parse_mode"] == "HTML"
    assert lina.callback_answer() is not None, "the button press is answered (no spinning clock)"
    assert any("Précédent" in label for label in lina.last.labels)


async def test_the_person_row_is_written_at_most_once_a_minute(bot, db, clock):
    lina = bot.person(1001, "Lina")
    await lina.send("/start")
    first = await db.scalar("SELECT last_seen_at FROM users WHERE chat_id = 1001")
    clock.advance(seconds=30)
    await lina.send("/metiers")
    if db.dialect.name == "postgresql":  # several instances may change the person: no cache, read at each update
        assert await db.scalar("SELECT last_seen_at FROM users WHERE chat_id = 1001") == first + 30
        return
    assert await db.scalar("SELECT last_seen_at FROM users WHERE chat_id = 1001") == first, "not rewritten within the minute"
    clock.advance(seconds=PERSON_TTL)
    await lina.send("/metiers")
    assert await db.scalar("SELECT last_seen_at FROM users WHERE chat_id = 1001") == first + 30 + PERSON_TTL


async def test_a_new_name_or_a_change_of_region_shows_at_once(bot, db):
    lina = bot.person(1001, "Lina")
    await lina.send("/start")
    bot.api.users[1001] = UserSpec(1001, "Lina-Rose", "linarose")  # she renamed herself in Telegram
    await bot.person(1001).send("/metiers")
    row = await db.fetchone("SELECT first_name, username FROM users WHERE chat_id = 1001")
    assert tuple(row) == ("Lina-Rose", "linarose")
    ctx = bot.ctx
    await profile.set_region(ctx, 1001, "32", "59")
    assert (await profile.touch_person(ctx, 1001, "Lina-Rose", "linarose"))["region"] == "32"


async def test_blocking_then_unblocking_reads_the_row_again(bot, db):
    lina = bot.person(1001, "Lina")
    await lina.send("/start")
    await lina.block()
    assert await db.scalar("SELECT active FROM users WHERE chat_id = 1001") == 0
    await lina.block(False)
    await lina.send("/metiers")
    assert await db.scalar("SELECT active FROM users WHERE chat_id = 1001") == 1


async def test_favourite_button_follows_adding_and_removing(bot, catalogue):
    lina = bot.person(1001, "Lina")
    job = next(iter(catalogue.jobs))
    await lina.send(f"/start metier_{job}")
    assert "Ça m'intéresse" in " ".join(lina.last.labels)
    await lina.press("Ça m'intéresse")
    assert any("Dans mes favoris" in label for label in lina.last.labels)
    await lina.press("Dans mes favoris")
    assert any("Ça m'intéresse" in label for label in lina.last.labels)


async def test_catalogue_screens_are_rendered_once_and_forgotten_with_the_catalogue(bot, catalogue):
    renderer = bot.ctx.renderer
    values = dict(branches=catalogue.branches[:7], page=0, pages=2, total=len(catalogue.branches))
    first = renderer.cached(catalogue, "discovery/branches", (0,), **values)
    assert renderer.cached(catalogue, "discovery/branches", (0,), **values) is first
    assert first == renderer.render("discovery/branches", **values)
    other = object()  # content reloaded: another catalogue object
    assert renderer.cached(other, "discovery/branches", (0,), **values) is not first


def test_quiz_results_kept_per_answers_are_the_computed_ones(catalogue):
    quiz = Quiz(list(catalogue.jobs.values()))
    fresh = Quiz(list(catalogue.jobs.values()))
    for picked in ([0] * len(quiz.questions), [1] * len(quiz.questions), [0, 1, 2, 0, 1, 2, 0][: len(quiz.questions)]):
        assert quiz.result(picked) == fresh._result(picked, 3)
        again = quiz.result(picked)
        again.pop()
        assert quiz.result(picked) == fresh._result(picked, 3), "the kept list is not shared with callers"


async def test_a_chat_seen_without_draft_is_not_read_again_until_one_is_written(bot, db):
    assert await drafts.get(db, 1001) is None
    assert drafts.known_empty(db, 1001, 60)
    await drafts.put(db, 1001, 0, step="postal")
    assert not drafts.known_empty(db, 1001, 60), "a draft written through storage clears the mark"
    assert (await drafts.get(db, 1001))["step"] == "postal"
    await drafts.clear(db, 1001)
    assert drafts.known_empty(db, 1001, 60) and not drafts.known_empty(db, 1001, 0)


async def test_texts_of_a_chat_without_form_do_not_read_the_form_table_but_a_new_form_is_seen(bot, db, clock):
    lina = bot.person(1001, "Lina")
    await lina.send("vendeuse")
    assert form_store.known_empty(db, 1001, 60), "the first text read the table and found no form"
    reads = []
    original = db.fetchone

    async def counting(sql, params=()):
        reads.append(sql)
        return await original(sql, params)

    db.fetchone = counting
    try:
        await lina.send("caissière")
    finally:
        del db.fetchone
    form_reads = [sql for sql in reads if "kind = 'form'" in sql]
    if db.dialect.name == "postgresql":  # several instances: another one may have started a form
        assert form_reads
    else:
        assert not form_reads, "no form read for the next text"
    await form_store.put(db, 1001, {"form": "x"})
    assert not form_store.known_empty(db, 1001, 60), "a form written through storage clears the mark"
    await form_store.delete(db, 1001)
    assert form_store.known_empty(db, 1001, 60) and not form_store.known_empty(db, 1001, 0)


async def test_the_postal_code_question_still_catches_the_answer_after_a_busy_minute(bot, db):
    sam = bot.person(1002, "Sam")
    await sam.send("/start")
    await sam.press("Bretagne")
    await sam.send("/metiers")
    await sam.send("vendeur")  # a search: the chat is now known to have no draft
    await sam.send("/contact")
    assert "code postal" in sam.last.plain
    await sam.send("Roubaix")
    assert "Mission Locale de Roubaix" in sam.last.plain


async def test_a_pressed_buttons_message_is_read_without_its_keyboard_which_stays_on_screen(bot):
    import json

    from bot.incoming import LightUpdatesRequest, lighten
    from devtools.localapi import LocalRequest

    lina = bot.person(1001, "Lina")
    await lina.send("/metiers")
    shown = lina.last
    update = bot.api.user_press(lina.spec, shown.raw, shown.buttons[0]["callback_data"])
    light = lighten(update)
    assert "reply_markup" not in light["callback_query"]["message"]
    assert light["callback_query"]["message"]["text"] == shown.raw["text"], "chat, id and text stay"
    assert "reply_markup" in update["callback_query"]["message"], "the update given is left as it was"
    polled = LightUpdatesRequest(LocalRequest(bot.api)).parse_json_payload(json.dumps({"ok": True, "result": [update]}).encode())
    assert "reply_markup" not in polled["result"][0]["callback_query"]["message"], "long polling reads it light too"
    await lina.press("Suivant")
    assert lina.last.id == shown.id and any("Précédent" in label for label in lina.last.labels), "edited whole, buttons kept"
