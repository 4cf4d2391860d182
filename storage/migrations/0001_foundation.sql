-- Passerelle Commerce: the data model. Every *_at column holds Unix seconds (UTC).
-- A person's chat id lives in users (and in the rows that point to users: favourites,
-- registrations, deliveries), never in interactions, which hold a keyed hash (user_key).

CREATE TABLE users (
    chat_id        INTEGER PRIMARY KEY,          -- Telegram private chat id (= user id)
    first_name     TEXT,
    username       TEXT,
    region         TEXT,                          -- INSEE region code ('32')
    departement    TEXT,                          -- INSEE département code ('59', '2A', '971')
    consent_at     INTEGER,                       -- privacy notice shown and accepted
    alerts_enabled INTEGER NOT NULL DEFAULT 0,    -- announcements of actions in the region
    alerts_asked   INTEGER NOT NULL DEFAULT 0,    -- the yes/no question was asked
    source         TEXT,                          -- first campaign (src_<campaign>), if any
    active         INTEGER NOT NULL DEFAULT 1,    -- 0 once the person blocked the bot
    created_at     INTEGER NOT NULL,
    last_seen_at   INTEGER NOT NULL
);
CREATE INDEX users_broadcast ON users(region, alerts_enabled, active);

-- Branches a person picked: kind 'interest' (onboarding) or 'alert' (alert filter; none = all).
CREATE TABLE user_branches (
    chat_id   INTEGER NOT NULL REFERENCES users(chat_id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('interest', 'alert')),
    branch_id TEXT NOT NULL,
    PRIMARY KEY (chat_id, kind, branch_id)
);

CREATE TABLE favourites (
    chat_id    INTEGER NOT NULL REFERENCES users(chat_id) ON DELETE CASCADE,
    job_id     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, job_id)
);

CREATE TABLE quiz_results (
    chat_id     INTEGER PRIMARY KEY REFERENCES users(chat_id) ON DELETE CASCADE,
    answers     TEXT NOT NULL,                    -- JSON
    top_jobs    TEXT NOT NULL,                    -- JSON list of job ids, best first
    tags        TEXT NOT NULL,                    -- JSON {tag: score}
    finished_at INTEGER NOT NULL
);

-- Pseudonymous log for the statistics (see docs in bot/interactions.py for the kinds).
CREATE TABLE interactions (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    user_key TEXT NOT NULL,                       -- HMAC of the Telegram id with PASSERELLE_SECRET
    kind     TEXT NOT NULL,
    key      TEXT,
    region   TEXT,
    branch   TEXT
);
CREATE INDEX interactions_at ON interactions(at);

-- Staff roles. kind: national (all regions), regional (coordinator of one region), advisor.
CREATE TABLE roles (
    id            INTEGER PRIMARY KEY,
    chat_id       INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('national', 'regional', 'advisor')),
    region        TEXT,                           -- NULL for national
    organisation  TEXT,                           -- 'Mission Locale de Lille', 'ARML Hauts-de-France'...
    network       TEXT CHECK (network IN ('mission_locale', 'arml', 'opcommerce')),
    display_name  TEXT,
    granted_by    INTEGER REFERENCES roles(id),
    granted_at    INTEGER NOT NULL,
    revoked_at    INTEGER,
    digest_enabled INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX roles_one_active ON roles(chat_id) WHERE revoked_at IS NULL;

CREATE TABLE invitations (
    code         TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('national', 'regional', 'advisor')),
    region       TEXT,
    organisation TEXT,
    network      TEXT,
    created_by   INTEGER NOT NULL REFERENCES roles(id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_by_role INTEGER REFERENCES roles(id),
    used_at      INTEGER
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     INTEGER REFERENCES roles(id),       -- NULL for the system (bootstrap)
    action    TEXT NOT NULL,
    target    TEXT,
    details   TEXT                                -- JSON
);

