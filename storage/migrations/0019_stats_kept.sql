-- Issue 11: the figures of closed days (distinct people, person-days, interactions per kind over a range
-- of days), computed once and kept for every instance (storage/kept.py): the first view of the day no
-- longer recomputes them in each process. ``value`` is JSON (a number, or counts per kind or region).
CREATE TABLE stats_kept (
    name      TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day  TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (name, first_day, last_day)
);
CREATE INDEX stats_kept_last ON stats_kept(last_day);
