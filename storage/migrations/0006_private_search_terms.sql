-- Issue 9 §1: what a young person types never reaches the statistics as typed.

-- Distinct people per counted term of a kind (search, search_unmet): a term is named to staff only
-- when at least statistics.small_count people typed it. Keyed by the pseudonym: /oubli deletes its rows.
CREATE TABLE stats_term_people (
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    day      TEXT NOT NULL,
    region   TEXT NOT NULL,
    user_key TEXT NOT NULL,
    PRIMARY KEY (kind, key, day, region, user_key)
);

-- Search keys stored before this migration are the text as typed (names, phone numbers...), and the
-- rollups hold them. The rollups are emptied here; before rebuilding them from an empty watermark,
-- the bot replaces the search keys of the log by their catalogue terms or 'autre'
-- (bot/stats/service.py: upgrade_rollups, bot/catalogue/search_terms.py).
DELETE FROM stats_daily;
DELETE FROM stats_kinds;
DELETE FROM stats_people_day;
DELETE FROM stats_people;
DELETE FROM stats_state WHERE name = 'interactions_id';
