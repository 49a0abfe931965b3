"""The Telegram edge: the application and its handlers, buttons, admin commands, sending, limits, the webhook."""
