"""Regional actions: the event model, the service the advisors' handlers call, suggestions to young
people, registrations, calendar files, reminders, files (YAML calendar, CSV import) and poster QR codes."""
