"""load_config: config.toml -> frozen Config. Fails fast, naming the bad key. Never holds the token."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

TELEGRAM_API = "https://api.telegram.org/bot"
HASH_KEY_NAME = Path("query_log.key")


class ConfigError(Exception):
    """config.toml is unreadable, has a key we do not know, or a value of the wrong type."""


@dataclass(frozen=True, slots=True)
class KnowledgeConfig:
    database: Path = Path("data/kb.db")  # SQLite file built by `reportbot ingest`
    reports_dir: Path = Path("data/reports")  # folder `ingest` and /reload read
    cache_dir: Path = Path("data/cache")  # jieba's dictionary cache


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    base_url: str = TELEGRAM_API  # PTB appends the token
    admin_ids: tuple[int, ...] = ()  # numeric Telegram user ids allowed to /reload, /stats, /status
    token_file: Path | None = None  # a 0600 file holding the token; TELEGRAM_BOT_TOKEN wins
    query_log: Path = Path("data/queries.db")  # questions, answered or not, latency, feedback
    # The key of the log's user hashes, made on first use (0600). Default: query_log.key beside the
    # config file (the working folder without one): never beside the log, so a copied log lacks it.
    hash_key_file: Path = HASH_KEY_NAME
    query_log_days: int = 180  # questions older than this are deleted (at start and daily)
    conversation_minutes: int = 10  # a follow-up ("那2017年呢？") takes what it lacks from a question this recent
    # Where files are downloaded from (admin uploads). PTB does not derive it from base_url, so a local
    # Bot API server (or the tests' fake) would be bypassed; "" means base_url with bot -> file/bot.
    base_file_url: str = ""
    # Webhook mode (issue 14): Telegram POSTs updates to webhook_url, a reverse proxy with TLS forwards
    # them to listen:port. Empty webhook_url: long polling. 8080 is unprivileged (no root needed) and
    # never faces Telegram itself, so it need not be one of Telegram's ports (443, 80, 88, 8443).
    webhook_url: str = ""
    listen: str = "127.0.0.1"  # only a proxy on this host reaches it
    port: int = 8080
    secret_token: str = field(default="", repr=False)  # TELEGRAM_WEBHOOK_SECRET wins; never logged

    @property
    def file_url(self) -> str:
        """base_file_url, or base_url's counterpart: https://api.telegram.org/bot -> …/file/bot."""
        if self.base_file_url:
            return self.base_file_url
        head, found, tail = self.base_url.rpartition("bot")
        return f"{head}file/bot{tail}" if found else self.base_url


@dataclass(frozen=True, slots=True)
class Config:
    knowledge: KnowledgeConfig = KnowledgeConfig()
    telegram: TelegramConfig = TelegramConfig()


SECTIONS = {"knowledge": KnowledgeConfig, "telegram": TelegramConfig}


def load_config(path: Path | None) -> Config:
    """Read ``path`` (TOML) into a Config; None gives the defaults. Raises ConfigError."""
    if path is None:
        return Config()
    data = read_toml(path)
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{path}: unknown section [{unknown[0]}]")
    values = {}
    for name, cls in SECTIONS.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        known = {f.name for f in fields(cls)}
        for key in table:
            if key not in known:
                raise ConfigError(f"{path}: unknown key [{name}].{key}")
        values[name] = cls(**{key: _value(path, f"[{name}].{key}", key, value) for key, value in table.items()})
    if "hash_key_file" not in data.get("telegram", {}):
        values["telegram"] = replace(values["telegram"], hash_key_file=path.parent / HASH_KEY_NAME)
    return Config(**values)


def read_toml(path: Path) -> dict:
    """The TOML file at ``path`` as a dict, or ConfigError saying why it does not read as one."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Windows editors may put a byte-order mark first
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:  # UTF-16 (Notepad's "Unicode"), GBK …: TOML is UTF-8
        raise ConfigError(f"{path}: not UTF-8 text (save it as UTF-8)") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc


def _value(path: Path, where: str, key: str, value: object) -> object:
    if key == "admin_ids":
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise ConfigError(f"{path}: {where} must be a list of numeric Telegram user ids, e.g. [123456789]")
        return tuple(value)
    if key == "query_log_days":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{path}: {where} must be a whole number of days, at least 1")
        return value
    if key == "conversation_minutes":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{path}: {where} must be a whole number of minutes (0: no follow-ups)")
        return value
    if key in WEBHOOK_KEYS:
        return _webhook_value(path, where, key, value)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{path}: {where} must be a non-empty string")
    if key in ("base_url", "base_file_url"):
        if not value.startswith(("https://", "http://")):
            raise ConfigError(f"{path}: {where} must be an http(s) URL such as {TELEGRAM_API}")
        return value
    return Path(value)


WEBHOOK_KEYS = ("webhook_url", "listen", "port", "secret_token")
# What Telegram accepts as a webhook's secret_token (Bot API setWebhook): 1-256 of A-Z a-z 0-9 _ -
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
SECRET_RULE = "1-256 characters A-Z, a-z, 0-9, _ and -"


def _webhook_value(path: Path, where: str, key: str, value: object) -> object:
    if key == "port":
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 65535:
            raise ConfigError(f"{path}: {where} must be a port number, 1-65535")
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{path}: {where} must be a string")
    if key == "webhook_url" and value and not _is_https_url(value):
        raise ConfigError(f"{path}: {where} must be an https:// URL (Telegram sends updates over HTTPS only), or empty")
    if key == "listen" and not value:
        raise ConfigError(f"{path}: {where} must be an IP address to listen on, e.g. 127.0.0.1")
    if key == "secret_token" and not SECRET_PATTERN.fullmatch(value):
        raise ConfigError(f"{path}: {where} must be {SECRET_RULE}")  # the value itself is never repeated
    return value


def _is_https_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed [ of an IPv6 address
        return False
    return parts.scheme == "https" and bool(parts.hostname) and not any(c.isspace() for c in value)
