"""Issue 3, points 4, 6 and 7: job cards with favourites and sharing, the quiz, /favoris."""

import json

from bot.catalogue import INTEREST_TAGS
from bot.catalogue.quiz import Quiz, load_questions
from bot.render import Renderer
from bot import callbacks
from bot.catalogue.quiz import Match
from bot.textfmt import job_button, register_filters


async def test_job_card_interest_and_share(bot, db, catalogue):
    lina = bot.person(1001, "Lina")
    await lina.send("/start metier_vendeur-chaussure")
    assert len(lina.last.plain) < 1000 and "Et après ?" not in lina.last.plain  # the short card first
    await lina.press("📖 En savoir plus")
    card = lina.last
    assert "Vendeur·se en chaussures" in card.plain and "Et après ?" in card.plain
    assert "niveau 3 (comme un CAP)" in card.plain or "niveau 4" in card.plain
    assert "aussi en alternance" in card.plain
    assert "sans diplôme" in card.plain
    await lina.press("Ça m'intéresse")
    assert "Ajouté à tes favoris" in lina.last.plain
    assert "✅ Dans mes favoris (retirer)" in lina.last.labels
    rows = await db.fetchall("SELECT job_id FROM favourites WHERE chat_id = 1001")
    assert [r[0] for r in rows] == ["vendeur-chaussure"]

    answers = await lina.press("Partager")
    assert answers, "the link comes as a new message to forward"
    assert "https://t.me/" in lina.last.plain and "start=metier_vendeur-chaussure" in lina.last.plain
    share_button = lina.find_button("Envoyer à quelqu'un")[1]
    assert share_button["url"].startswith("https://t.me/share/url?url=")
    keys = {(r["kind"], r["key"]) for r in await db.fetchall("SELECT kind, key FROM interactions")}
    assert {("job_view", "vendeur-chaussure"), ("interest", "vendeur-chaussure"), ("share", "vendeur-chaussure")} <= keys

    # leads to other jobs, and back to the branch
    lead = catalogue.job(catalogue.job("vendeur-chaussure").evolutions[0])
    await lina.press("➡️ " + job_button(lead))
    card = lina.messages()[-2]  # the card was edited in place, above the share message
    assert lead.accroche in card.plain
    await lina.press("⬅️ " + catalogue.branch("chaussure").nom_court)
    assert catalogue.branch("chaussure").nom in lina.messages()[-2].plain


async def test_favourites_list_open_and_remove(bot, db, catalogue):
    lina = bot.person(1001, "Lina")
    await lina.send("/favoris")
    assert "pas encore de favoris" in lina.last.plain
    for job_id in ("opticien-lunetier", "fleuriste-jardinerie"):
        await lina.send(f"/start metier_{job_id}")
        await lina.press("Ça m'intéresse")
    await lina.send("/favoris")
    assert any("Opticien" in label for label in lina.last.labels)
    await lina.press("Fleuriste")
    assert catalogue.job("fleuriste-jardinerie").accroche in lina.last.plain
    await lina.press("Dans mes favoris (retirer)")
    assert "Retiré de tes favoris" in lina.last.plain
    await lina.send("/favoris")
    await lina.press("❌")
    assert "pas encore de favoris" in lina.last.plain
    assert await db.scalar("SELECT COUNT(*) FROM favourites") == 0
    assert await db.scalar("SELECT COUNT(*) FROM interactions WHERE kind = 'interest_removed'") == 2


async def test_quiz_journey_result_kept_and_retake(bot, db):
    lina = bot.person(1001, "Lina")
    await lina.send("/quiz")
    total = int(lina.last.plain.split("question 1/")[1][0])
    assert 6 <= total <= 8
    for _ in range(total):
        assert "question" in lina.last.plain
        await lina.press(lina.last.labels[0])
    result = lina.last.plain
    assert "Ton résultat" in result and result.count("parce que") == 3
    row = await db.fetchone("SELECT * FROM quiz_results WHERE chat_id = 1001")
    top = json.loads(row["top_jobs"])
    assert len(top) == 3
    await lina.press("1. ")
    assert "Pour y entrer" in lina.last.plain
    await lina.send("/quiz")
    for _ in range(total):
        await lina.press(lina.last.labels[1])
    assert json.loads((await db.fetchone("SELECT answers FROM quiz_results WHERE chat_id = 1001"))[0]) == [1] * total
    assert await db.scalar("SELECT COUNT(*) FROM quiz_results") == 1
    kinds = [r[0] for r in await db.fetchall("SELECT kind FROM interactions WHERE kind LIKE 'quiz%'")]
    assert kinds == ["quiz_start", "quiz_finish"] * 2


