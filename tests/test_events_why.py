"""Why the suggested actions come in this order: the header line and each action's reasons."""

from tests.events_helpers import make_event, young


def _order(person, *titles):
    """The titles in the order of the event buttons."""
    labels = [label for label in person.last.labels if "·" in label]
    return [next(t for t in titles if t[:20] in label) for label in labels if any(t[:20] in label for t in titles)]


async def _optique_on_the_6th_and(bot, title, branch):
    """An optique action on the 6th, another of ``branch`` on the 13th, and Lina (no preferences yet)."""
    await make_event(bot.ctx, "Atelier optique", day=6, branches=["optique"])
    await make_event(bot.ctx, title, day=13, branches=[branch])
    return await young(bot, 1001)


async def test_favourite_branch_event_first_with_its_reason(bot, catalogue):
    ctx = bot.ctx
    lina = await _optique_on_the_6th_and(bot, "Découverte du sport", "sports-loisirs")
    job = catalogue.jobs_of["sports-loisirs"][0]
    await ctx.db.execute("INSERT INTO favourites(chat_id, job_id, created_at) VALUES (?, ?, 0)", (lina.id, job.id))
    await lina.send("/evenements")
    assert _order(lina, "Atelier optique", "Découverte du sport") == ["Découverte du sport", "Atelier optique"]
    text = lina.last.plain
    assert "Les plus adaptées à toi d'abord" in text
    sport, optique = text.index("Découverte du sport"), text.index("Atelier optique")
    assert "⭐ lié à tes favoris" in text[sport:optique]  # under the sport action, not the other one
    assert "favoris" not in text[optique:]


async def test_quiz_and_chosen_branch_reasons(bot, catalogue):
    ctx = bot.ctx
    lina = await _optique_on_the_6th_and(bot, "Découverte du bricolage", "bricolage")
    job = catalogue.jobs_of["bricolage"][0]
    await ctx.db.execute("INSERT INTO quiz_results(chat_id, answers, top_jobs, tags, finished_at) VALUES (?, '{}', ?, '{}', 0)", (lina.id, f'["{job.id}"]'))
    await ctx.db.execute("INSERT INTO user_branches(chat_id, kind, branch_id) VALUES (?, 'interest', 'bricolage')", (lina.id,))
    await lina.send("/evenements")
    assert _order(lina, "Atelier optique", "Découverte du bricolage")[0] == "Découverte du bricolage"
    assert "🏷️ une de tes branches · 🎯 d'après ton quiz" in lina.last.plain


async def test_no_preferences_means_date_order_and_says_so(bot):
    ctx = bot.ctx
    await make_event(ctx, "Semaine nationale", day=13, scope="national", city="Paris", departement="75", branches=["optique"])
    await make_event(ctx, "Webinaire commerce", day=6, scope="online", online_url="https://example.org/w", city=None, departement=None)
    await make_event(ctx, "Forum tout commerce", day=9, scope="national", city="Lyon", departement="69")
    lina = await young(bot, 1001, region=None)
    await lina.send("/evenements")
    titles = ("Semaine nationale", "Webinaire commerce", "Forum tout commerce")
    assert _order(lina, *titles) == ["Webinaire commerce", "Forum tout commerce", "Semaine nationale"]
    text = lina.last.plain
    assert "Par date" in text and "adaptées à toi" not in text
    assert not any(marker in text for marker in ("⭐", "🎯", "💻 en ligne"))


async def test_region_only_region_first_then_date(bot):
    ctx = bot.ctx
    await make_event(ctx, "Forum de Lille", day=13, branches=["optique"])
    await make_event(ctx, "Salon de Roubaix", day=9)
    await make_event(ctx, "Semaine nationale", day=2, scope="national", city="Paris", departement="75")
    lina = await young(bot, 1001)
    await lina.send("/evenements")
    assert _order(lina, "Forum de Lille", "Salon de Roubaix", "Semaine nationale") == ["Salon de Roubaix", "Forum de Lille", "Semaine nationale"]
    assert "Près de chez toi d'abord, puis par date" in lina.last.plain
