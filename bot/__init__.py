"""The application: the CLI (cli.py) and the Telegram bot, on top of knowledge/ and loaders/, in rooms by job:
chat/ (the Telegram edge), serving/ (the knowledge worker), present/ (what users see), library/ (the reports folder
and its knowledge base), records/ (the query log: the one room that writes SQL). No jieba here."""
