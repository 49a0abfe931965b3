"""`serve` meeting the Bot API: the one `Error:` line each way of failing to start gives.

Imported by `serve` alone, and PTB only inside its functions, so `ask` never pays for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.config import TelegramConfig

if TYPE_CHECKING:
    from telegram.ext import Application


class _StartUpAborted(logging.Filter):
    """PTB logs the error that ends its start-up (getMe, setWebhook) with a traceback, then raises it;
    `serve` says it in one line, so the logged copy is dropped — only while the application has not
    started: a token revoked while it runs ends polling with that same record, the only trace left."""

    def __init__(self, starting: Callable[[], bool]) -> None:
        super().__init__()
        self.starting = starting

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.starting() and "Aborting" in str(record.msg))


def quiet_start_up(application: Application) -> None:
    """Leave the failure of ``application``'s start-up to ``start_failure`` (one filter a process)."""
    ext = logging.getLogger("telegram.ext")
    for old in [f for f in ext.filters if isinstance(f, _StartUpAborted)]:
        ext.removeFilter(old)
    ext.addFilter(_StartUpAborted(lambda: not application.running))


def start_failure(
    exc: Exception, settings: TelegramConfig, *, webhook: bool, redact: Callable[[str], str]
) -> str | None:
    """The line telling why the bot could not start talking to Telegram, or None when ``exc`` is not
    such a failure (a bug: it keeps its traceback)."""
    from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

    if isinstance(exc, InvalidToken):
        return "Telegram refused the bot token; check TELEGRAM_BOT_TOKEN / [telegram] token_file"
    if isinstance(exc, BadRequest):  # e.g. setWebhook: "bad webhook: …"; a NetworkError too, so first
        return f"the Bot API refused: {redact(str(exc))}"
    if isinstance(exc, NetworkError):  # refused, unreachable, timed out
        return f"cannot reach the Bot API at {settings.base_url}: {redact(str(exc))}"
    if isinstance(exc, TelegramError):  # e.g. flood control (RetryAfter) while starting
        return f"the Bot API failed: {redact(str(exc))}"
    if isinstance(exc, OSError) and webhook:  # the port is taken, or the address is not this host's
        return f"cannot listen on {settings.listen}:{settings.port}: {exc.strerror or exc}"
    return None
