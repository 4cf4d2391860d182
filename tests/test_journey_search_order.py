"""Search order (issue 13): the job a young person means comes first — the general job before its
niche variants, the branch the word is about before a branch that only mentions it."""

from __future__ import annotations

import pytest

from bot.textfmt import job_button, job_title


def label(bot, job_id: str) -> str:
    job = bot.ctx.catalogue.job(job_id)
    return bot.ctx.catalogue.branch_for_job(job_id).emoji + " " + job_button(job)


def position(labels: list[str], wanted: str) -> int:
    assert wanted in labels, (wanted, labels)
    return labels.index(wanted)


def branch_of(bot, labels: list[str], branch_id: str) -> list[int]:
    """Positions of the result buttons whose job belongs to ``branch_id``."""
    catalogue = bot.ctx.catalogue
    ids = [j.id for j in catalogue.jobs.values() if catalogue.branch_for_job(j.id).id == branch_id]
    mine = {label(bot, i) for i in ids}
    return [n for n, text in enumerate(labels) if text in mine]


@pytest.mark.parametrize(
    "query, first, before, after_branch",
    [
        ("jardinage", "vendeur-jardinerie", (), "bricolage"),
        ("mode", "vendeur-habillement", (), "distribution-chaussures-jouets-textiles"),
        ("caissiere", "hote-caisse-alimentaire", ("hote-caisse-cooperative", "employe-magasin-proximite"), None),
        ("hôtesse de caisse", "hote-caisse-alimentaire", ("hote-caisse-cooperative",), None),
        ("hote de caisse", "hote-caisse-alimentaire", ("hote-caisse-cooperative",), None),
    ],
)
async def test_the_job_meant_comes_first(bot, query, first, before, after_branch):
    lina = bot.person(1001, "Lina")
    await lina.send("/start")
    await lina.press("Bretagne")
    await lina.send(query)
    labels = lina.last.labels
    assert labels[0] == label(bot, first), labels
    while "➕ Voir plus" in labels and not all(label(bot, j) in labels for j in before):
        await lina.press("➕ Voir plus")
        labels = labels + lina.last.labels
    for niche in before:
        assert position(labels, label(bot, first)) < position(labels, label(bot, niche))
    if after_branch:
        assert all(n > 0 for n in branch_of(bot, labels, after_branch))
    await lina.send(query)  # « Voir plus » turned the page: search again and open the first
    await lina.press(label(bot, first))
    assert job_title(bot.ctx.catalogue.job(first)) in lina.last.plain  # the card opens


async def test_vendeuse_finds_fashion_and_sport_sellers_on_the_first_page(bot):
    lina = bot.person(1001, "Lina")
    await lina.send("/start")
    await lina.press("Bretagne")
    await lina.send("vendeuse")
    labels = lina.last.labels
    assert label(bot, "vendeur-habillement") in labels and label(bot, "vendeur-sport") in labels
    await lina.press(label(bot, "vendeur-sport"))
    assert "Vendeur·se" in lina.last.plain and "sport" in lina.last.plain
