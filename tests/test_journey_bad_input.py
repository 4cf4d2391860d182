"""Issue 3, bad input: each gets a short, helpful French answer and the menu; nothing raises."""

import pytest

from tests.events_helpers import young

STICKER = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False}
PHOTO = [{"file_id": "p1", "file_unique_id": "p1", "width": 90, "height": 90}]
VOICE = {"file_id": "v1", "file_unique_id": "v1", "duration": 3}


@pytest.mark.parametrize(
    "content, expected",
    [
        ({"sticker": STICKER}, "que le texte"),
        ({"photo": PHOTO}, "que le texte"),
        ({"voice": VOICE}, "que le texte"),
        ({"text": ""}, ""),
        ({"text": "   "}, "vide"),
        ({"text": "🙂🙂🔥"}, "que les mots"),
        ({"text": "blabla " * 700}, "très long"),
        ({"text": "Hello, I am looking for a job please"}, "que français"),
        ({"text": "Guten Tag, ich suche Arbeit"}, "pas trouvé"),
        ({"text": "/commandeinconnue"}, "pas compris"),
    ],
)
async def test_bad_messages_get_a_short_french_answer_and_the_menu(bot, content, expected):
    lina = await young(bot, 1001, "Lina")  # known already (a first message gets the welcome first: test_journey_fresh_start.py)
    content = dict(content)  # the parameters are shared by both database backends
    text = content.pop("text", None)
    answers = await lina.send(text, **content)
    assert len(answers) == 1
    assert expected in answers[0].plain
    assert len(answers[0].plain) < 400
    assert "🏠 Menu" in answers[0].labels


async def test_bad_input_is_counted(bot, db):
    lina = bot.person(1001, "Lina")
    await lina.send("🙂")
    await lina.send("x" * 5000)
    await lina.send(sticker=STICKER)
    keys = [r[0] for r in await db.fetchall("SELECT key FROM interactions WHERE kind = 'unrecognised' ORDER BY id")]
    assert keys == ["emoji", "too_long", "sticker"]


@pytest.mark.parametrize(
    "data",
    [
        "1:fav:nexiste-pas", "1:unf:nexiste-pas:j", "1:shr", "1:reg:99", "1:reg", "1:alq:5", "1:obt:inconnue",
        "1:abt:inconnue", "1:alt:2", "1:qz:", "1:fav", "1:job:" + "x" * 80, "1:qz:01", "2:menu", "1:oblc:x",
    ],
)
async def test_forged_or_truncated_callbacks(bot, data):
    lina = bot.person(1001, "Lina")
    await lina.send("/menu")
    await lina.press_data(data)
    assert "🏠 Menu" in lina.last.labels


async def test_buttons_after_a_restart_still_work(bot, settings, clock, catalogue):
    from tests.conftest import close_bot, make_bot

    lina = bot.person(1001, "Lina")
    await lina.send("/quiz")
    await lina.press(lina.last.labels[0])
    second = await make_bot(settings, clock, catalogue, api=bot.api)
    try:
        lina2 = second.person(1001, "Lina")
        await lina2.press(lina2.last.labels[0])
        assert "question 3/" in lina2.last.plain
        assert not second.errors
    finally:
        await close_bot(second)
