"""Content validation: the shipped content passes; each kind of problem in a broken copy is reported."""

from pathlib import Path

import yaml

import pytest

from bot.catalogue import ContentError, load_catalogue
from bot.cli import main
from tests.content_helpers import _edit, _first_branch, _problems, broken  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_content_is_complete(catalogue):
    assert len(catalogue.branches) == 20
    assert len(catalogue.jobs) >= 100
    assert all(len(jobs) >= 4 for jobs in catalogue.jobs_of.values())
    assert len(catalogue.regions.by_code) == 18
    assert len(catalogue.regions.departements) == 101
    assert catalogue.load_seconds < 1.0


def test_validate_command_prints_counts(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "20 branches" in out and "101 départements" in out


def test_unknown_key(broken):
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0].update(salaire_brut="2000"))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0].salaire_brut" in p and "champ inconnu" in p for p in problems), problems


def test_missing_field(broken):
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][1].pop("accroche"))
    problems = _problems(broken)
    assert any("metiers[1].accroche" in p and "manquant" in p for p in problems), problems


def test_link_to_undefined_job(broken):
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0].update(evolutions=["metier-fantome"]))
    problems = _problems(broken)
    assert any("metier-fantome" in p and "n'existe pas" in p and path.name in p for p in problems), problems


def test_duplicate_job_id(broken):
    files = sorted((broken / "metiers").glob("*.yaml"))
    other_id = yaml.safe_load(files[1].read_text())["metiers"][0]["id"]
    _edit(files[0], lambda d: d["metiers"][0].update(id=other_id))
    problems = _problems(broken)
    assert any("en double" in p and other_id in p for p in problems), problems


def test_missing_branch(broken):
    path = _first_branch(broken)
    idcc = yaml.safe_load(path.read_text())["branche"]["idcc"]
    path.unlink()
    problems = _problems(broken)
    assert any(f"IDCC {idcc}" in p and "manquante" in p for p in problems), problems


def test_malformed_rome_code(broken):
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0].update(rome=[{"code": "D12"}]))
    problems = _problems(broken)
    assert any("rome[0].code" in p and "mal formé" in p for p in problems), problems


def test_yaml_syntax_error_names_file_and_line(broken):
    path = _first_branch(broken)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "  nom: [pas fermé")
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = _problems(broken)
    assert any(path.name in p and "syntaxe YAML" in p and ":" in p.split(" ")[0] for p in problems), problems


def test_line_numbers_point_at_the_field(broken):
    path = _first_branch(broken)
    text = path.read_text(encoding="utf-8")
    text = text.replace("idcc_statut:", "idcc_statut_faux: x\n  idcc_statut:", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "idcc_statut_faux" in l)
    problems = _problems(broken)
    assert any(f"{path.name}:{line} " in p for p in problems), problems


def test_unknown_interest_tag(broken):
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0].update(interets=["licornes"]))
    assert any("licornes" in p for p in _problems(broken))


def test_bot_refuses_invalid_content_and_cli_exits_non_zero(broken, capsys):
    _edit(_first_branch(broken), lambda d: d["metiers"][0].pop("id"))
    with pytest.raises(ContentError) as error:
        load_catalogue(broken)
    assert "metiers[0].id" in str(error.value)
    assert main(["validate", "--content", str(broken)]) == 1
    assert "metiers[0].id" in capsys.readouterr().out


def test_regions_resolution(catalogue):
    regions = catalogue.regions
    cases = {"75011": ("11", "75"), "2A": ("94", "2A"), "971": ("01", "971"), "13": ("93", "13"),
             "20190": ("94", "2A"), "20200": ("94", "2B"), "97150": ("01", "971"), "59000": ("32", "59"),
             "1": ("84", "01"), "Hauts-de-France": ("32", None), "ile de france": ("11", None), "nord": ("32", "59")}
    for text, (region, dept) in cases.items():
        found = regions.resolve(text)
        assert found is not None, text
        assert (found[0].code, found[1]) == (region, dept), text
    for nonsense in ("abc", "99999", "00", "975", "", "🙂", "2C"):
        assert regions.resolve(nonsense) is None, nonsense


