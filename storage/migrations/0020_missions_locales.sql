-- Issue 14 (My Mission Locale): the person's postal code, the structure of an advisor, and the
-- per-chat step of what the person is typing (postal code, question, answer), kept in the database
-- so that several instances of the bot can share it.

ALTER TABLE users ADD COLUMN postal_code TEXT;                -- 5 digits, typed by the person
ALTER TABLE roles ADD COLUMN mission_locale TEXT;             -- id in content/missions_locales.yaml
ALTER TABLE invitations ADD COLUMN mission_locale TEXT;

-- What the next text message of a chat means (one row per chat, read at each update).
CREATE TABLE question_drafts (
    chat_id      INTEGER PRIMARY KEY,
    step         TEXT NOT NULL,                   -- 'postal' | 'write' | 'preview' | 'reply' | 'answer'
    question_id  INTEGER,                         -- the thread replied to ('reply', 'answer')
    context_kind TEXT,                            -- 'job' | 'event' | NULL: where the question was asked from
    context_key  TEXT,
    text         TEXT,                            -- the question being written (until sent)
    share_name   INTEGER NOT NULL DEFAULT 0,      -- the young person agreed to show their first name
    updated_at   INTEGER NOT NULL
);
CREATE INDEX roles_mission_locale ON roles(mission_locale);
