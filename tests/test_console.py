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
