-- Issue 4 (regional actions): what the foundation's events tables miss.
ALTER TABLE events ADD COLUMN cancelled_at INTEGER;
ALTER TABLE events ADD COLUMN cancel_reason TEXT;
ALTER TABLE registrations ADD COLUMN promoted_at INTEGER;   -- moved from the waiting list

-- Messages owed to registered people (promotion, change of date or place, cancellation): queued in
-- the same transaction as the change, delivered by the bot (also after a restart, or when the change
-- came from the command line).
CREATE TABLE event_notices (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    chat_id    INTEGER NOT NULL REFERENCES users(chat_id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('promoted', 'changed', 'cancelled')),
    details    TEXT NOT NULL DEFAULT '{}',                -- JSON: changed fields, previous values
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
);
CREATE INDEX event_notices_pending ON event_notices(event_id) WHERE sent_at IS NULL;
CREATE INDEX events_scope ON events(scope, status, starts_at);
CREATE INDEX registrations_event ON registrations(event_id, status, created_at);
