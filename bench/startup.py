"""Start the bot on the emulator in this fresh process and answer one /start (bench_journey times it).

Everything ``passerelle run`` does before its first answer: imports, content loaded and validated,
database opened and migrated, handlers and command menus, each feature's start-up.
"""

from __future__ import annotations

import asyncio


async def main() -> None:
    from bench.common import make_bench_bot

    chat, ctx = await make_bench_bot()
    answers = await chat.person(1001, "Lina").send("/start")
    assert answers, "pas de réponse à /start"
    await chat.app.shutdown()
    await ctx.log.close()
    await ctx.db.close()


if __name__ == "__main__":
    asyncio.run(main())