def test_run_refuses_to_start_on_invalid_content(broken, tmp_path, monkeypatch, capsys):
    _edit(_first_branch(broken), lambda d: d["metiers"][0].update(rome=[{"code": "XX"}]))
    config = tmp_path / "config.yaml"
    config.write_text(f"content_dir: {broken}\n", encoding="utf-8")
    monkeypatch.setenv("PASSERELLE_CONFIG", str(config))
    monkeypatch.setenv("PASSERELLE_DB", str(tmp_path / "x.db"))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abcdefghijklmnop")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "ne démarre pas" in err and "rome[0].code" in err


def test_short_job_title_for_buttons(broken, catalogue):
    assert catalogue.job("vendeur-deco-cadeaux").titre.court == "Vendeur·se déco et cadeaux"
    assert catalogue.job("photographe").titre.court is None
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0]["titre"].update(court="Vendeur·se conseil en décoration et cadeaux"))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0].titre.court" in p for p in problems), problems


def test_rome_code_absent_from_rome4_is_refused(broken):
    """A well-formed code that ROME 4.0 does not have (D1301 exists; D1299 does not) names file and field."""
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][1].update(rome=[{"code": "D1106"}, {"code": "D1299"}]))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[1].rome[1].code" in p and "D1299" in p and "ROME 4.0" in p for p in problems), problems
    assert not any("rome[0]" in p for p in problems), problems


def test_rome_referential_is_required(broken):
    (broken / "referentiels" / "rome4.tsv").unlink()
    assert any("rome4.tsv" in p and "introuvable" in p for p in _problems(broken))


def test_shipped_codes_are_rome4(catalogue):
    """The issue-15 mismatches are fixed: no non-food shop manager on D1301, no v3 code left."""
    codes = {job.id: [r.code for r in job.rome] for job in catalogue.jobs.values()}
    assert codes["responsable-magasin-optique"] == ["J1405"]
    assert codes["vendeur-chaussure"] == ["D1246"]
    assert codes["vendeur-jardinerie"] == ["D1219"]
    assert codes["preparateur-drive-alimentaire"] == ["N1113"]
    assert all(codes[job] for job in codes), [job for job in codes if not codes[job]]
    non_food = [b for b in catalogue.branches if not b.id.startswith(("alimentaire", "cooperatives"))]
    for branch in non_food:
        for job in catalogue.jobs_of[branch.id]:
            assert "D1301" not in codes[job.id], job.id


