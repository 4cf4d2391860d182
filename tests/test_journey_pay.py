"""Issue 15: every job card shows its starting pay in plain words, with its source and year."""

import datetime as dt

from bot.catalogue.loader import read_content
from tests.content_helpers import _edit, _first_branch, _problems, broken  # noqa: F401 (fixture)


async def test_card_shows_pay_around_the_smic_with_source_and_year(bot, catalogue):
    lina = bot.person(1001, "Lina")
    await lina.send("/start metier_vendeur-chaussure")
    card = lina.last.plain
    assert "Le salaire" in card
    assert "En début de carrière : autour du SMIC, environ 1\u00a0443\u00a0€ net par mois à temps plein" in card
    assert "(1\u00a0823\u00a0€ brut)" in card
    assert "En apprentissage : de 27 % à 100 % du SMIC" in card
    assert "Source : SMIC au 1er janvier 2026" in card and "chiffres 2026." in card


async def test_management_card_says_only_the_floor_is_certain(bot):
    lina = bot.person(1002, "Lina")
    await lina.send("/start metier_responsable-magasin-chaussure")
    card = lina.last.plain
    assert "au moins le SMIC" in card and "grille de salaires de la branche" in card


def test_every_job_has_pay_facts(catalogue):
    assert catalogue.alternance.smic.mensuel_brut == 1823.03
    assert [b.parts for b in catalogue.alternance.apprentissage.baremes] == [(27, 39, 55), (43, 51, 67), (53, 61, 78), (100, 100, 100)]
    assert catalogue.alternance.apprentice_pay(27) == 492
    for job in catalogue.jobs.values():
        assert job.salaire.annee >= 2025 and job.salaire.net[0] < job.salaire.brut[0], job.id


def test_job_without_pay_is_refused(broken):  # noqa: F811
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0].pop("salaire"))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0].salaire" in p and "manquant" in p for p in problems), problems


def test_pay_below_the_smic_or_net_above_gross_is_refused(broken):  # noqa: F811
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][1]["salaire"].update(brut=[1500, 1600], net=[1550, 1650]))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[1].salaire.brut" in p and "sous le SMIC" in p for p in problems), problems
    assert any("metiers[1].salaire.net" in p and "plus bas que le brut" in p for p in problems), problems


def test_pay_year_older_than_two_years_is_refused_by_validate(broken):  # noqa: F811
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][2]["salaire"].update(annee=2023))
    stale = [str(p) for p in read_content(broken, today=dt.date(2026, 12, 1)).problems]
    assert any(path.name in p and "metiers[2].salaire.annee" in p and "plus de deux ans" in p for p in stale), stale
    # 2024 is still fine on 2026-12-01; the bot's own loading never expires content overnight
    _edit(path, lambda d: d["metiers"][2]["salaire"].update(annee=2024))
    assert not read_content(broken, today=dt.date(2026, 12, 1)).problems
    assert [str(p) for p in read_content(broken, today=dt.date(2027, 1, 1)).problems]
    assert not _problems(broken)


def test_alternance_file_is_required(broken):  # noqa: F811
    (broken / "alternance.yaml").unlink()
    assert any("alternance.yaml" in p for p in _problems(broken))


def test_bot_starts_on_stale_pay_but_logs_it(broken, caplog):  # noqa: F811
    from bot.catalogue import load_catalogue

    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0]["salaire"].update(annee=2024))
    with caplog.at_level("WARNING", logger="passerelle"):
        catalogue = load_catalogue(broken, today=dt.date(2027, 6, 1))
    assert catalogue.jobs
    assert any("metiers[0].salaire.annee" in r.getMessage() and "à mettre à jour" in r.getMessage() for r in caplog.records)
