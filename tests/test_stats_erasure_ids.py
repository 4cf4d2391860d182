"""/oubli deletes the person's log rows; the actions that follow are still counted (SQLite reuses the
largest id left, which would fall at or below the rollup's watermark and be skipped for ever)."""

from bot.stats import rollups


async def counted(bot) -> int:
    await bot.ctx.log.flush()
    await rollups.refresh(bot.ctx.db)
    return await bot.ctx.db.scalar("SELECT COALESCE(SUM(n), 0) FROM stats_kinds")


async def test_actions_after_an_erasure_of_the_newest_rows_are_counted(bot, db):
    log = bot.ctx.log
    await log.record(2001, "branch_view", "optique", region="32")
    await log.record(2002, "branch_view", "optique", region="32")
    await log.record(2002, "job_view", "opticien", region="32")  # Sam's rows are the newest of the log
    before = await counted(bot)
    await rollups.forget(db, log.user_key(2002))
    assert await counted(bot) == before  # the erased actions stay in the anonymous totals
    for _ in range(3):
        await log.record(2001, "job_view", "opticien", region="32")
    assert await counted(bot) == before + 3
    # the mark left in the log names nobody and counts as nobody
    assert await db.scalar("SELECT COUNT(*) FROM interactions WHERE user_key = ?", (log.user_key(2002),)) == 0
    assert await db.scalar("SELECT COUNT(DISTINCT user_key) FROM stats_people") == 1
