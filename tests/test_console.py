"""The console: numbered buttons, files saved to a folder, and switching person to play a whole story."""

from devtools.console import Console, to_terminal
from tests.conftest import make_bot, close_bot


async def test_console_story_coordinator_invites_an_advisor(settings, clock, catalogue, tmp_path):
    from devtools import demo

    harness = await make_bot(settings, clock, catalogue)
    try:
        await demo.seed(harness.ctx)
        lines: list[str] = []
        console = Console(harness, *demo.PERSONAS["coordinateur"], tmp_path / "files", out=lines.append, ctx=harness.ctx)
        await console.switch(["coordinateur"])
        await console.handle("/invite conseiller 32 Mission Locale de Roubaix")
        link = next(word for line in lines for word in line.split() if "start=inv_" in word)
        code = link.split("start=")[1]
        lines.clear()
        await console.handle("!as 555 Karim")
        await console.handle(f"/start {code}")
        text = "\n".join(lines)
        assert "Mission Locale de Roubaix" in text and "/annonce" in text
        # buttons are numbered and pressed by number
        lines.clear()
        await console.handle("/metiers")
        assert any(line.strip().startswith("[1] ") for line in lines)
        lines.clear()
        await console.handle("1")
        assert any("Les métiers" in line for line in lines)
        lines.clear()
        await console.handle("99")
        assert any("choisis un numéro" in line for line in lines)
        # a postal code is text, not a button number; 'N sends a number as text
        await console.handle("!as 556 Zoé")
        await console.handle("/start")
        await console.handle("59000")
        assert "Hauts-de-France" in console.person.last.plain
        await console.handle("/region")
        await console.handle("'13")
        assert "Provence" in console.person.last.plain
        lines.clear()
        await console.handle("!nimportequoi")
        assert "!as" in "\n".join(lines)
        # a document the bot sends is saved and its path printed
        lines.clear()
        await console.handle("/mesdonnees")
        saved = [line for line in lines if "fichier enregistré" in line]
        assert saved and (tmp_path / "files").exists() and any((tmp_path / "files").iterdir())
    finally:
        await close_bot(harness)
    assert not harness.errors


def test_terminal_rendering_strips_html():
    assert to_terminal("<b>Salut</b> &amp; <i>bienvenue</i>") .replace("\033[1m", "").replace("\033[0m", "") == "Salut & bienvenue"


async def test_console_advisor_has_an_action_to_close(settings, clock, catalogue, tmp_path):
    from devtools import demo

    harness = await make_bot(settings, clock, catalogue)
    try:
        await demo.seed(harness.ctx)
        lines: list[str] = []
        console = Console(harness, *demo.PERSONAS["conseiller"], tmp_path / "files", out=lines.append, ctx=harness.ctx)
        await console.switch(["conseiller"])
        await console.switch(["conseiller"])  # idempotent: no second copy of the demo action
        await console.handle("/mesannonces")
        assert any("à clôturer" in line for line in lines)
        assert await harness.ctx.db.scalar("SELECT COUNT(*) FROM events WHERE external_id = 'demo-hier-lille'") == 1
        await console.person.press("Job dating d'hier")
        assert "4 inscrits" in console.person.last.plain
        await console.person.press("Clôturer")
    finally:
        await close_bot(harness)
    assert not harness.errors


def _figure(text: str, label: str) -> int:
    import re

    match = re.search(re.escape(label) + r" : (\d+)", text)
    assert match, (label, text)
    return int(match.group(1))


async def test_console_coordinator_sees_the_story_of_the_last_30_days(settings, clock, catalogue, tmp_path):
    """Reported: the coordinator's /stats and indicators of the demo were all 0 (« Aucune région n'a
    d'indicateur sur la période ») although the demo had 301 people and 60 registrations."""
    from devtools import demo
    from devtools.demo.story_data import ACTIONS, COMMUNICATIONS, INNOVATIONS

    harness = await make_bot(settings, clock, catalogue)
    try:
        await demo.seed(harness.ctx)
        await demo.seed(harness.ctx)  # idempotent: the story is played once per database
        assert await harness.ctx.db.scalar("SELECT COUNT(*) FROM events WHERE external_id LIKE 'demo-story-%'") == len(ACTIONS)
        assert harness.ctx.clock is clock  # the clock lent to the story was given back
        recent = [a for a in ACTIONS if a.days_ago < 30]
        closed = [a for a in recent if a.results is not None]
        console = Console(harness, *demo.PERSONAS["coordinateur"], tmp_path / "files", out=lambda line: None, ctx=harness.ctx)
        await console.switch(["coordinateur"])
        await console.handle("/stats")
        text = console.person.last.plain
        assert "30 derniers jours" in text
        assert _figure(text, "Alertes activées") > 0 and _figure(text, "désactivées") > 0
        await console.person.press("Événements")
        text = console.person.last.plain
        assert f"Événements (début dans la période) : {len(recent)}, dont {len(closed)} clôturé(s)" in text
        attended = _figure(text, "4. Présence (événements clôturés)")
        assert attended == sum(a.results[0] for a in closed) > 0
        assert _figure(text, "Inscriptions en cours") >= attended and _figure(text, "3. Inscription") > 0
        assert _figure(text, "Demandes envoyées") >= _figure(text, "Réponses") == sum(sum(a.feedback) for a in recent) > 0
        await console.person.press("Indicateurs du partenariat")
        text = console.person.last.plain
        national = text.split("Par région")[0]
        for label in ("1. Opérations", "2. Communications conjointes", "3. Interventions conjointes",
                      "4. Adaptations ou innovations", "5. Jeunes intégrés", "6. Entreprises associées"):
            assert _figure(national, label) > 0, label
        assert _figure(national, "1. Opérations") == len(recent)
        assert _figure(national, "2. Communications conjointes") == sum(c.days_ago < 30 for c in COMMUNICATIONS)
        assert _figure(national, "4. Adaptations ou innovations") == sum(i[0] < 30 for i in INNOVATIONS)
        assert _figure(national, "5. Jeunes intégrés") == sum(sum(a.results[1:]) for a in closed)
        assert "Aucune région n'a d'indicateur" not in text and "(exemple)" in text  # the innovations listed say so
        await console.person.press("Trimestre")
        assert _figure(console.person.last.plain, "1. Opérations") == len(ACTIONS)
        # the advisor still finds yesterday's job dating, ready to close
        await console.switch(["conseiller"])
        await console.handle("/mesannonces")
        await console.person.press("Job dating d'hier")
        assert "4 inscrits" in console.person.last.plain
    finally:
        await close_bot(harness)
    assert not harness.errors
