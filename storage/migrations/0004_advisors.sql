-- Issue 5 (advisors): conversation persistence, broadcast summary columns, announcement extras.

-- python-telegram-bot persistence (storage/persistence.py): conversation states and user_data.
CREATE TABLE ptb_state (
    kind  TEXT NOT NULL,                          -- 'conversation', 'user_data', 'chat_data', 'bot_data', 'callback_data'
    name  TEXT NOT NULL,                          -- conversation name, or the user/chat id
    key   TEXT NOT NULL DEFAULT '',               -- JSON key of the conversation (chat, user), '' otherwise
    value TEXT NOT NULL,                          -- JSON
    PRIMARY KEY (kind, name, key)
);

-- Broadcast extras: title shown in the report, scope, counts cached at the end, the companies.
ALTER TABLE broadcasts ADD COLUMN title TEXT;
ALTER TABLE broadcasts ADD COLUMN markup TEXT;                          -- JSON inline keyboard sent with the text
ALTER TABLE broadcasts ADD COLUMN scope TEXT NOT NULL DEFAULT 'regional'; -- 'regional' | 'national'
ALTER TABLE broadcasts ADD COLUMN total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX broadcasts_status ON broadcasts(status);
CREATE INDEX roles_region ON roles(region) WHERE revoked_at IS NULL;
