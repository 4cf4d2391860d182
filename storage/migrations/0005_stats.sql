-- Statistics (issue 6): rollups of the pseudonymous interactions log, refreshed incrementally.
-- Days are Europe/Paris calendar days ('YYYY-MM-DD'); region '' = region not known yet.

-- Where the rollup stopped: the last interactions.id already counted.
CREATE TABLE stats_state (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- Interactions per Paris day, region, kind and key (key '' when none). kind '_session' counts
-- sessions (a new session starts after 30 minutes without any interaction of the same person).
CREATE TABLE stats_daily (
    day    TEXT NOT NULL,
    region TEXT NOT NULL,
    kind   TEXT NOT NULL,
    key    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (day, region, kind, key)
) WITHOUT ROWID;
CREATE INDEX stats_daily_kind ON stats_daily(kind, day, region, key, n);  -- covering: top keys of a kind

-- The same counts without the key (what most screens need): a much smaller range to read.
CREATE TABLE stats_kinds (
    day    TEXT NOT NULL,
    region TEXT NOT NULL,
    kind   TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (day, region, kind)
) WITHOUT ROWID;

-- Who was active on which day and who did some counted actions (quiz, events funnel, alerts,
-- blocks...): one row per (kind, day, region, person), so that distinct people over any period are
-- exact (they cannot be summed from daily counts). kind '' = active in that region that day;
-- kind '*' = active that day anywhere (region ''), for exact national figures; kind '_new' = the
-- person's first day (with the region of their first interaction).
CREATE TABLE stats_people_day (
    kind     TEXT NOT NULL,
    day      TEXT NOT NULL,
    region   TEXT NOT NULL,
    user_key TEXT NOT NULL,
    PRIMARY KEY (kind, day, region, user_key)
) WITHOUT ROWID;

-- One row per person: first day seen, last interaction (sessions), last known region.
CREATE TABLE stats_people (
    user_key  TEXT PRIMARY KEY,
    first_day TEXT NOT NULL,
    last_at   INTEGER NOT NULL,
    region    TEXT NOT NULL
) WITHOUT ROWID;

-- Weekly digests already sent (one per role and week), so a restart never sends twice.
CREATE TABLE stats_digest_sent (
    role_id INTEGER NOT NULL,
    week    TEXT NOT NULL,                        -- Monday of the week summarised, 'YYYY-MM-DD'
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (role_id, week)
);

CREATE INDEX IF NOT EXISTS stats_events_starts ON events(starts_at);
CREATE INDEX IF NOT EXISTS stats_broadcasts_started ON broadcasts(started_at);
CREATE INDEX IF NOT EXISTS stats_innovations_at ON innovations(at);
