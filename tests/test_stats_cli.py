"""``passerelle stats``: the same figures in a terminal, as a table or CSV."""

from __future__ import annotations

import csv
import io

from bot.cli import main
from stats_data import seed_log, seed_partnership


async def _seed(bot, monkeypatch):
    await seed_log(bot.ctx.db)
    await seed_partnership(bot.ctx.db)
    monkeypatch.setenv("PASSERELLE_DB", str(bot.ctx.settings.database))
    monkeypatch.setenv("PASSERELLE_SECRET", "secret-de-test")


def _run(argv, capsys):
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # main() runs its own event loop
        code = pool.submit(main, argv).result()
    return code, capsys.readouterr()


async def test_stats_table(bot, monkeypatch, capsys):
    await _seed(bot, monkeypatch)
    code, out = _run(["stats", "--period", "2027-02", "--date", "2027-03-01"], capsys)
    assert code == 0
    assert "Statistiques · France entière · février 2027 (du 01/02/2027 au 28/02/2027)" in out.out
    line = next(l for l in out.out.splitlines() if l.startswith("Personnes actives"))
    assert line.split()[-4:] == ["10", "2", "(+400", "%)"]
    assert "France entière" in out.out and "Hauts-de-France" in out.out


async def test_stats_csv_for_a_region(bot, monkeypatch, capsys):
    await _seed(bot, monkeypatch)
    code, out = _run(["stats", "--period", "2027-02", "--region", "32", "--format", "csv", "--date", "2027-03-01"], capsys)
    assert code == 0
    first, second = out.out.split("\r\n\r\n")
    rows = list(csv.reader(io.StringIO(first), delimiter=";"))
    figures = {r[1]: r[3] for r in rows[1:]}
    assert figures["active"] == "6" and figures["returning"] == "<5" and figures["events"] == "2"
    indicators = list(csv.reader(io.StringIO(second), delimiter=";"))
    assert [r[0] for r in indicators[1:]] == ["32"] and indicators[1][7] == "1"


async def test_stats_bad_period(bot, monkeypatch, capsys):
    await _seed(bot, monkeypatch)
    code, out = _run(["stats", "--period", "hier"], capsys)
    assert code == 2 and "inconnue" in out.err
