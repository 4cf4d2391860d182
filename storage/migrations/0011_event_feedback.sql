-- Issue 13 (young people): the short follow-up after an event (« Comment ça s'est passé ? »).
-- One row per registered person asked: inserted when the follow-up is claimed, before it is sent (an
-- instance that loses the insert does not send: the follow-up goes out once across instances), then
-- the one-tap answer. Erased with the person (/oubli); the statistics count the answers through the
-- pseudonymous interactions log (kind event_feedback), never through this table.
CREATE TABLE event_feedback (
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL REFERENCES users(chat_id) ON DELETE CASCADE,
    asked_at    INTEGER NOT NULL,
    answer      TEXT CHECK (answer IN ('bien', 'moyen', 'pas_bien')),
    answered_at INTEGER,
    PRIMARY KEY (event_id, chat_id)
);
CREATE INDEX event_feedback_chat ON event_feedback(chat_id);
