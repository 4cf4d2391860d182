"""The calendar file (.ics) of an event, with an alarm, that phones import."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar
from icalendar import Event as VEvent

from bot.clock import from_ts
from bot.events.model import Event


def event_ics(event: Event, *, link: str, hours_before: float, now: int, place: str, description: str) -> bytes:
    """A VCALENDAR with one VEVENT (Europe/Paris times) and a VALARM ``hours_before`` the start."""
    cal = Calendar()
    cal.add("prodid", "-//Passerelle Commerce//Actions regionales//FR")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    vevent = VEvent()
    vevent.add("uid", f"evt-{event.id}@passerelle-commerce")
    vevent.add("dtstamp", from_ts(now).astimezone(dt.timezone.utc))
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.end)
    vevent.add("summary", event.title)
    vevent.add("description", description)
    if place:
        vevent.add("location", place)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (event.latitude, event.longitude))
    vevent.add("url", event.online_url or link)
    if event.status == "annule":
        vevent.add("status", "CANCELLED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.title)
    alarm.add("trigger", dt.timedelta(hours=-hours_before))
    vevent.add_component(alarm)
    cal.add_component(vevent)
    try:
        cal.add_missing_timezones()
    except AttributeError:  # icalendar < 6: times stay with their TZID
        pass
    return cal.to_ical()
