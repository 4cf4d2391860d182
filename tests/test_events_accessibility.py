"""An optional event detail added with the form engine (issue 10): « accessibilité PMR »."""

from __future__ import annotations

from tests.advisors_helpers import make_advisor, simulate_time, subscribe
from tests.test_advisors_forms import start_event, to_preview


async def test_accessibility_is_set_from_modifier_shown_on_the_card_and_stored(bot):
    simulate_time(bot)
    advisor, _ = await make_advisor(bot)
    await subscribe(bot, [5001])
    await start_event(advisor)
    await to_preview(advisor)
    assert "mobilité réduite" not in advisor.last.plain  # not said: nothing on the card
    await advisor.press("Modifier")
    await advisor.press("Accessibilité PMR")
    assert "accessible aux personnes à mobilité réduite" in advisor.last.plain
    await advisor.press("Oui, accessible")
    assert "♿ Accessible aux personnes à mobilité réduite" in advisor.last.plain  # the preview again
    await advisor.press("Publier")
    await bot.ctx.broadcaster.join()
    assert "♿ Accessible aux personnes à mobilité réduite" in bot.person(5001).last.plain
    assert await bot.ctx.db.scalar("SELECT accessible FROM events") == 1
