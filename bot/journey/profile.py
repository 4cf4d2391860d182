"""A person's profile: region, onboarding branches, alerts, and their data rights (export, erasure)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.catalogue.models import INTEREST_TAGS
from bot.clock import PARIS
from bot.context import AppContext
from bot.journey import understand
from bot.messages import table
from bot.stats import rollups
from storage import favourites, personal_data, quiz as quiz_store, users

#: The users columns shown in the export (the chat id is there too: it is the person's own data).
EXPORTED_COLUMNS = (
    "chat_id", "first_name", "username", "region", "departement", "postal_code", "consent_at", "alerts_enabled",
    "alerts_asked", "source", "created_at", "last_seen_at",
)
#: The keys of /mesdonnees, in words a young person can read (column → key of the JSON file).
FRENCH_KEYS = {
    "chat_id": "identifiant_telegram", "first_name": "prenom", "username": "pseudo_telegram", "region": "code_region",
    "departement": "departement", "postal_code": "code_postal", "consent_at": "accord_donne_le",
    "alerts_enabled": "alertes_activees", "alerts_asked": "question_des_alertes_posee", "source": "venu_par",
    "created_at": "premiere_visite_le", "last_seen_at": "derniere_visite_le",
}
REGISTRATION_STATUS = {"registered": "inscrit·e", "waiting": "sur la liste d'attente"}


#: The person's ``user_data`` flag: the region question was asked and not answered yet.
AWAITING_REGION = "awaiting_region"
#: A bare postal code or département number (« 59 », « 59000 », « 2A »).
_CODE_LIKE = re.compile(r"^\s*(\d[\d ]{0,5}|2[abAB])\s*$")
#: A bare postal code (« 59000 », « 59 000 »): a place even when the region question is not waiting; a
#: shorter number is a place only as its answer (« 2 » typed during the quiz is not the Aisne).
_POSTAL_LIKE = re.compile(r"^\s*\d[\d ]{3,5}\s*$")


@dataclass
class RegionScreen:
    """What to show after a region answer: a template and its values; ``awaiting``: still asking."""

    template: str
    values: dict[str, Any] = field(default_factory=dict)
    awaiting: bool = False


def region_question(ctx: AppContext, row, *, retry: bool = False) -> RegionScreen:
    """The region question (18 buttons, or a postal code / département typed in)."""
    regions = ctx.catalogue.regions
    current = regions.name(row["region"] if row else None)
    return RegionScreen("start/region", {"regions": regions.all, "current": current, "retry": retry}, awaiting=True)


async def choose_region(ctx: AppContext, row, region: str | None, departement: str | None = None,
                        postal_code: str | None = None) -> RegionScreen:
    """Save the region (None: rather not say), then the alerts question once, or the confirmation."""
    await set_region(ctx, row["chat_id"], region, departement, postal_code)
    dept = ctx.catalogue.regions.departements.get(departement or "")
    values = {"region_name": ctx.catalogue.regions.name(region), "departement": dept[0].nom if dept else ""}
    return RegionScreen("start/region_done" if row["alerts_asked"] else "start/alerts_question", values)


async def region_answer(ctx: AppContext, row, text: str, awaiting: bool, reading: understand.Reading) -> RegionScreen | None:
    """A typed answer to the region question (or a bare postal code before any region is known):
    the screen to show, or None when the text is not a region answer (``reading``, the free-text
    reader's, then says what it is)."""
    if not (awaiting or (row is not None and row["region"] is None and _POSTAL_LIKE.match(text))):
        return None
    found = ctx.catalogue.regions.resolve(text)
    if found is not None:
        region, departement = found
        typed = text.strip().replace(" ", "")  # a postal code is kept: it finds the person's Mission Locale
        return await choose_region(ctx, row, region.code, departement, typed if re.fullmatch(r"[0-9]{5}", typed) else None)
    if not _CODE_LIKE.match(text) and _means_something_else(ctx, text, reading):
        return None  # an intent (« je veux mourir », « c koi le salaire »), a city or a job: answered as such
    return region_question(ctx, row, retry=True)


def _means_something_else(ctx: AppContext, text: str, reading: understand.Reading) -> bool:
    """Whether text typed while the region question waits is better answered as what it says: an intent
    (distress first of all), a city the free-text reader places, or a job's name."""
    return reading.kind in ("intent", "place") or bool(ctx.search.search(text))


def _when(seconds: int | None) -> str | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, PARIS).isoformat(timespec="minutes")


def forget_person(ctx: AppContext, chat_id: int) -> None:
    """The person's row changed: the next update reads it again."""
    ctx.people.forget(chat_id)


