"""What the bot records of the questions it is asked: the query log behind /stats (personal data masked, user ids
hashed). The one room of bot/ that writes SQL: it is the bot's own record, not knowledge."""