def test_quiz_scores_on_interest_tags(catalogue):
    quiz = Quiz(list(catalogue.jobs.values()))
    nature = next(i for i, a in enumerate(quiz.questions[3].answers) if "nature" in a.tags)
    picked = [2, 2, 0, nature, 1, 2, 1]
    best = quiz.best(quiz.tag_scores(picked[: len(quiz.questions)]))
    assert any("nature" in catalogue.job(m.job.id).interets for m in best)
    assert quiz.parse("9") is None and quiz.parse("x") is None and quiz.parse("0" * 20) is None
    # every tag can be a reason, and every reason reads as French
    tags_used = {t for q in load_questions() for a in q.answers for t in a.tags}
    assert tags_used <= set(INTEREST_TAGS)
    renderer = Renderer()
    register_filters(renderer, catalogue)
    job = next(iter(catalogue.jobs.values()))
    from bot.catalogue.quiz import Match

    text = renderer.render("quiz/result", matches=[Match(job, 1.0, (tag,)) for tag in INTEREST_TAGS]).text
    assert text.count("parce que") == len(INTEREST_TAGS)


async def test_quiz_forged_answers_get_the_stale_screen(bot):
    lina = bot.person(1001, "Lina")
    await lina.send("/quiz")
    for data in ("1:qz:9", "1:qz:0000000000", "1:qz", "1:qz:abc"):
        await lina.press_data(data)
        assert "plus à jour" in lina.last.plain


def test_quiz_result_always_shows_the_worlds_picked(catalogue):
    """Whatever the other answers, a person who picks a world sees at least one job of it (when one matches)."""
    import itertools

    quiz = Quiz(list(catalogue.jobs.values()))
    worlds = [i for i, q in enumerate(quiz.questions) if q.universe]
    assert len(worlds) == 2
    ranges = [range(len(q.answers)) for q in quiz.questions]
    checked = 0
    for picked in itertools.product(*ranges):
        picked = list(picked)
        result = quiz.result(picked)
        assert len(result) == 3 and len({m.job.id for m in result}) == 3
        for world in quiz.universes(picked):
            if any(world in job.interets for job in catalogue.jobs.values()):
                assert any(world in m.job.interets for m in result), (picked, world, [m.job.id for m in result])
        checked += 1
    assert checked == 3 * 3 * 4 * 4 * 3 * 3 * 3


#: A phone shows about this many characters of an inline button label, prefix included.
PHONE_LABEL = 34


def _job_labels(markup) -> dict[str, list[str]]:
    """The labels of the buttons that open a job card, by job id."""
    found: dict[str, list[str]] = {}
    for row in markup["inline_keyboard"] if markup else []:
        for button in row:
            data = callbacks.parse(button.get("callback_data"))
            if data and data.kind == "job":
                found.setdefault(data.args[0], []).append(button["text"])
    return found


async def test_every_job_button_fits_on_a_phone(bot, catalogue):
    """Branch pages, « Et après ? », search, quiz, favourites: each job button is short (the card keeps the full title)."""
    lina = bot.person(1001, "Lina")
    await lina.send("/metiers")
    seen: dict[str, list[str]] = {}
    for branch in catalogue.branches:
        page = 0
        while True:
            await lina.press_data(callbacks.make("br", branch.id, page))
            for button in lina.last.buttons:
                data = callbacks.parse(button.get("callback_data"))
                if data and data.kind == "job":
                    seen.setdefault(data.args[0], []).append(button["text"])
            if not any("Suivant" in label for label in lina.last.labels):
                break
            page += 1
    assert set(seen) == set(catalogue.jobs), "every job is on its branch page"
    assert all(labels == [job_button(catalogue.job(job_id))] for job_id, labels in seen.items())

    jobs = list(catalogue.jobs.values())
    renderer = bot.ctx.renderer
    screens = [renderer.render("discovery/job", job=job, branch=catalogue.branch_for_job(job.id), leads=jobs,
                               favourite=False, notice=None) for job in jobs[:1]]
    screens.append(renderer.render("search/results", jobs=jobs, page=0, more=False, query="vendeur"))
    screens += [renderer.render("quiz/result", matches=[Match(job, 1.0, ("contact",)) for _ in range(3)]) for job in jobs]
    screens.append(renderer.render("favourites/list", jobs=jobs))
    for screen in screens:
        for job_id, labels in _job_labels(screen.markup).items():
            seen.setdefault(job_id, []).extend(labels)
    too_long = sorted({label for labels in seen.values() for label in labels if len(label) > PHONE_LABEL})
    assert not too_long, too_long
    assert "Vendeur·se déco et cadeaux" in seen["vendeur-deco-cadeaux"]

    await lina.send("/start metier_vendeur-deco-cadeaux")
    assert "Vendeur·se conseil en décoration et cadeaux" in lina.last.plain
