-- Issue 11: a range of days is read as its closed days (computed once, kept) plus the last one; the
-- people of that last day not already seen in the range are found one index lookup each.
CREATE INDEX stats_people_day_person ON stats_people_day(kind, user_key, day);
