"""Issue 9 §6: ids beyond the database's integers, buttons under inline messages, the time zone
setting and overseas times, promotions right after /oubli (the last one: tests/test_events_young.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from tests.events_helpers import make_event, young

ROOT = Path(__file__).resolve().parent.parent
HUGE = "9" * 20  # beyond SQLite's and PostgreSQL's 64-bit integers


async def test_event_link_with_a_huge_id_is_an_unknown_event(bot):
    lina = await young(bot, 1001, "Lina")
    for value in (HUGE, "9" * 13, "0" + HUGE, "99999999999"):
        await lina.send(f"/start evt_{value}")
        assert "Je ne trouve pas cet événement" in lina.last.plain, value
    for data in (f"1:evt:{HUGE}", f"1:evr:{HUGE}", f"1:evi:{HUGE}", f"1:evs:{HUGE}:1", f"1:ask:evt:{HUGE}"):
        await lina.press_data(data)  # callback args: bounded the same way, never an OverflowError


def test_qr_of_a_huge_event_id_is_refused_clearly(tmp_path):
    env = {"PASSERELLE_DB": str(tmp_path / "qr.db"), "PASSERELLE_SECRET": "x", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "qr", f"evt_{HUGE}", "--out", str(tmp_path / "x.png")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "12 chiffres au plus" in done.stdout + done.stderr


def _inline_press(bot, person, data: str) -> dict:
    """A button under an inline message: the update has no message and no chat, only the user."""
    update = bot.api.user_press(person.spec, {}, data)
    del update["callback_query"]["message"]
    update["callback_query"]["inline_message_id"] = "AAAAinline"
    return update


@pytest.mark.parametrize("data, answer", [
    ("1:dat", "Ce que je sais de toi"), ("1:alr", "Tes alertes"), ("1:alt:1", "C'est activé"), ("1:obl", "Tout effacer ?"),
    ("1:menu", "Menu"), ("1:srch", "Quel métier cherches-tu"), ("1:oblc", "C'est fait : j'ai effacé"),
])
async def test_buttons_under_an_inline_message_answer_in_the_private_chat(bot, data, answer):
    lina = await young(bot, 1001, "Lina")
    before = len(bot.api.calls)
    await bot.feed(_inline_press(bot, lina, data))  # the bot fixture fails the test if a handler raised
    sent = [c for c in bot.api.calls[before:] if c.method == "sendMessage"]
    assert sent and all(str(c.params["chat_id"]) == str(lina.id) for c in sent)
    assert any(answer in m.plain for m in lina.messages())


@pytest.mark.parametrize("value, problem", [
    ("Mars/Olympus", "fuseau horaire inconnu"), ("America/Martinique", "seule valeur acceptée : Europe/Paris"),
])
def test_timezone_setting_is_validated(tmp_path, value, problem):
    config = tmp_path / "config.yaml"
    config.write_text(f"timezone: {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(config, env={})
    assert "clé « timezone »" in str(refused.value) and problem in str(refused.value)
    config.write_text("timezone: Europe/Paris\n", encoding="utf-8")
    assert load_settings(config, env={}).timezone == "Europe/Paris"


async def test_overseas_times_say_paris_time(bot):
    ctx = bot.ctx
    reunion = await make_event(ctx, "Forum Saint-Denis", region="04", city="Saint-Denis", departement="974")
    lille = await make_event(ctx, "Atelier Lille")
    online = await make_event(ctx, "Webinaire", scope="online", region=None, city=None, departement=None, online_url="https://exemple.fr/visio")
    zoe = await young(bot, 2001, "Zoé", region="04")
    await zoe.send(f"/start evt_{reunion}")
    assert "(heure de Paris)" in zoe.last.plain
    await zoe.send(f"/start evt_{online}")
    assert "(heure de Paris)" in zoe.last.plain
    lina = await young(bot, 1001, "Lina")
    await lina.send(f"/start evt_{lille}")
    assert "heure de Paris" not in lina.last.plain  # mainland France: local time is Paris time


async def test_a_button_is_answered_once_even_when_its_handler_shows_two_screens(bot):
    """Found by the cluster proof (in the instances' logs): the last « Valider » of /annonce (the preview, two
    messages) and « Publier » answered their button twice, and Telegram refuses the second answer."""
    from collections import Counter

    from tests.advisors_helpers import ANNOUNCE_STEPS, make_advisor, simulate_time, step, subscribe

    simulate_time(bot)
    samir, _ = await make_advisor(bot)
    await subscribe(bot, [5001])
    for kind, value in [*ANNOUNCE_STEPS, ("press", "Publier")]:
        await step(samir, kind, value)
    await bot.ctx.broadcaster.join()
    answered = Counter(call.params["callback_query_id"] for call in bot.api.calls if call.method == "answerCallbackQuery")
    assert len(answered) == 9 and set(answered.values()) == {1}, answered
