"""Small Jinja filters shared by the templates (titles, plurals, French dates and numbers)."""

from __future__ import annotations

import datetime as dt

from bot.catalogue import Catalogue
from bot.catalogue.models import Metier
from bot.catalogue.titles import dotted_title
from bot.clock import PARIS, from_ts
from bot.messages import message, table
from bot.render import Renderer

def job_title(job: Metier) -> str:
    """The full title in the one style of buttons and lists (« Vendeur·se conseil en bricolage »,
    bot/catalogue/titles.py), or one title when both forms are the same.

    When the words of the two titles do not pair (« Adjoint au gérant » / « Adjointe à la gérante »), both
    are written, the words they end with once (« Vendeur / Vendeuse en bricolage », not « Vendeur en
    bricolage / Vendeuse en bricolage »).
    """
    m, f = job.titre.masculin, job.titre.feminin
    dotted = dotted_title(m, f)
    if dotted is not None:
        return dotted
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
    return message("dates.hour", hour=when.hour) if when.minute == 0 else message("dates.hour_minutes", hour=when.hour, minute=when.minute)


def day_fr(when: dt.datetime, with_year: bool = False) -> str:
    """« mardi 3 février » (and the year when asked)."""
    when = when.astimezone(PARIS)
    day, month = table("dates.days")[when.weekday()], table("dates.months")[when.month - 1]
    text = f"{day} {'1er' if when.day == 1 else when.day} {month}"
    return f"{text} {when.year}" if with_year else text


def weekday_fr(day: dt.date) -> str:
    """« mercredi »."""
    return table("dates.days")[day.weekday()]


def day_short(when: dt.datetime) -> str:
    """« 03/02 » (Paris time): the date in a button label, where space is short."""
    return when.astimezone(PARIS).strftime("%d/%m")


def span_fr(start: dt.datetime, end: dt.datetime) -> str:
    """« mardi 3 février, 14 h - 17 h », or across days « du lundi 2 mars 9 h au mardi 3 mars 17 h »."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    if start.date() == end.date():
        return message("dates.span_same_day", day=day_fr(start), start=hour(start), end=hour(end))
    return message("dates.span_days", start_day=day_fr(start), start=hour(start), end_day=day_fr(end), end=hour(end))


#: Overseas regions (INSEE codes; départements 971-976): their clocks are not Paris's.
OVERSEAS_REGIONS = frozenset({"01", "02", "03", "04", "06"})


def paris_note(event) -> str:
    """« (heure de Paris) » after the times of an event that people overseas may see: one held
    overseas (its times are Paris times), or a national or online one (shown everywhere); nothing
    for a regional event of mainland France, whose local time is Paris time."""
    region = getattr(event, "region", None)
    return message("dates.paris_time") if region is None or region in OVERSEAS_REGIONS else ""


def thousands(value: int | float | None) -> str:
    """1234 → « 1 234 » (narrow no-break space: never cut at the end of a line), 12.5 → « 12,5 »."""
    value = value or 0
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def duration_fr(seconds: float | None) -> str:
    """3900 → « 1 h 05 min », 249 → « 4 min 09 s », 12 → « 12 s »."""
    seconds = int(round(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return message("dates.duration_hours", hours=hours, minutes=minutes)
    if minutes:
        return message("dates.duration_minutes", minutes=minutes, seconds=secs)
    return message("dates.duration_seconds", seconds=secs)


def datetime_fr(value: int | float | dt.datetime | None) -> str:
    """« vendredi 12/03/2027 à 14:00 » (staff screens: the weekday confirms the date)."""
    if value is None:
        return ""
    when = from_ts(value) if isinstance(value, (int, float)) else value.astimezone(PARIS)
    return message("staff.date_time", weekday=table("dates.days")[when.weekday()], date=f"{when:%d/%m/%Y}", time=f"{when:%H:%M}")


def euros(amount: float) -> str:
    """1443.11 → '1 443 €' (rounded to the euro, non-breaking spaces)."""
    return f"{round(amount):,}".replace(",", "\u00a0") + "\u00a0€"


def register_filters(renderer: Renderer, catalogue: Catalogue) -> None:
    """Every filter of the templates, and the catalogue as a global."""
    regions = catalogue.regions

    def region_name(code: str | None) -> str:
        """The region's name, « toutes les régions » for None."""
        return message("staff.all_regions") if not code else (regions.name(code) or code)

    renderer.add_filters(job_title=job_title, job_button=job_button, plural=plural, hour=hour, day_fr=day_fr, day_short=day_short, weekday_fr=weekday_fr,
                         span_fr=span_fr, paris_note=paris_note, thousands=thousands, duration_fr=duration_fr, datetime_fr=datetime_fr, region_name=region_name, euros=euros)
    renderer.add_globals(catalogue=catalogue)
