"""Broadcasting announcements: recipients, pacing (:mod:`.pacing`), the sender (:mod:`.sender`)."""
