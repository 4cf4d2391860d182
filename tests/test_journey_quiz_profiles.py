"""The quiz result follows the answers (issue 13): for every possible set of answers, each world
picked is represented by a job of that world, each strong wish (« À la tête d'une équipe ») by a
job that has it, and every « parce que » names something the person chose."""

from __future__ import annotations

import itertools


def profiles(quiz):
    return itertools.product(*[range(len(q.answers)) for q in quiz.questions])


def test_every_answer_profile_leads_to_jobs_matching_it(bot):
    quiz = bot.ctx.quiz  # built like the running bot's
    checked = 0
    for picked in profiles(quiz):
        picked = list(picked)
        result = quiz.result(picked)
        scored = {tag for tag, points in quiz.tag_scores(picked).items() if points > 0}
        assert len({m.job.id for m in result}) == len(result) == 3, picked
        for match in result:
            assert match.reasons and set(match.reasons) <= scored, (picked, match)
            assert set(match.reasons) <= set(match.job.interets), (picked, match)
        for world in quiz.universes(picked):
            assert any(m.reasons[0] == world and m.job.id in quiz.world_jobs[world] for m in result), (picked, world, result)
        for wish in quiz.wishes(picked):
            assert any(wish in m.job.interets for m in result), (picked, wish, result)
        checked += 1
    assert checked == 3 * 3 * 4 * 4 * 3 * 3 * 3


def test_fashion_is_the_clothes_and_shoes_shops_not_the_optician(bot):
    mode = bot.ctx.quiz.world_jobs["mode"]
    assert {"vendeur-habillement", "vendeur-chaussure", "responsable-magasin-habillement"} <= mode
    assert not {"conseiller-vente-optique", "opticien-lunetier"} & mode


async def test_fashion_and_team_leader_give_a_fashion_shop_manager(bot):
    """The issue's case: « La mode » and « À la tête d'une équipe » gave « Conseiller de vente optique…
    parce que la mode te plaît »."""
    lina = bot.person(1001, "Lina")
    await lina.send("/quiz")
    for label in ("Avec les gens", "Expliquer, conseiller", "La mode", "La tech", "À la tête d'une équipe",
                  "Un peu, pourquoi pas", "Je préfère accueillir"):
        await lina.press(label)
    result = lina.last.plain
    assert "Ton résultat" in result
    lines = result.splitlines()
    fashion = [n for n, line in enumerate(lines) if "parce que la mode te plaît" in line]
    assert fashion, result
    title = lines[fashion[0] - 1]
    assert "optique" not in title.lower() and "Responsable" in title, result
    assert "tu te vois animer une équipe" in lines[fashion[0]]
    assert "la technologie te plaît" in result
