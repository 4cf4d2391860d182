"""My Mission Locale: the communes table, the import of the official directory, the person's structure."""