def departement_of(ctx: AppContext, row) -> str | None:
    """The person's département: the one chosen, else the one of their postal code (None: not given)."""
    if row is None:
        return None
    keys = row.keys() if hasattr(row, "keys") else ()
    chosen = row["departement"] if "departement" in keys else None
    postal = row["postal_code"] if "postal_code" in keys else None
    return chosen or (ctx.catalogue.regions.departement_of_postal_code(postal) if postal else None)


def place_of(ctx: AppContext, row) -> tuple[str | None, str | None]:
    """(département, region) for the links of a job card: the département when known (:func:`departement_of`;
    for a region of one département, like La Réunion, that one), the region otherwise (None: not given)."""
    departement = departement_of(ctx, row)
    region = ctx.catalogue.regions.by_code.get(row["region"] or "") if row is not None else None
    if departement is None and region is not None and len(region.departements) == 1:
        departement = region.departements[0].code
    return departement, region.code if region is not None else None


async def touch_person(ctx: AppContext, chat_id: int, first_name: str | None, username: str | None):
    """The person's row, created on first contact or refreshed (name, username, last seen); kept
    for :data:`bot.people.PERSON_TTL` seconds."""
    return (await arrive(ctx, chat_id, first_name, username))[0]


async def arrive(ctx: AppContext, chat_id: int, first_name: str | None, username: str | None):
    """:func:`touch_person`, and whether the row was created now: ``(row, created)``; created is True
    for a first contact and for someone back after /oubli (they get a fresh welcome)."""
    now = ctx.clock.timestamp()
    cache = ctx.people
    row = cache.get(chat_id, first_name, username, now)
    if row is not None:
        return row, False
    row, created = await users.touch(ctx.db, chat_id, first_name, username, now)
    cache.keep(chat_id, row, now)
    return row, created


async def get_person(ctx: AppContext, chat_id: int):
    """The person's row, or None if the bot does not know them (never met, or erased)."""
    return await users.get(ctx.db, chat_id)


async def branches(ctx: AppContext, chat_id: int, kind: str) -> list[str]:
    """The branch ids of the person's 'interest' or 'alert' list, sorted."""
    return await users.branches(ctx.db, chat_id, kind)


async def set_region(ctx: AppContext, chat_id: int, region: str | None, departement: str | None = None,
                     postal_code: str | None = None) -> None:
    """Record the region (None: the person prefers not to say) and the postal code when one was typed
    (a region picked from the buttons forgets it); reaching this means the notice was seen."""
    row = await users.get(ctx.db, chat_id)
    fields: dict[str, Any] = {"region": region, "departement": departement, "postal_code": postal_code}
    if row is not None and row["consent_at"] is None:
        fields["consent_at"] = ctx.clock.timestamp()
    await users.update(ctx.db, chat_id, **fields)
    forget_person(ctx, chat_id)
    if region:
        await ctx.log.record(chat_id, "region_set", region, region=region)


async def note_source(ctx: AppContext, chat_id: int, campaign: str) -> None:
    """Log the campaign of a ``src_`` link; a newcomer (no consent yet) keeps the first one as their source."""
    row = await users.get(ctx.db, chat_id)
    if row is not None and row["source"] is None and row["consent_at"] is None:
        await users.update(ctx.db, chat_id, source=campaign)
        forget_person(ctx, chat_id)
    await ctx.log.record(chat_id, "source", campaign, region=row["region"] if row else None)


async def set_alerts(ctx: AppContext, chat_id: int, enabled: bool, region: str | None) -> None:
    await users.update(ctx.db, chat_id, alerts_enabled=int(enabled), alerts_asked=1)
    forget_person(ctx, chat_id)
    await ctx.log.record(chat_id, "alerts_on" if enabled else "alerts_off", region=region)


async def toggle_branch(ctx: AppContext, chat_id: int, kind: str, branch_id: str, region: str | None) -> list[str]:
    """Add or remove a branch of the person's 'interest' or 'alert' list; return the new list."""
    chosen = await users.branches(ctx.db, chat_id, kind)
    adding = branch_id not in chosen
    chosen = chosen + [branch_id] if adding else [b for b in chosen if b != branch_id]
    await users.set_branches(ctx.db, chat_id, kind, chosen)
    if kind == "interest" and adding:
        await ctx.log.record(chat_id, "branch_interest", branch_id, region=region, branch=branch_id)
    elif kind == "alert":
        await ctx.log.record(chat_id, "alert_filter", ",".join(sorted(chosen)), region=region)
    return sorted(chosen)


