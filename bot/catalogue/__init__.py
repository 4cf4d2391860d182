"""The catalogue: branches, jobs, regions and contacts, loaded from ``content/`` and indexed."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalogue.intents import IntentMatcher
from bot.catalogue.loader import ContentError, Problem, _line_of, read_content
from bot.catalogue.missions_locales import Directory
from bot.catalogue.models import INTEREST_TAGS, AlternanceFile, Branche, ContactsFile, IntentionsFile, LiensFile, Metier, MissionsLocalesFile
from bot.catalogue.regions import Regions, fold
from bot.catalogue.rules import pay_problems, related_jobs

__all__ = ["Catalogue", "ContentError", "Problem", "load_catalogue", "INTEREST_TAGS", "fold"]


@dataclass
class Catalogue:
    branches: list[Branche]
    jobs: dict[str, Metier]
    jobs_of: dict[str, list[Metier]]
    regions: Regions
    contacts: ContactsFile
    #: the SMIC and the apprentice pay rule (content/alternance.yaml), written once for every job
    alternance: AlternanceFile | None = None
    missions_locales: Directory | None = None
    branch_of_job: dict[str, str] = field(default_factory=dict)
    load_seconds: float = 0.0
    #: what young people write and where it leads (content/intentions.yaml)
    intents: IntentMatcher | None = None
    intents_file: IntentionsFile | None = None
    #: the next-step links of a job card (content/liens.yaml)
    links: LiensFile | None = None
    #: the campaign keys the statistics always name (content/campagnes.yaml)
    campaigns: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.branch_by_id = {b.id: b for b in self.branches}
        self.branch_by_idcc = {b.idcc: b for b in self.branches}
        if self.missions_locales is None:
            self.missions_locales = Directory(MissionsLocalesFile(), self.regions)
        self._related = related_jobs(self.jobs.values())

    def branch(self, branch_id: str) -> Branche | None:
        return self.branch_by_id.get(branch_id)

    def job(self, job_id: str) -> Metier | None:
        return self.jobs.get(job_id)

    def related(self, job_id: str) -> list[Metier]:
        """Jobs close to this one, declared on either side (``metiers_proches``)."""
        return [self.jobs[other] for other in self._related.get(job_id, []) if other in self.jobs]

    def branch_for_job(self, job_id: str) -> Branche | None:
        return self.branch_by_id.get(self.branch_of_job.get(job_id, ""))


def load_catalogue(content_dir: Path, today: dt.date | None = None) -> Catalogue:
    """Load and validate all content; raise :class:`ContentError` listing every problem.

    Pay figures older than two years do not stop the bot (``passerelle validate`` refuses them): they are logged.
    """
    raw = read_content(content_dir)
    if raw.problems:
        raise ContentError(raw.problems)
    stale = pay_problems(raw.branches, raw.alternance, today or dt.date.today(), _line_of, Problem)
    for problem in stale:
        logging.getLogger("passerelle").warning("contenu à mettre à jour : %s", problem)
    assert raw.regions is not None and raw.contacts is not None and raw.alternance is not None and raw.intentions is not None
    order = {branch_id: rank for rank, branch_id in enumerate(raw.branch_order or [])}
    branch_files = sorted((bf for _, bf, _ in raw.branches), key=lambda bf: (order.get(bf.branche.id, len(order)), fold(bf.branche.nom_court)))
    jobs: dict[str, Metier] = {}
    jobs_of: dict[str, list[Metier]] = {}
    branch_of_job: dict[str, str] = {}
    for bf in branch_files:
        jobs_of[bf.branche.id] = list(bf.metiers)
        for job in bf.metiers:
            jobs[job.id] = job
            branch_of_job[job.id] = bf.branche.id
    regions = Regions(raw.regions, raw.communes or {})
    return Catalogue(
        branches=[bf.branche for bf in branch_files],
        jobs=jobs,
        jobs_of=jobs_of,
        regions=regions,
        contacts=raw.contacts,
        alternance=raw.alternance,
        missions_locales=Directory(raw.missions_locales or MissionsLocalesFile(), regions),
        branch_of_job=branch_of_job,
        load_seconds=raw.seconds,
        intents=IntentMatcher(raw.intentions),
        intents_file=raw.intentions,
        links=raw.liens,
        campaigns=raw.campaigns,
    )
