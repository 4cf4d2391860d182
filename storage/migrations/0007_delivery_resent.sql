-- Issue 9 §2: deliveries in flight when the bot was killed are sent again at start-up (at least once);
-- the broadcast counts them (the report says how many may have been received twice).
ALTER TABLE broadcasts ADD COLUMN resent INTEGER NOT NULL DEFAULT 0;
