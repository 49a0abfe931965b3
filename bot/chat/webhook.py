"""Webhook mode of `reportbot serve`: Telegram POSTs updates to webhook_url, a TLS proxy forwards them."""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application
from tornado.netutil import bind_sockets

from bot.chat.webhook_server import make_server
from bot.config import TelegramConfig

log = logging.getLogger("reportbot")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


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

    Requests without the X-Telegram-Bot-Api-Secret-Token header, or with another value, get 403;
    bodies over a MB get 413 (bot/chat/webhook_server.py). TLS is the proxy's job: the bot speaks plain HTTP.
    """
    log.info("webhook %s -> %s:%d", settings.webhook_url, settings.listen, settings.port)
    asyncio.run(_until_signalled(application, settings, secret))


async def _until_signalled(application: Application, settings: TelegramConfig, secret: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    try:
        await serve_webhook(application, settings, secret, stop)
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)


async def serve_webhook(
    application: Application,
    settings: TelegramConfig,
    secret: str,
    stop: asyncio.Event,
    *,
    ready: asyncio.Future[int] | None = None,
) -> None:
    """Run ``application`` on webhook updates until ``stop`` is set; ``ready`` gets the port once served.

    The port is bound first, so a taken one fails before Telegram is told anything; the server
    accepts only once the application runs, and setWebhook comes last, when updates can be answered.
    On stop, updates already acknowledged are answered before the application shuts down.
    """
    sockets = bind_sockets(settings.port, settings.listen)  # OSError: taken, or not this host's address
    server = make_server(webhook_path(settings.webhook_url), application.bot, application.update_queue, secret)
    try:
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        await application.start()
        try:
            server.add_sockets(sockets)
            await application.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            if ready is not None:
                ready.set_result(sockets[0].getsockname()[1])
            await stop.wait()
        finally:
            server.stop()
            await server.close_all_connections()
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    finally:
        for sock in sockets:
            sock.close()
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
