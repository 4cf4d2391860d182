-- Issue 10: « à apporter » of an event, an optional detail (bot/events/details.py; NULL: not said).
ALTER TABLE events ADD COLUMN to_bring TEXT;
