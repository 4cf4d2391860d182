"""Kill -9 during a broadcast: ``passerelle run`` killed at five moments of a 300-recipient announcement.

The real process against the HTTP emulator (:mod:`devtools.crash`), restarted after each SIGKILL.
Target (issue 9 §2): nobody lost, at most one duplicate per worker and per restart.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Result
from devtools.crash import kill_scenario


async def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        figures = await kill_scenario(Path(folder), recipients=300, kill_at=(15, 70, 130, 190, 250))
    worst = max(figures.duplicates_per_restart, default=0)
    return [
        Result("arrêts brutaux (SIGKILL) puis redémarrage", float(figures.kills), "", "5", figures.kills == 5),
        Result("destinataires perdus", float(figures.lost), f"/ {figures.recipients}", "0", figures.lost == 0),
        Result("doublons au pire par redémarrage", float(worst), "", f"≤ {figures.workers} (workers)", worst <= figures.workers,
               note=f"par redémarrage : {figures.duplicates_per_restart}, total {figures.duplicates}"),
        Result("diffusion terminée, rapport envoyé", float(figures.finished and figures.report_sent), "", "1",
               figures.finished and figures.report_sent, note=f"{figures.seconds:.1f} s en tout"),
    ]
