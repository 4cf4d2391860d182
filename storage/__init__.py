"""Storage: the only place with SQL. One module per subject, all on one aiosqlite connection."""
