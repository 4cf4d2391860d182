-- Issue 10: « accessibilité PMR » of an event, optional (NULL: not said, 1: accessible, 0: not accessible).
ALTER TABLE events ADD COLUMN accessible INTEGER;
