"""The knowledge worker behind the bot: one process answering, reloads built beside it and swapped in."""