def test_source_home_page_is_refused(broken):
    """Sources cite the fiche itself (métierscope fiche by ROME code), never a site's home page."""
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0]["sources"].append({"titre": "Onisep", "url": "https://www.onisep.fr/"}))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0].sources[" in p and "page d'accueil" in p for p in problems), problems


def test_every_job_cites_its_rome_fiche(catalogue):
    for job in catalogue.jobs.values():
        urls = [str(s.url) for s in job.sources if s.url]
        for entry in job.rome:
            assert f"https://candidat.francetravail.fr/metierscope/fiche-metier/{entry.code}" in urls, job.id


def test_official_branch_names_and_idcc(catalogue):
    """Official names exactly as Opcommerce's « Adhérer à l'Opcommerce » page lists them; coopératives on IDCC 3205."""
    names = {b.nom for b in catalogue.branches}
    assert {"Commerce à distance", "Entreprises de distribution, importation, exportation en chaussures, jouets, textiles et mercerie",
            "Entreprises de la filière Sports-Loisirs", "Métiers du commerce de détail alimentaire spécialisé"} <= names
    coop = catalogue.branch("cooperatives-consommateurs")
    assert coop.idcc == "3205" and "0179" in coop.idcc_precision
    non_specialise = catalogue.branch("alimentaire-non-specialise")
    assert "primeur" not in non_specialise.tags and "crèmerie" not in non_specialise.tags


def test_catalogue_size_and_flagship_jobs(catalogue):
    """Issue 15 §4: at least 100 jobs, at least 4 per branch, the flagship jobs present, no empty « Et après ? »."""
    assert len(catalogue.jobs) >= 100
    assert min(len(jobs) for jobs in catalogue.jobs_of.values()) >= 4
    flagship = ["boucher-grande-surface", "poissonnier-grande-surface", "boulanger-grande-surface", "manager-rayon-frais",
                "caviste", "vendeur-boulangerie", "technicien-cycles", "technicien-ski", "hote-caisse-accueil-bricolage",
                "hote-caisse-accueil-grand-magasin", "employe-stock-grand-magasin", "visual-merchandiser-grand-magasin",
                "monteur-vendeur-optique", "livreur-monteur-meubles", "responsable-magasin-cooperative", "e-merchandiser",
                "community-manager", "declarant-douane", "acheteur-international", "employe-logistique-jardinerie",
                "stockiste-chaussure", "responsable-magasin-electromenager"]
    assert [job for job in flagship if catalogue.job(job) is None] == []
    assert all(job.evolutions for job in catalogue.jobs.values())


def test_branch_with_three_jobs_is_refused(broken):
    path = _first_branch(broken)
    _edit(path, lambda d: d.update(metiers=d["metiers"][:3]))
    problems = _problems(broken)
    assert any(path.name in p and "[metiers]" in p and "au moins 4" in p for p in problems), problems


def test_empty_evolutions_is_refused(broken):
    path = _first_branch(broken)
    _edit(path, lambda d: d["metiers"][0].update(evolutions=[]))
    problems = _problems(broken)
    assert any(path.name in p and "metiers[0].evolutions" in p and "au moins 1" in p for p in problems), problems


def test_plain_french_for_a_16_year_old(catalogue):
    """Issue 15 §5: qualities are noun phrases (no « Être organisé » agreed in the masculine with « tu »),
    no judgement of appearance, jargon explained where it stays."""
    import re

    qualities = [q for job in catalogue.jobs.values() for q in job.qualites]
    assert not [q for q in qualities if q.startswith("Être ")], "qualities as noun phrases"
    assert not any("belle présentation" in q for q in qualities)
    texts = [" ".join([job.accroche, job.conditions, *job.quotidien]) for job in catalogue.jobs.values()]
    texts += [b.presentation + " " + b.accroche for b in catalogue.branches]
    for text in texts:
        assert not re.search(r"\btu (restes très présent|peux être seul|peux être employé|es curieux)\b", text), text
        assert "des petites équipes" not in text
        assert not re.search(r"\bruptures?\b", text) and "réassortis" not in text, text
    assert all("SAV" not in job.titre.masculin or "service après-vente" in job.titre.masculin for job in catalogue.jobs.values())


@pytest.mark.parametrize(
    "court, expected",
    [
        ("Vendeur / Vendeuse déco", "point médian"),
        ("Vendeur(se) déco et cadeaux", "point médian"),
        (None, "titre court manquant"),
        ("Marchand·e déco et cadeaux", "n'est pas un mot du titre masculin"),
        ("Vendeur·rice déco et cadeaux", "ne finit par « rice »"),
    ],
)
def test_one_style_for_short_job_titles(broken, court, expected):
    """Buttons and lists write both genders one way: « Vendeur·se », never « Vendeur / Vendeuse »."""
    path = broken / "metiers" / "detail-non-alimentaire.yaml"

    def change(data):
        job = next(j for j in data["metiers"] if j["id"] == "vendeur-deco-cadeaux")
        job["titre"]["court"] = court
        if court is None:
            del job["titre"]["court"]

    _edit(path, change)
    problems = _problems(broken)
    assert any(path.name in p and "titre.court" in p and expected in p for p in problems), problems


def test_every_shipped_short_title_has_the_one_style(catalogue):
    from bot.catalogue.titles import short_title_problems

    assert {j.id: short_title_problems(j.titre.masculin, j.titre.feminin, j.titre.court) for j in catalogue.jobs.values()
            if short_title_problems(j.titre.masculin, j.titre.feminin, j.titre.court)} == {}
    assert not [j.titre.court for j in catalogue.jobs.values() if j.titre.court and "/" in j.titre.court]


def test_known_campaigns_are_checked(broken):
    path = broken / "campagnes.yaml"
    path.write_text("campagnes:\n  - {id: forum-lycee, libelle: Forum des lycées}\n  - {id: forum-lycee, libelle: Encore}\n", encoding="utf-8")
    problems = _problems(broken)
    assert any("campagnes.yaml" in p and "campagnes[1].id" in p and "double" in p for p in problems), problems
    path.write_text("campagnes:\n  - {id: 'Avec Espace', libelle: Mauvaise clé}\n", encoding="utf-8")
    problems = _problems(broken)
    assert any("campagnes.yaml" in p and "campagnes[0].id" in p and "minuscules" in p for p in problems), problems
