-- Issue 11: the newest day rolled up when a kept figure was computed. The rolling windows of past days
-- are never asked for again: the periodic job deletes the figures computed more than a week ago
-- (storage/kept.py), so stats_kept stays a few thousand rows; one still asked for is computed again.
ALTER TABLE stats_kept ADD COLUMN kept_on TEXT NOT NULL DEFAULT '';
CREATE INDEX stats_kept_kept_on ON stats_kept(kept_on);
