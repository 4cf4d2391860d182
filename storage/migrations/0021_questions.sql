-- Issue 14 (Write to an advisor): questions of young people, their threads, the advisors' notices,
-- the temporary blocks after an abusive thread, and the anonymous counts kept for the statistics.

CREATE TABLE questions (
    id              INTEGER PRIMARY KEY,
    chat_id         INTEGER NOT NULL,             -- the young person (never shown to advisors)
    region          TEXT,
    mission_locale  TEXT,                         -- directory id when sent to that Mission Locale's advisors
    context_kind    TEXT,                         -- 'job' | 'event' | NULL: where it was asked from
    context_key     TEXT,
    first_name      TEXT,                         -- only when the young person agreed to show it
    status          TEXT NOT NULL DEFAULT 'open', -- 'open' | 'taken' | 'closed'
    waiting_for     TEXT NOT NULL DEFAULT 'advisor', -- who is expected to write next: 'advisor' | 'young'
    urgent          INTEGER NOT NULL DEFAULT 0,
    taken_by        INTEGER,                      -- roles.id
    created_at      INTEGER NOT NULL,
    taken_at        INTEGER,
    first_answer_at INTEGER,
    last_message_at INTEGER NOT NULL,
    escalated_at    INTEGER,
    closed_at       INTEGER,
    closed_by       TEXT,                         -- 'young' | 'advisor' | 'abuse'
    stats_id        INTEGER
);
CREATE INDEX questions_chat ON questions(chat_id);
CREATE INDEX questions_status ON questions(status, region);

CREATE TABLE question_messages (
    id          INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL,
    sender      TEXT NOT NULL,                    -- 'young' | 'advisor'
    role_id     INTEGER,                          -- the advisor who wrote
    text        TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX question_messages_question ON question_messages(question_id);

-- The notification each advisor received (edited when someone takes the question).
CREATE TABLE question_notices (
    question_id INTEGER NOT NULL,
    chat_id     INTEGER NOT NULL,                 -- the advisor's or coordinator's chat
    message_id  INTEGER NOT NULL,
    PRIMARY KEY (question_id, chat_id)
);

-- No new question until ``until`` (a thread closed as abusive); keyed by the pseudonymous key.
CREATE TABLE question_blocks (
    user_key TEXT PRIMARY KEY,
    until    INTEGER NOT NULL
);

-- Anonymous counts for the statistics: no chat id, no text; kept after erasure and purge.
CREATE TABLE question_stats (
    id                   INTEGER PRIMARY KEY,
    region               TEXT,
    asked_at             INTEGER NOT NULL,
    urgent               INTEGER NOT NULL DEFAULT 0,
    first_answer_seconds INTEGER,
    escalated            INTEGER NOT NULL DEFAULT 0,
    closed_at            INTEGER,
    closed_by            TEXT
);
CREATE INDEX question_stats_asked ON question_stats(asked_at);
