"""Issue 15: structured job facts (licences, physical demands, contracts, close jobs) and the sans_diplome rule,
checked by the validator and shown on the card."""

from bot.textfmt import job_button
from tests.content_helpers import _edit, _first_branch, _problems, broken  # noqa: F401 (fixture)


def test_sans_diplome_needs_an_aucun_entry(broken):  # noqa: F811
    path = _first_branch(broken)

    def claim_no_diploma(data):
        job = data["metiers"][0]
        job["acces"] = [a for a in job["acces"] if a["type"] != "Aucun"] or [{"diplome": "CAP Équipier polyvalent du commerce", "type": "CAP", "niveau": 3}]
        job["sans_diplome"] = True

    _edit(path, claim_no_diploma)
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0]" in p and "sans_diplome: true demande" in p for p in problems), problems


def test_aucun_entry_needs_sans_diplome(broken):  # noqa: F811
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0].update(sans_diplome=False))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0]" in p and "demande sans_diplome: true" in p for p in problems), problems


def test_structured_fields_are_required_and_closed(broken):  # noqa: F811
    path = _first_branch(broken)
    _edit(path, lambda d: (d["metiers"][0].pop("contrats"), d["metiers"][1].update(permis_certificats=["permis-bateau"]),
                           d["metiers"][2].update(exigences_physiques=[])))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0].contrats" in p and "manquant" in p for p in problems), problems
    assert any(path.name in p and "metiers[1].permis_certificats[0]" in p for p in problems), problems
    assert any(path.name in p and "metiers[2].exigences_physiques" in p for p in problems), problems


def test_close_job_must_exist(broken):  # noqa: F811
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0].update(metiers_proches=["metier-fantome"]))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0].metiers_proches[0]" in p and "n'existe pas" in p for p in problems), problems


def test_no_diploma_jobs_fixed(catalogue):
    for job_id in ("chef-rayon-jardinerie", "chef-rayon-sport", "merchandiser-mode-jouets"):
        assert catalogue.job(job_id).sans_diplome is False, job_id
    diplomas = {a.diplome for job in catalogue.jobs.values() for a in job.acces}
    assert "CAP Primeur" in diplomas and "BTS Négociation et digitalisation de la relation client (NDRC)" in diplomas
    assert not any(d.startswith(("Titre pro ", "Master en", "Licence pro dans", "Bac pro dans", "BTS du domaine")) for d in diplomas), diplomas


async def test_card_shows_what_matters_when_applying_and_close_jobs_both_ways(bot, catalogue):
    declaring = next(job for job in catalogue.jobs.values() if job.metiers_proches)
    other = catalogue.job(declaring.metiers_proches[0])
    assert declaring.id not in other.metiers_proches  # declared on one side only
    lina = bot.person(1001, "Lina")
    await lina.send(f"/start metier_{other.id}")
    await lina.press("📖 En savoir plus")
    card = lina.last.plain
    assert "Bon à savoir pour postuler" in card and "Contrats souvent proposés : CDI" in card
    assert "Métiers proches" in card
    await lina.press("🔁 " + job_button(declaring))
    assert declaring.accroche in lina.last.plain

    await lina.send("/start metier_employe-logistique-bricolage")
    await lina.press("📖 En savoir plus")
    assert "CACES" in lina.last.plain and "port de charges" in lina.last.plain


def test_every_card_fits_in_one_telegram_message(bot, catalogue):
    renderer = bot.ctx.renderer
    for job in catalogue.jobs.values():
        leads = [catalogue.job(j) for j in job.evolutions]
        screen = renderer.render("discovery/job", job=job, branch=catalogue.branch_for_job(job.id), leads=leads, favourite=False, notice=None, full=True)
        assert len(screen.text) < 4096, (job.id, len(screen.text))
