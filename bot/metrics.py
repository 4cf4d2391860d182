"""What one instance counts for ``GET /metrics`` (Prometheus text format), with no library: a few counters
and one histogram, filled by :class:`InstrumentedApplication` and the job queue's listener."""

from __future__ import annotations

import bisect
import time
from collections import Counter
from typing import Any

from telegram import Update
from telegram.ext import Application

#: Answer latency buckets (seconds): an update handled from the moment it is taken from the queue.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
KINDS = ("message", "callback_query", "my_chat_member")


class Metrics:
    """Counters of this process (Prometheus sums the instances)."""

    def __init__(self) -> None:
        self.updates: Counter[str] = Counter()
        self.errors = 0
        self.jobs: Counter[str] = Counter()
        self.latency_counts = [0] * (len(BUCKETS) + 1)
        self.latency_sum = 0.0
        self.last_update_at: float | None = None

    def update_handled(self, kind: str, seconds: float) -> None:
        self.updates[kind] += 1
        self.latency_counts[bisect.bisect_left(BUCKETS, seconds)] += 1
        self.latency_sum += seconds
        self.last_update_at = time.time()

    def render(self, gauges: dict[str, Any]) -> str:
        """The exposition text; ``gauges`` are read from the database at each scrape (cluster-wide)."""
        lines = ["# HELP passerelle_updates_total Mises à jour Telegram traitées, par sorte.",
                 "# TYPE passerelle_updates_total counter"]
        lines += [f'passerelle_updates_total{{kind="{k}"}} {self.updates.get(k, 0)}' for k in sorted({*KINDS, *self.updates})]
        lines += ["# HELP passerelle_errors_total Erreurs levées par les handlers.", "# TYPE passerelle_errors_total counter",
                  f"passerelle_errors_total {self.errors}",
                  "# HELP passerelle_answer_seconds Durée de traitement d'une mise à jour.",
                  "# TYPE passerelle_answer_seconds histogram"]
        total = 0
        for bound, count in zip((*BUCKETS, float("inf")), self.latency_counts):
            total += count
            lines.append(f'passerelle_answer_seconds_bucket{{le="{"+Inf" if bound == float("inf") else bound}"}} {total}')
        lines += [f"passerelle_answer_seconds_sum {self.latency_sum:.6f}", f"passerelle_answer_seconds_count {total}",
                  "# HELP passerelle_jobs_run_total Tâches planifiées exécutées par cette instance.",
                  "# TYPE passerelle_jobs_run_total counter"]
        lines += [f'passerelle_jobs_run_total{{job="{name}"}} {n}' for name, n in sorted(self.jobs.items())]
        lines += ["# HELP passerelle_deliveries Envois d'annonces, par état (toute la base).", "# TYPE passerelle_deliveries gauge"]
        lines += [f'passerelle_deliveries{{status="{s}"}} {n}' for s, n in sorted(gauges.get("deliveries", {}).items())]
        lines += ["# HELP passerelle_messages_sent_per_second Annonces envoyées par seconde (moyenne sur la dernière minute).",
                  "# TYPE passerelle_messages_sent_per_second gauge",
                  f"passerelle_messages_sent_per_second {gauges.get('sent_per_second', 0):.2f}"]
        return "\n".join(lines) + "\n"


def update_kind(update: object) -> str:
    if isinstance(update, Update):
        for kind in KINDS:
            if getattr(update, kind, None) is not None:
                return kind
    return "other"


class InstrumentedApplication(Application):
    """The PTB Application, counting every update (kind, time to handle) and every handler error."""

    metrics: Metrics
    #: Several instances (PostgreSQL): the persistence that reloads the conversation state before each
    #: update and is written right after it (bot/persistence.py), instead of PTB's start-up copy.
    shared_state: Any = None

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        try:
            if self.shared_state is not None:
                try:
                    await self.shared_state.reload(self, update)
                except Exception as error:  # noqa: BLE001 (e.g. the database is down)
                    # handled like a handler's failure (logged, the person gets the apology): raised from
                    # here, it would end python-telegram-bot's update loop and the instance with it
                    await self.process_error(update, error)
                    return
            await super().process_update(update)
            if self.shared_state is not None:
                await self.update_persistence()
        finally:
            self.metrics.update_handled(update_kind(update), time.perf_counter() - started)

    async def process_error(self, update: object | None, error: Exception, *args: Any, **kwargs: Any) -> bool:
        self.metrics.errors += 1
        return await super().process_error(update, error, *args, **kwargs)


def count_jobs(app: Application, metrics: Metrics) -> None:
    """Count the scheduled jobs this instance runs (by name), from APScheduler's events.

    A one-time job (a reminder) is already removed from the scheduler when « executed » is announced:
    its name is remembered when it is added."""
    from apscheduler.events import EVENT_JOB_ADDED, EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

    names: dict[str, str] = {}

    def listener(event: Any) -> None:
        if event.code == EVENT_JOB_ADDED:
            job = app.job_queue.scheduler.get_job(event.job_id)
            if job is not None and job.name:
                names[event.job_id] = job.name
            return
        job = app.job_queue.scheduler.get_job(event.job_id)  # None: a one-time job, its name is forgotten now
        metrics.jobs[job.name if job is not None else names.pop(event.job_id, "autre")] += 1

    if app.job_queue is not None:
        app.job_queue.scheduler.add_listener(listener, EVENT_JOB_ADDED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