async def alerts_follow_interests(ctx: AppContext, row) -> list[str]:
    """End of onboarding: with alerts on and no alert filter yet, the branches picked also filter the alerts
    (the person chose « vêtements » and « sport »: they get those actions, not every branch's)."""
    chosen = await users.branches(ctx.db, row["chat_id"], "interest")
    if chosen and row["alerts_enabled"] and not await users.branches(ctx.db, row["chat_id"], "alert"):
        await users.set_branches(ctx.db, row["chat_id"], "alert", chosen)
        await ctx.log.record(row["chat_id"], "alert_filter", ",".join(sorted(chosen)), region=row["region"])
        forget_person(ctx, row["chat_id"])
        return chosen
    return []


async def clear_alert_branches(ctx: AppContext, chat_id: int, region: str | None) -> None:
    await users.set_branches(ctx.db, chat_id, "alert", [])
    await ctx.log.record(chat_id, "alert_filter", "", region=region)


async def export(ctx: AppContext, chat_id: int) -> dict[str, Any]:
    """Everything the bot stores that names the person, as one document."""
    row = await users.get(ctx.db, chat_id)
    if row is None:
        return {}
    person = {FRENCH_KEYS[column]: row[column] for column in EXPORTED_COLUMNS}
    for key in ("accord_donne_le", "premiere_visite_le", "derniere_visite_le"):
        person[key] = _when(person[key])
    for key in ("alertes_activees", "question_des_alertes_posee"):
        person[key] = bool(person[key])
    person["region"] = ctx.catalogue.regions.name(row["region"]) or None
    catalogue = ctx.catalogue
    quiz = _quiz_in_words(ctx, await quiz_store.get(ctx.db, chat_id))
    registrations = [
        {"action": item["title"], "numero_action": item["event_id"], "date": _when(item["starts_at"]), "ville": item["city"],
         "statut": REGISTRATION_STATUS.get(item["status"], item["status"]), "prenom_visible_des_organisateurs": bool(item["share_identity"]),
         "inscrit_le": _when(item["created_at"])}
        for item in await personal_data.registrations(ctx.db, chat_id)
    ]
    return {
        "profil": person,
        "favoris": [
            {"metier": job_id, "titre": catalogue.job(job_id).titre.masculin if catalogue.job(job_id) else None, "ajoute_le": _when(at)}
            for job_id, at in await favourites.of(ctx.db, chat_id)
        ],
        "quiz": quiz,
        "branches_choisies": await users.branches(ctx.db, chat_id, "interest"),
        "alertes": {"actives": bool(row["alerts_enabled"]), "branches": await users.branches(ctx.db, chat_id, "alert")},
        "inscriptions": registrations,
        "avis_apres_les_actions": [
            {"action": item["title"], "numero_action": item["event_id"], "demande_le": _when(item["asked_at"]),
             "reponse": table("events.feedback_answers").get(item["answer"]), "repondu_le": _when(item["answered_at"])}
            for item in await personal_data.feedback(ctx.db, chat_id)
        ],
    }


def _quiz_in_words(ctx: AppContext, quiz: dict[str, Any] | None) -> dict[str, Any] | None:
    """The quiz result with the questions and answers as text (not numbers), the jobs by their titles."""
    if quiz is None:
        return None
    questions = ctx.quiz.questions
    answers = []
    for index, picked in enumerate(quiz["answers"]):
        question = questions[index] if index < len(questions) else None
        chosen = question.answers[picked] if question is not None and 0 <= picked < len(question.answers) else None
        answers.append({"question": question.text if question else None, "reponse": chosen.label if chosen else None})
    jobs = [ctx.catalogue.job(job_id) for job_id in quiz["top_jobs"]]
    return {
        "reponses": answers,
        "metiers_proposes": [job.titre.masculin + " / " + job.titre.feminin for job in jobs if job is not None],
        "centres_d_interet": {INTEREST_TAGS.get(tag, tag): score for tag, score in quiz["tags"].items()},
        "fait_le": _when(quiz["finished_at"]),
    }


def export_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


async def erase(ctx: AppContext, chat_id: int, region: str | None) -> None:
    """Count the erasure, then delete every row that names the person: first those keyed by their
    pseudonym (the log and the per-person statistics, after adding what they did to the aggregate
    counts, which name nobody), then their own rows."""
    await ctx.log.record(chat_id, "data_erase", region=region)
    await ctx.log.flush()
    await rollups.forget(ctx.db, ctx.log.user_key(chat_id))
    ctx.log.forget(chat_id)
    await users.delete_person(ctx.db, chat_id, ctx.clock.timestamp())
    forget_person(ctx, chat_id)
