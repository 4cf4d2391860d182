"""Demo events for the console: a handful of upcoming actions dated relative to today, marked as
examples (is_example=1, « (exemple) » in the title), most of them in Hauts-de-France (region 32)."""

from __future__ import annotations

import datetime as dt

from bot.clock import PARIS
from bot.context import AppContext
from bot.events.model import validate_event
from bot.events.service import upsert_events

ML_LILLE = ("mission_locale", "Mission Locale de Lille (exemple)")
ARML_HDF = ("arml", "ARML Hauts-de-France (exemple)")
OPCO_HDF = ("opcommerce", "Opcommerce Hauts-de-France (exemple)")

#: (external id, days from today, start hour, hours, type, title, place, extra fields)
EXAMPLES = [
    ("demo-jobdating-lille", 2, 14, 3, "job_dating", "Job dating vente et caisse (exemple)",
     {"address": "Place du Général de Gaulle", "city": "Lille", "departement": "59", "latitude": 50.6366, "longitude": 3.0635},
     {"branches": ["alimentaire-non-specialise", "grands-magasins"], "capacity": 12, "organisers": [ML_LILLE, OPCO_HDF],
      "companies": ["Supermarché du Centre (exemple)"], "audience": "16-25 ans, sans diplôme exigé"}),
    ("demo-visite-roubaix", 5, 9, 3, "visite", "Visite d'un entrepôt de e-commerce (exemple)",
     {"city": "Roubaix", "departement": "59", "latitude": 50.6942, "longitude": 3.1746},
     {"branches": ["commerce-a-distance"], "capacity": 8, "organisers": [OPCO_HDF], "registration_deadline_days": 3}),
    ("demo-atelier-amiens", 9, 10, 2, "atelier", "Atelier « Les métiers du sport en magasin » (exemple)",
     {"address": "Mission Locale", "city": "Amiens", "departement": "80"},
     {"branches": ["sports-loisirs"], "capacity": 15, "organisers": [("mission_locale", "Mission Locale d'Amiens (exemple)"), OPCO_HDF]}),
    ("demo-forum-arras", 16, 9, 8, "forum", "Rencontres des Métiers du Commerce, étape d'Arras (exemple)",
     {"city": "Arras", "departement": "62"},
     {"organisers": [ARML_HDF, OPCO_HDF], "companies": ["Jardinerie des Flandres (exemple)", "Opticiens du Nord (exemple)"]}),
    ("demo-webinaire-national", 7, 17, 1, "atelier", "Webinaire : l'alternance dans le commerce (exemple)",
     {"online_url": "https://example.org/webinaire-alternance", "scope": "online"},
     {"organisers": [("opcommerce", "Opcommerce (exemple)")]}),
    ("demo-immersion-paris", 12, 9, 7, "immersion", "Une journée en boutique de prêt-à-porter (exemple)",
     {"city": "Paris", "departement": "75"},
     {"branches": ["habillement"], "capacity": 4, "organisers": [("mission_locale", "Mission Locale de Paris (exemple)")]}),
]


#: One example starts soon after the console opens, so that its "2 hours before" reminder can be
#: seen within minutes: (external id, minutes from now, type, title, place, extra fields).
SOON = ("demo-atelier-express", 123, "atelier", "Atelier express : réussir son entretien en magasin (exemple)",
        {"address": "Mission Locale", "city": "Lille", "departement": "59"},
        {"capacity": 10, "organisers": [ML_LILLE, OPCO_HDF]})


def _soon(ctx: AppContext) -> dict:
    external_id, minutes, kind, title, place, extra = SOON
    start = (ctx.clock.now() + dt.timedelta(minutes=minutes)).replace(second=0, microsecond=0)
    return {"external_id": external_id, "type": kind, "title": title, "is_example": True,
            "description": "Ceci est un exemple pour découvrir le bot : il commence un peu plus de 2 heures après "
                           "l'ouverture de la console, pour voir arriver le rappel.",
            "starts_at": start, "ends_at": start + dt.timedelta(hours=1), "scope": "regional", **place, **extra}


async def seed(ctx: AppContext) -> None:
    """Create or refresh the example events (idempotent: by external id)."""
    today = ctx.clock.now().astimezone(PARIS).date()
    inputs = [validate_event(_soon(ctx), ctx.catalogue)]
    for external_id, days, hour, hours, kind, title, place, extra in EXAMPLES:
        start = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), tzinfo=PARIS)
        extra = dict(extra)
        deadline_days = extra.pop("registration_deadline_days", None)
        data = {
            "external_id": external_id, "type": kind, "title": title, "is_example": True,
            "description": "Ceci est un exemple pour découvrir le bot : cet événement n'existe pas.",
            "starts_at": start, "ends_at": start + dt.timedelta(hours=hours),
            "scope": "regional", **place, **extra,
        }
        if deadline_days:
            data["registration_deadline"] = start - dt.timedelta(days=deadline_days)
        inputs.append(validate_event(data, ctx.catalogue))
    await upsert_events(ctx, inputs, source="demo")
