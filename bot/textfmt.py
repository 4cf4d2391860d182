"""Small Jinja filters shared by the templates (titles, plurals, French dates)."""

from __future__ import annotations

import datetime as dt

from bot.catalogue import Catalogue
from bot.catalogue.models import Metier
from bot.clock import PARIS
from bot.messages import table
from bot.render import Renderer

def job_title(job: Metier) -> str:
    """« Vendeur / Vendeuse en bricolage », or one title when both forms are the same.

    The words both forms end with are written once (« Vendeur / Vendeuse en bricolage », not
    « Vendeur en bricolage / Vendeuse en bricolage »): the titles are also button labels, which a
    phone cuts after about 35 characters.
    """
    m, f = job.titre.masculin, job.titre.feminin
    if m == f:
        return m
    mw, fw = m.split(" "), f.split(" ")
    common = 0
    while common < min(len(mw), len(fw)) - 1 and mw[-1 - common] == fw[-1 - common]:
        common += 1
    if common == 0:
        return f"{m} / {f}"
    tail = " ".join(mw[len(mw) - common :])
    return f"{' '.join(mw[: len(mw) - common])} / {' '.join(fw[: len(fw) - common])} {tail}"


def job_button(job: Metier) -> str:
    """The label of a button leading to a job: the short title (``titre.court``) when there is one."""
    return job.titre.court or job_title(job)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if abs(count) < 2 else (plural_form or singular + 's')}"


def hour(when: dt.datetime) -> str:
    """14:00 → « 14 h », 14:30 → « 14 h 30 »."""
    return f"{when.hour} h" if when.minute == 0 else f"{when.hour} h {when.minute:02d}"


def day_fr(when: dt.datetime, with_year: bool = False) -> str:
    """« mardi 3 février » (and the year when asked)."""
    when = when.astimezone(PARIS)
    day, month = table("dates.days")[when.weekday()], table("dates.months")[when.month - 1]
    text = f"{day} {'1er' if when.day == 1 else when.day} {month}"
    return f"{text} {when.year}" if with_year else text


def day_short(when: dt.datetime) -> str:
    """« 03/02 » (Paris time): the date in a button label, where space is short."""
    return when.astimezone(PARIS).strftime("%d/%m")


def span_fr(start: dt.datetime, end: dt.datetime) -> str:
    """« mardi 3 février, 14 h - 17 h », or across days « du lundi 2 mars 9 h au mardi 3 mars 17 h »."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    if start.date() == end.date():
        return f"{day_fr(start)}, {hour(start)} - {hour(end)}"
    return f"du {day_fr(start)} {hour(start)} au {day_fr(end)} {hour(end)}"


def euros(amount: float) -> str:
    """1443.11 → '1 443 €' (rounded to the euro, non-breaking spaces)."""
    return f"{round(amount):,}".replace(",", "\u00a0") + "\u00a0€"


def register_filters(renderer: Renderer, catalogue: Catalogue) -> None:
    renderer.add_filters(job_title=job_title, job_button=job_button, plural=plural, hour=hour, day_fr=day_fr, day_short=day_short, span_fr=span_fr, euros=euros)
    renderer.add_globals(catalogue=catalogue)
