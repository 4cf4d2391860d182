"""/start for advisors and coordinators: their home with their own commands, not the young people's onboarding."""

from bot.app import command_menus
from tests.advisors_helpers import make_advisor


async def test_advisor_start_shows_staff_home_with_menu_commands(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/start")
    text = advisor.last.plain
    assert "Mission Locale de Lille" in text and "Hauts-de-France" in text
    for command, _ in command_menus()["conseiller"]:
        assert f"/{command}" in text
    assert "/invite" not in text
    assert "tu habites" not in text


async def test_national_coordinator_start_lists_coordinator_commands(bot):
    coordinator = bot.person(900001, "Nadia")  # PASSERELLE_COORDINATORS in the test settings
    await coordinator.send("/start")
    text = coordinator.last.plain
    assert "national" in text and "/indicateurs" in text and "/invite" in text
    await coordinator.press("Les métiers")
    assert "branches du commerce" in coordinator.last.plain


async def test_newcomer_on_a_shared_job_link_also_gets_the_privacy_notice(bot, catalogue):
    job = next(iter(catalogue.jobs.values()))
    lina = bot.person(3001, "Lina")
    answers = await lina.send(f"/start metier_{job.id}")
    assert "/oubli" in answers[0].plain and "Tes données" in answers[0].plain
    assert job.accroche in answers[-1].plain
    await lina.press("Choisir ma région")
    await lina.send("59000")
    assert "Hauts-de-France" in lina.last.plain
    # once the region is set, a shared link opens the card alone
    answers = await lina.send(f"/start metier_{job.id}")
    assert len(answers) == 1 and job.accroche in answers[0].plain


async def test_newcomer_with_a_broken_link_sees_the_notice_once(bot):
    lina = bot.person(3002, "Lina")
    answers = await lina.send("/start metier_nexiste-pas")
    assert sum("Tes données" in a.plain for a in answers) == 1
    assert "région" in answers[-1].plain
