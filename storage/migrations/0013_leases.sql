-- Issue 12 (several instances): who holds a shared duty (e.g. sending the broadcasts) and until when.
-- An instance renews its lease while it works; when it dies, another takes over once expires_at passed.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,                  -- 'broadcast'
    holder     TEXT NOT NULL,                     -- instance id (random at start-up)
    expires_at INTEGER NOT NULL                   -- Unix seconds
);
