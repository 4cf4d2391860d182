"""The interest quiz: questions (``templates/quiz/questions.yaml``), scoring against the jobs' tags.

The answers travel in the callback data (one digit per answered question), so a quiz survives a
restart and needs no server-side state until it is finished.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from bot.catalogue.models import INTEREST_TAGS, Metier
from bot.render import TEMPLATES
from bot.yamlread import read_yaml

QUESTIONS_FILE = TEMPLATES / "quiz" / "questions.yaml"
TOP = 3
#: Points from one answer that make a strong wish (see :meth:`Quiz.wishes`).
STRONG = 3


@dataclass(frozen=True)
class Answer:
    label: str
    tags: dict[str, int]


@dataclass(frozen=True)
class Question:
    text: str
    answers: tuple[Answer, ...]
    #: A "which world attracts you" question: the world picked is always represented in the result.
    universe: bool = False


@dataclass(frozen=True)
class Match:
    job: Metier
    score: float
    reasons: tuple[str, ...]  # interest tags, strongest first


def load_questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    """Read and check the questions (6 to 8, 2 to 4 answers each, known tags only)."""
    data = read_yaml(path.read_text(encoding="utf-8"))
    questions = [
        Question(item["question"], tuple(Answer(label, dict(tags)) for label, tags in item["reponses"]), bool(item.get("univers")))
        for item in data
    ]
    if not 6 <= len(questions) <= 8:
        raise ValueError(f"{path}: il faut 6 à 8 questions ({len(questions)})")
    for question in questions:
        if not 2 <= len(question.answers) <= 4:
            raise ValueError(f"{path}: 2 à 4 réponses par question (« {question.text} »)")
        for answer in question.answers:
            unknown = set(answer.tags) - set(INTEREST_TAGS)
            if unknown:
                raise ValueError(f"{path}: centres d'intérêt inconnus {sorted(unknown)} (« {answer.label} »)")
    return questions


def world_jobs(branches: list[list[Metier]], share: float = 0.5) -> dict[str, frozenset[str]]:
    """The jobs of each interest tag's world: the jobs with the tag in the branches where more than
    ``share`` of the jobs have it, and the jobs that list it first. « La mode » is the clothes and shoes shops, not the optician whose
    frames are also fashion: a world picked in the quiz is represented by one of these jobs."""
    worlds: dict[str, set[str]] = {}
    for members in branches:
        for tag in {t for job in members for t in job.interets}:
            having = [job.id for job in members if tag in job.interets]
            core = having if len(having) > share * len(members) else [job.id for job in members if job.interets[:1] == [tag]]
            worlds.setdefault(tag, set()).update(core)
    return {tag: frozenset(ids) for tag, ids in worlds.items()}


class Quiz:
    def __init__(self, jobs: list[Metier], questions: list[Question] | None = None, branches: list[list[Metier]] | None = None) -> None:
        """``branches``: the jobs grouped by branch (``catalogue.jobs_of.values()``), which tells each
        world's jobs; without it, any job with the tag represents its world."""
        self.jobs = jobs
        self.questions = questions or load_questions()
        self._results: dict[tuple[int, ...], list[Match]] = {}
        self.world_jobs = world_jobs(list(branches) if branches is not None else [[job] for job in jobs])

    def parse(self, answers: str | None) -> list[int] | None:
        """``'021'`` → [0, 2, 1]; None if any digit is not an answer of its question (forged data)."""
        answers = answers or ""
        if len(answers) > len(self.questions) or not all(c.isdigit() for c in answers):
            return None
        picked = [int(c) for c in answers]
        if any(choice >= len(self.questions[i].answers) for i, choice in enumerate(picked)):
            return None
        return picked

    def tag_scores(self, picked: list[int]) -> dict[str, int]:
        scores: dict[str, int] = {}
        for index, choice in enumerate(picked):
            for tag, points in self.questions[index].answers[choice].tags.items():
                scores[tag] = scores.get(tag, 0) + points
        return scores

    def universes(self, picked: list[int]) -> list[str]:
        """The worlds the person picked in the "univers" questions (their answer's strongest tag)."""
        worlds = []
        for index, choice in enumerate(picked):
            question = self.questions[index]
            if question.universe:
                tags = question.answers[choice].tags
                worlds.append(max(tags, key=lambda t: tags[t]))
        return worlds

    def result(self, picked: list[int], count: int = TOP) -> list[Match]:
        """The top jobs for these answers: best scores, with each chosen world represented when it can be.
        Kept per answers (the jobs and questions never change for one quiz)."""
        key = (*picked, -count)
        found = self._results.get(key)
        if found is None:
            if len(self._results) >= 10_000:
                self._results.clear()
            found = self._results[key] = self._result(picked, count)
        return list(found)

    def wishes(self, picked: list[int]) -> list[str]:
        """Strong wishes outside the worlds: a tag one answer gives the most points to (« À la tête
        d'une équipe » → management, « Oui, j'adore » the screen → numerique)."""
        found = []
        for index, choice in enumerate(picked):
            question = self.questions[index]
            tags = question.answers[choice].tags
            if not question.universe and tags and max(tags.values()) >= STRONG:
                found.append(max(tags, key=lambda t: tags[t]))
        return found

    def _result(self, picked: list[int], count: int) -> list[Match]:
        ranked = self.best(self.tag_scores(picked), count=len(self.jobs))
        chosen: list[Match] = []

        wishes = self.wishes(picked)

        def take(tag: str, among) -> None:
            """The best job for the answers among ``among`` — one that also meets a strong wish not met
            yet when there is one —, shown « parce que <tag> » first (then the wish, or its best reason)."""
            if len(chosen) >= count:
                return
            taken = {c.job.id for c in chosen}
            unmet = [w for w in wishes if w != tag and not any(w in c.job.interets for c in chosen)]
            candidates = [m for m in ranked if m.job.id not in taken and among(m.job)]
            both = [m for m in candidates if any(w in m.job.interets for w in unmet)]
            pick = (both or candidates or [None])[0]
            if pick is not None:
                met = [w for w in unmet if w in pick.job.interets]
                chosen.append(Match(pick.job, pick.score, tuple(dict.fromkeys((tag, *met, *pick.reasons)))[:2]))

        for world in self.universes(picked):  # each world picked is represented by one of its jobs
            take(world, lambda job, w=world: job.id in self.world_jobs.get(w, ()))
        for wish in wishes:  # then each strong wish not met yet
            if not any(wish in c.job.interets for c in chosen):
                take(wish, lambda job, w=wish: w in job.interets)
        for match in ranked:
            if len(chosen) >= count:
                break
            if match.job not in [c.job for c in chosen]:
                chosen.append(match)
        place = {m.job.id: n for n, m in enumerate(ranked)}
        return sorted(chosen, key=lambda m: (-m.score, place[m.job.id]))

    def best(self, scores: dict[str, int], count: int = TOP) -> list[Match]:
        """The jobs whose interest tags match the scores best (a job with many tags is not favoured)."""
        matches = []
        for order, job in enumerate(self.jobs):
            total = sum(scores.get(tag, 0) for tag in job.interets)
            if total <= 0:
                continue
            reasons = tuple(sorted((t for t in job.interets if scores.get(t)), key=lambda t: -scores[t])[:2])
            matches.append((total / math.sqrt(len(job.interets)), order, Match(job, 0.0, reasons)))
        matches.sort(key=lambda item: (-item[0], item[1]))
        return [Match(m.job, round(score, 2), m.reasons) for score, _, m in matches[:count]]
