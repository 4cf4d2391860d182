-- Issue 11: stats_daily keyed by kind first, the order of its only range reader (the top keys of a
-- kind over some days), so the covering index stats_daily_kind, which held every column a second
-- time, goes: the table and its index weighed more than the interactions log itself.
CREATE TABLE stats_daily_by_kind (
    kind   TEXT NOT NULL,
    day    TEXT NOT NULL,
    region TEXT NOT NULL,
    key    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (kind, day, region, key)
) WITHOUT ROWID;
INSERT INTO stats_daily_by_kind(kind, day, region, key, n) SELECT kind, day, region, key, n FROM stats_daily;
DROP TABLE stats_daily;
ALTER TABLE stats_daily_by_kind RENAME TO stats_daily;
