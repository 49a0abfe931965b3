"""The application edge: the CLI (and later the Telegram skin). No SQL, no jieba here."""
