"""Webhook mode of `reportbot serve`: Telegram POSTs updates to webhook_url, a TLS proxy forwards them."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application

from bot.config import TelegramConfig

log = logging.getLogger("reportbot")


def webhook_path(webhook_url: str) -> str:
    """The path the bot listens on: the public URL's own, so a proxy forwards it unchanged.

    Not derived from the secret: a path is written to access logs, the secret header is not.

    >>> webhook_path("https://bot.example.org/reportbot/telegram")
    '/reportbot/telegram'
    >>> webhook_path("https://bot.example.org")
    '/'
    """
    return urlsplit(webhook_url).path or "/"


def run_webhook(application: Application, settings: TelegramConfig, secret: str) -> None:
    """Serve http://listen:port/<path> until SIGINT/SIGTERM, after setWebhook(webhook_url, secret).

    Requests without the X-Telegram-Bot-Api-Secret-Token header, or with another value, get 403
    (PTB's webhook handler). TLS is the proxy's job: the bot itself speaks plain HTTP.
    """
    log.info("webhook %s -> %s:%d", settings.webhook_url, settings.listen, settings.port)
    application.run_webhook(
        listen=settings.listen,
        port=settings.port,
        url_path=webhook_path(settings.webhook_url),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )
