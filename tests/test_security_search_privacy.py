"""Issue 9 §1: what a young person types never reaches the statistics as typed; an unmet-search
term is named to staff only once enough people typed it; old databases are cleaned by migration 0006."""

from __future__ import annotations

import pytest

from bot.catalogue.search import SearchIndex
from bot.catalogue.search_terms import OTHER, stats_key
from storage.db import Database
from tests.events_helpers import young
from tests.robustness_helpers import rows_holding

TYPED = [
    "Zéphyrine Martin-Dubois", "0612345678", "06 12 34 56 78", "+33 6 12 34 56 78", "zephyrine.md@gmail.com",
    "@zeph_md", "https://instagram.com/zeph", "www.zeph.fr", "euh ben en fait moi je sais pas",
    "je m'appelle Zéphyrine", "j'habite 12 rue des Lilas à Roubaix",
]
SECRETS = ["zephyrine", "martin", "dubois", "0612345678", "33 6 12 34 56 78", "gmail", "zeph", "instagram", "lilas", "roubaix", "euh ben", "sais pas"]


@pytest.fixture(scope="module")
def index(catalogue):
    return SearchIndex(catalogue)


@pytest.mark.parametrize("query, key", [
    ("vendeuse", "vendeuse"),
    ("Vendeuse en boulangerie", "vendeuse boulangerie"),  # first word capitalised by the phone: kept
    ("pilote de ligne", "pilote ligne"),  # a job the catalogue lacks: ROME's vocabulary names the gap
    ("VENDEUR!!!", "vendeur"),
    ("je cherche Rose fleuriste", "fleuriste"),  # a capitalised name never survives, even a catalogue word
    ("fleuriste pour Pierre", "fleuriste"),
    ("caissier 0612345678", "caissier"),
    ("vendeur lea.martin@gmail.com @lea_m https://t.me/x", "vendeur"),
    ("Léa Martin", OTHER),
    ("06 12 34 56 78", OTHER),
    ("euh ben en fait moi je sais pas", OTHER),
    ("je m appelle zephyrine", OTHER),
    ("azertyuiop", OTHER),
])
def test_only_catalogue_terms_are_kept(index, query, key):
    assert stats_key(index, query) == key


async def test_typed_text_never_reaches_statistics_nor_staff(bot, db):
    lina = await young(bot, 1001, "Lina")
    for text in TYPED + ["vendeuse", "pilote de ligne"]:
        await lina.send(text)
    keys = {r[0] for r in await db.fetchall("SELECT key FROM interactions WHERE kind IN ('search', 'search_unmet')")}
    assert OTHER in keys and "vendeuse" in keys
    assert keys <= {OTHER, "vendeuse", "pilote ligne", "habite rue"}  # words of job titles only
    coordinator = bot.person(900001, "Coralie")
    await coordinator.send("/stats")
    await coordinator.press("Recherche")
    screen = coordinator.last.plain
    assert "pilote" not in screen and "vendeuse" not in screen  # one person only: counted, not named
    assert "1. autres recherches (mots inconnus du catalogue, ou tapés par moins de 5 personnes)" in screen
    for secret in SECRETS:
        assert secret not in screen.casefold()
        assert await rows_holding(db, secret) == [], secret


async def test_unmet_term_named_from_five_distinct_people(bot, db):
    coordinator = bot.person(900001, "Coralie")
    for n in range(5):
        person = await young(bot, 2000 + n, f"Jeune{n}")
        await person.send("pilote")
        await person.send("pilote")  # twice: still one person
        if n == 3:
            await coordinator.send("/stats")
            await coordinator.press("Recherche")
            assert "pilote" not in coordinator.last.plain and "personnes) : 8" in coordinator.last.plain
    await coordinator.send("/stats")
    await coordinator.press("Recherche")
    assert "1. pilote : 10" in coordinator.last.plain
    assert "autres recherches" not in coordinator.last.plain


async def test_migration_0006_purges_stored_search_keys(settings, clock, catalogue):
    """A database of the previous version (migrations up to 0005) holding searches as typed: after the
    upgrade, the log and every rollup keep only catalogue terms or « autre »."""
    from bot.app import build_context
    from bot.stats import service

    database = await Database.open(settings.database)
    try:  # back to the schema of the previous version
        await database.execute("DROP TABLE stats_term_people")
        await database.execute("DELETE FROM schema_migrations WHERE version = 6")
        stored = [("search", "vendeuse"), ("search_unmet", "lea martin 0612345678"), ("search_unmet", "je m appelle zephyrine"),
                  ("search_unmet", "pilote de ligne"), ("search", "vendeur lea martin gmail com")]
        await database.executemany("INSERT INTO interactions(at, user_key, kind, key, region) VALUES (?, 'k1', ?, ?, '32')",
                                   [(clock.timestamp(), kind, key) for kind, key in stored])
        # the previous version's rollup of them (keys as typed)
        await database.executemany("INSERT INTO stats_daily(day, region, kind, key, n) VALUES ('2027-03-01', '32', ?, ?, 1)", stored)
        await database.execute("INSERT INTO stats_state(name, value) VALUES ('interactions_id', 5)")
    finally:
        await database.close()

    ctx = await build_context(settings, clock=clock, catalogue=catalogue, log_batch=1)
    try:
        await service.fresh(ctx)
        for table in ("interactions", "stats_daily"):
            keys = sorted(r[0] for r in await ctx.db.fetchall(f"SELECT DISTINCT key FROM {table} WHERE kind LIKE 'search%'"))
            assert keys == sorted({OTHER, "vendeuse", "pilote ligne", "vendeur"}), table
        assert await rows_holding(ctx.db, "zephyrine", "0612345678", "lea martin", "gmail") == []
        assert await ctx.db.scalar("SELECT SUM(n) FROM stats_kinds WHERE kind LIKE 'search%'") == 5  # nothing lost
        assert await service.fresh(ctx) == 0  # once only
    finally:
        await ctx.db.close()
