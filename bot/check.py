"""`reportbot check`: can `serve` run here? One line per check, for people, systemd and HEALTHCHECK.

Reads files and the environment only: never the network, never a secret's value.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from bot.config import Config, ConfigError, load_config
from bot.credentials import SECRET_ENV, TOKEN_ENV, read_token, read_webhook_secret
from knowledge import KnowledgeBase, StoreError


def run_check(config_path: Path | None) -> int:
    """Print the checks' lines; 0 when all passed, else 1."""
    passed, lines = check(config_path)
    print("\n".join(lines))
    return 0 if passed else 1


def check(config_path: Path | None, environ: Mapping[str, str] = os.environ) -> tuple[bool, list[str]]:
    """(all passed, the lines "ok   name: detail" / "FAIL name: detail") for the config at ``config_path``."""
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        return False, [_line(False, "config", str(exc))]
    results = [(True, "config", str(config_path) if config_path else "none (the defaults)")]
    results += list(_checks(config, environ))
    return all(ok for ok, _, _ in results), [_line(*result) for result in results]


def _line(ok: bool, name: str, detail: str) -> str:
    return f"{'ok  ' if ok else 'FAIL'} {name}: {detail}"


def _checks(config: Config, environ: Mapping[str, str]) -> Iterator[tuple[bool, str, str]]:
    yield _token(config, environ)
    yield _knowledge_base(config.knowledge.database)
    yield _writable(config)
    yield _reports(config.knowledge.reports_dir)
    yield _webhook(config, environ)


def _token(config: Config, environ: Mapping[str, str]) -> tuple[bool, str, str]:
    from_env = bool(environ.get(TOKEN_ENV, "").strip())
    if not from_env and config.telegram.token_file is None:
        return False, "token", f"missing; set {TOKEN_ENV} or [telegram] token_file"
    try:
        read_token(config.telegram, environ)  # its messages name the file, never the token
    except ConfigError as exc:
        return False, "token", str(exc)
    return True, "token", f"set (from {TOKEN_ENV if from_env else config.telegram.token_file})"


def _webhook(config: Config, environ: Mapping[str, str]) -> tuple[bool, str, str]:
    settings = config.telegram
    if not settings.webhook_url:
        return True, "webhook", "off (long polling)"
    try:
        read_webhook_secret(settings, environ)
    except ConfigError as exc:
        return False, "webhook", str(exc)
    source = SECRET_ENV if environ.get(SECRET_ENV, "").strip() else "[telegram] secret_token"
    return True, "webhook", f"{settings.webhook_url} -> {settings.listen}:{settings.port}, secret from {source}"


def _knowledge_base(path: Path) -> tuple[bool, str, str]:
    try:
        KnowledgeBase.check_file(path)  # StaleStore: built by an older reportbot
    except StoreError as exc:
        detail = str(exc).removeprefix("knowledge base ")
        return False, "knowledge base", detail if str(path) in detail else f"{path}: {detail}"
    except Exception as exc:  # sqlite3's "unable to open database file" (bot/ does not import sqlite3)
        return False, "knowledge base", f"{path}: cannot open ({exc})"
    return True, "knowledge base", str(path)


def _writable(config: Config) -> tuple[bool, str, str]:
    """The folders serve writes: the knowledge base's (and /reload's new copy), the query log's, the
    dictionary cache, and the hash key's until the key is made."""
    folders = [config.knowledge.database.parent, config.telegram.query_log.parent, config.knowledge.cache_dir]
    if not config.telegram.hash_key_file.exists():
        folders.append(config.telegram.hash_key_file.parent)
    folders = list(dict.fromkeys(folders))
    problems = [problem for problem in map(_cannot_write, folders) if problem]
    if problems:
        return False, "data folders", "; ".join(problems)
    return True, "data folders", ", ".join(map(str, folders)) + " writable"


def _cannot_write(folder: Path) -> str | None:
    """Why nothing can be written in ``folder`` (made on first use: its nearest existing parent), or None."""
    existing = next(p for p in (folder, *folder.parents) if p.exists())  # "." and "/" always do
    if not existing.is_dir():
        return f"{existing} is not a folder"
    try:
        with tempfile.TemporaryFile(dir=existing):  # a real write: catches read-only mounts too
            pass
    except OSError as exc:
        return f"{existing} is not writable ({exc.strerror or exc})"
    return None


def _reports(folder: Path) -> tuple[bool, str, str]:
    try:
        count = sum(1 for entry in os.scandir(folder) if not entry.name.startswith("."))
    except OSError as exc:
        return False, "reports", f"{folder}: cannot read ({exc.strerror or exc})"
    return True, "reports", f"{folder} ({count} entries)"
