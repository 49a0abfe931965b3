"""Secrets: the bot token (env or a private file, kept out of every log line) and the query log's
user-hash key (a private file made on first use)."""

from __future__ import annotations

import logging
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from bot.config import SECRET_PATTERN, SECRET_RULE, ConfigError, TelegramConfig

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
# What a Bot API token looks like (123456789:AA…); redacted even when it is not ours, e.g. in a URL.
TOKEN_PATTERN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
REDACTED = "[token]"
REDACTED_SECRET = "[secret]"


def read_token(config: TelegramConfig, environ: Mapping[str, str] = os.environ) -> str:
    """The token from TELEGRAM_BOT_TOKEN, else from ``token_file`` (which only its owner may read)."""
    token = environ.get(TOKEN_ENV, "").strip()
    if not token and config.token_file is not None:
        path = config.token_file
        try:
            mode = path.stat().st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise ConfigError(f"{path}: the token file is readable by others; run `chmod 600 {path}`")
            token = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the token file ({exc.strerror or exc})") from exc
    if not token:
        raise ConfigError(f"no bot token: set {TOKEN_ENV} or [telegram] token_file in the config")
    if ":" not in token or any(c.isspace() for c in token):
        raise ConfigError("the bot token does not look like one from @BotFather (123456:ABC…)")
    return token


def read_webhook_secret(config: TelegramConfig, environ: Mapping[str, str] = os.environ) -> str | None:
    """The webhook's secret token from TELEGRAM_WEBHOOK_SECRET, else ``secret_token``; None when polling.

    Telegram sends it in every webhook request's X-Telegram-Bot-Api-Secret-Token header; without it
    anyone who learns the URL could post updates, so webhook mode does not start without one.
    """
    if not config.webhook_url:
        return None
    secret = environ.get(SECRET_ENV, "").strip() or config.secret_token
    if not secret:
        raise ConfigError(
            f"webhook_url is set but there is no secret token: set {SECRET_ENV} or [telegram] secret_token"
        )
    if not SECRET_PATTERN.fullmatch(secret):
        raise ConfigError(f"{SECRET_ENV} must be {SECRET_RULE}")
    return secret


HASH_KEY_BYTES = 32  # blake2b's full key length


def read_hash_key(path: Path) -> bytes:
    """The query log's user-hash key from ``path`` (only its owner may read it), made on first use.

    One key per deployment, never in the repo or the query log: without it, the log's user hashes
    cannot be matched to user ids. Losing it only means old hashes stop matching new ones.
    """
    if not path.exists():
        try:
            _create_key_file(path)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot create the query-log key file ({exc.strerror or exc})") from exc
    try:
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(f"{path}: the query-log key file is readable by others; run `chmod 600 {path}`")
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the query-log key file ({exc.strerror or exc})") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a query-log key (hex digits); delete it to make a new one") from exc
    if len(key) < HASH_KEY_BYTES // 2:
        raise ConfigError(f"{path}: the query-log key is too short; delete the file to make a new one")
    return key


def _create_key_file(path: Path) -> None:
    """Write a new key to ``path`` all at once: written whole to a private temporary file, then linked
    into place, so a second process starting at the same moment reads one complete key (whichever
    link came first), never an empty file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(HASH_KEY_BYTES) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # made by another process a moment ago: theirs is the key
    finally:
        os.unlink(tmp)


class RedactToken(logging.Filter):
    """Replace the token (ours, and anything shaped like one) and the webhook secret in a record's
    message and traceback."""

    def __init__(self, token: str | None = None, *, secret: str | None = None) -> None:
        super().__init__()
        self.token = token
        self.secret = secret

    def redact(self, text: str) -> str:
        if self.token:
            text = text.replace(self.token, REDACTED)
        if self.secret:  # PTB logs setWebhook's parameters, the secret among them, at DEBUG
            text = text.replace(self.secret, REDACTED_SECRET)
        return TOKEN_PATTERN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def guard_logs(token: str, root: logging.Logger | None = None, *, secret: str | None = None) -> RedactToken:
    """Redact ``token`` (and ``secret``) from everything the root handlers write; keep httpx's
    per-request URLs out."""
    root = root or logging.getLogger()
    redactor = RedactToken(token, secret=secret)
    for handler in root.handlers:
        handler.addFilter(redactor)
    # httpx logs every request URL at INFO, and the URL holds the token (PTB docs, notes §5).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return redactor
