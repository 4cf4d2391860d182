-- Issue 13 (young people): tell a person's first update from the next ones, whatever the clock says
-- (two messages in the same second, or after /oubli). The insert leaves 0; every later upsert of the
-- row (storage/users.py, touch) sets 1, so the row it returns says whether it was just created: the
-- newcomer gets the welcome and the data notice (handlers/start.py, greet_newcomer).
ALTER TABLE users ADD COLUMN seen_before INTEGER NOT NULL DEFAULT 0;
UPDATE users SET seen_before = 1;