-- Regional actions. status: a_venir, annule, a_cloturer, cloture.
CREATE TABLE events (
    id                    INTEGER PRIMARY KEY,
    external_id           TEXT UNIQUE,            -- from a YAML or CSV file: re-import updates
    type                  TEXT NOT NULL,
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    starts_at             INTEGER NOT NULL,
    ends_at               INTEGER NOT NULL,
    address               TEXT,
    city                  TEXT,
    departement           TEXT,
    region                TEXT,                   -- NULL when national or online
    latitude              REAL,
    longitude             REAL,
    online_url            TEXT,
    scope                 TEXT NOT NULL CHECK (scope IN ('regional', 'national', 'online')),
    audience              TEXT,
    capacity              INTEGER,
    registration_deadline INTEGER,
    status                TEXT NOT NULL DEFAULT 'a_venir'
                          CHECK (status IN ('a_venir', 'annule', 'a_cloturer', 'cloture')),
    created_by            INTEGER REFERENCES roles(id),
    source                TEXT NOT NULL,          -- 'yaml:<file>', 'csv:<file>', 'annonce', 'demo'
    is_example            INTEGER NOT NULL DEFAULT 0,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    -- results, recorded when the event is closed
    attendance            INTEGER,
    integrated_apprenticeship INTEGER,
    integrated_cej        INTEGER,
    integrated_job        INTEGER,
    integrated_training   INTEGER,
    closed_at             INTEGER,
    closed_by             INTEGER REFERENCES roles(id)
);
CREATE INDEX events_upcoming ON events(status, starts_at);
CREATE INDEX events_region ON events(region, starts_at);

CREATE TABLE event_branches (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    branch_id TEXT NOT NULL,
    PRIMARY KEY (event_id, branch_id)
);
CREATE INDEX event_branches_branch ON event_branches(branch_id);

-- network: mission_locale, arml (the Missions Locales side) or opcommerce. Both sides = joint action.
CREATE TABLE event_organisers (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    network  TEXT NOT NULL CHECK (network IN ('mission_locale', 'arml', 'opcommerce')),
    name     TEXT NOT NULL,
    PRIMARY KEY (event_id, network, name)
);

CREATE TABLE event_companies (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    present  INTEGER,                             -- set when the event is closed
    PRIMARY KEY (event_id, name)
);

-- status: registered, waiting (waiting list, ordered by created_at then id).
CREATE TABLE registrations (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    chat_id        INTEGER NOT NULL REFERENCES users(chat_id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('registered', 'waiting')),
    share_identity INTEGER,                       -- NULL: not asked yet; 0 no (default); 1 yes
    created_at     INTEGER NOT NULL,
    UNIQUE (event_id, chat_id)
);
CREATE INDEX registrations_chat ON registrations(chat_id);

CREATE TABLE reminders_sent (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    chat_id  INTEGER NOT NULL REFERENCES users(chat_id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,                       -- 'day_before', 'hours_before'
    sent_at  INTEGER NOT NULL,
    PRIMARY KEY (event_id, chat_id, kind)
);

-- Announcements: kind 'event' (with event_id) or 'message' (plain announcement).
CREATE TABLE broadcasts (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('event', 'message')),
    event_id            INTEGER REFERENCES events(id),
    text                TEXT NOT NULL,            -- the Telegram HTML sent to everyone
    region              TEXT,                     -- NULL: all regions (national)
    branches            TEXT NOT NULL DEFAULT '', -- comma-separated branch ids ('' = all)
    joint               INTEGER NOT NULL DEFAULT 0, -- on behalf of both networks
    created_by          INTEGER NOT NULL REFERENCES roles(id),
    created_at          INTEGER NOT NULL,
    status              TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'done')),
    progress_chat_id    INTEGER,
    progress_message_id INTEGER,
    started_at          INTEGER,
    finished_at         INTEGER
);

CREATE TABLE deliveries (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL REFERENCES users(chat_id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'blocked', 'failed')),
    error        TEXT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    sent_at      INTEGER,
    PRIMARY KEY (broadcast_id, chat_id)
);
CREATE INDEX deliveries_pending ON deliveries(broadcast_id, status);

CREATE TABLE innovations (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    role_id INTEGER NOT NULL REFERENCES roles(id),
    region  TEXT,                                 -- NULL: national
    text    TEXT NOT NULL
);
