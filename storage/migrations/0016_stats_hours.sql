-- Issue 11: the rollup is set-based SQL (storage/rollup.py). The Paris calendar day of a Unix time
-- is read from this table (one row per UTC hour: Paris offsets are whole hours), filled by the
-- rollup from Python's zoneinfo, so that SQLite and PostgreSQL give the same days without a date
-- function of either engine.
CREATE TABLE stats_hours (
    hour INTEGER PRIMARY KEY,   -- Unix seconds / 3600
    day  TEXT NOT NULL          -- Europe/Paris 'YYYY-MM-DD' of that hour
);
