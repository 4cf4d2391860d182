-- Issue 9 §1: what a young person types never reaches the statistics as typed.

-- Distinct people per counted term of a kind (search, search_unmet): a term is named to staff only when at
-- least statistics.small_count people typed it. Keyed by the pseudonym: /oubli deletes its rows.
CREATE TABLE stats_term_people (
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    day      TEXT NOT NULL,
    region   TEXT NOT NULL,
    user_key TEXT NOT NULL,
    PRIMARY KEY (kind, key, day, region, user_key)
);

-- Search keys stored before this migration are the text as typed (names, phone numbers...). The
-- bot re-keys them with the new rule (bot/catalogue/search_terms.py: known words or 'autre') before
-- its next statistics refresh, then rebuilds every rollup from the cleaned log
-- (bot/stats/service.py, upgrade_rollups); this row asks for it and disappears with the rebuild.
INSERT INTO stats_state(name, value) VALUES ('rebuild_0006', 1);
