"""The partnership's six indicators on known events, announcements and innovations; CSV exports parsed back."""

from __future__ import annotations

import csv
import io

import pytest

from bot.stats import exports, indicators, rollups
from bot.stats.indicators import company_key
from bot.stats.periods import month
from stats_data import seed_log, seed_partnership

FEB = month(2027, 2)


@pytest.fixture
async def seeded(bot):
    await seed_log(bot.ctx.db)
    await seed_partnership(bot.ctx.db)
    await rollups.refresh(bot.ctx.db)
    return bot.ctx


def regions(ctx):
    return [r.code for r in ctx.catalogue.regions.all]


async def test_six_indicators_february(seeded):
    table = await indicators.compute(seeded.db, FEB, regions(seeded))
    fr, hdf, idf = table.national, table.regions["32"], table.regions["11"]
    # 1. operations by scope (E5 cancelled, E6 starts at 00:00 on 1 March: both out)
    assert fr.operations == {"national": 1, "regional": 3, "online": 1} and fr.operations_total == 5
    assert hdf.operations == {"national": 0, "regional": 2, "online": 0}
    assert idf.operations_total == 1  # E7 at 23:00 on 28 February
    # 2. joint communications: B1 (national) and B2 (joint, 32); B3 not joint, B4 never sent, B5 in January
    assert (fr.communications, hdf.communications, idf.communications) == (2, 1, 0)
    # 3. joint interventions: E1, E3, E7
    assert (fr.interventions, hdf.interventions, idf.interventions) == (3, 1, 1)
    # 4. innovations: two in February (32 and national), one in March
    assert (fr.innovations, hdf.innovations, idf.innovations) == (2, 1, 0)
    assert [i["text"] for i in table.innovations] == ["Innovation 32", "Innovation None"]
    assert table.innovations[0]["day"] == "05/02/2027"
    # 5. young people integrated: closed events E1 (2+1+1), E3 (3+2), E7 (1)
    assert fr.integrated == {"apprenticeship": 6, "cej": 1, "job": 1, "training": 2} and fr.integrated_total == 10
    assert (hdf.integrated_total, idf.integrated_total) == (4, 1)
    # 6. companies: carrefour (x2 spellings), leroy merlin (x2), decathlon, fnac; boulanger absent
    assert (fr.companies, hdf.companies, idf.companies) == (4, 3, 1)
    assert all(table.regions[c].operations_total == 0 for c in table.regions if c not in ("32", "11"))


async def test_regional_only(seeded):
    table = await indicators.compute(seeded.db, FEB, regions(seeded), only="32")
    assert list(table.regions) == ["32"]
    assert table.regions["32"].interventions == 1
    assert [i["region"] for i in table.innovations] == ["32"]


def test_company_names_normalised():
    assert company_key("Carrefour SAS") == company_key("CARREFOUR") == "carrefour"
    assert company_key("Leroy-Merlin") == company_key("  leroy   merlin ") == "leroy merlin"
    assert company_key("Décathlon") == "decathlon"


def parse(file: exports.CsvFile) -> list[list[str]]:
    assert file.data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = file.data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text), delimiter=";"))


async def test_exports_parse_back(seeded):
    files = await exports.full_export(seeded.db, seeded.catalogue, FEB, None, 5)
    daily, ind, events, questions = (parse(f) for f in files)
    assert [f.filename for f in files] == ["activite-quotidienne_2027-02.csv", "indicateurs_2027-02.csv", "evenements_2027-02.csv",
                                           "questions_2027-02.csv"]
    assert len(questions) == 1 + 18 and questions[1][2:5] == ["0", "0", "0"]  # one row per region, no question asked
    assert daily[0] == ["Jour", "Code région", "Région", "Type", "Nombre"]
    assert ["01/02/2027", "32", "Hauts-de-France", "personnes_actives", "<5"] in daily
    assert ["01/02/2027", "32", "Hauts-de-France", "sessions", "<5"] in daily
    assert ["14/02/2027", "", "non renseignée", "start", "<5"] in daily
    assert ["28/02/2027", "11", "Île-de-France", "job_view", "<5"] in daily
    assert not any(row[0] == "01/03/2027" or row[0] == "31/01/2027" for row in daily[1:])
    assert all(row[4] in ("<5", "0") or int(row[4]) >= 5 for row in daily[1:])
    assert len(ind) == 1 + 1 + 18
    national = ind[1]
    assert national[:2] == ["", "France entière"] and national[2:] == ["1", "3", "1", "5", "2", "3", "2", "10", "6", "1", "1", "2", "4"]
    hdf = next(r for r in ind if r[0] == "32")
    assert hdf[9:15] == ["<5", "<5", "<5", "<5", "0", "3"]  # young people in a region: 4 → <5
    assert events[0][:3] == ["Date", "Heure", "Titre"]
    assert [r[2] for r in events[1:]] == ["Action E1", "Action E2", "Action E3", "Action E4", "Action E7"]
    e1 = events[1]
    assert e1[0] == "10/02/2027" and e1[1] == "14:00" and e1[8] == "clôturé" and e1[9] == "oui"
    assert "_" not in e1[3] and e1[3][0].isupper()  # the type in French, not its code
    assert e1[13] == "12"  # attendance 12 shown, integrated 2 hidden
    assert e1[14] == "<5"
    e3 = events[3]
    assert "Boulanger (absente)" in e3[11] and e3[13] == "30"
    text = b"".join(f.data for f in files).decode("utf-8-sig", errors="replace")
    assert "900002" not in text and "700032" not in text  # no Telegram id


async def test_regional_export_has_only_its_region(seeded):
    files = await exports.full_export(seeded.db, seeded.catalogue, FEB, "11", 5)
    daily, ind, events, questions = (parse(f) for f in files)
    assert {row[1] for row in daily[1:]} == {"11"}
    assert [r[0] for r in questions[1:]] == ["11"]
    assert [r[0] for r in ind[1:]] == ["11"]
    assert [r[2] for r in events[1:]] == ["Action E7"]
