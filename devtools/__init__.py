"""Tools around the bot, not the bot: the Bot API emulator (local and over HTTP), the terminal console and its demo data."""
