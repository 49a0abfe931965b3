"""`reportbot check`: can `serve` run here? One line per check, for people, systemd and HEALTHCHECK.

Reads files and the environment (and answers one question from the knowledge base, writing the
dictionary cache as `serve` would): never the network, never a secret's value. A warning is said, but
does not fail the check.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from bot.config import Config, ConfigError, load_config, read_toml
from bot.credentials import SECRET_ENV, TOKEN_ENV, read_token, read_webhook_secret
from knowledge import KnowledgeBase, StoreError

OK, WARN, FAIL = "ok", "warn", "FAIL"
Result = tuple[str, str, str]  # status, what was checked, what was found
QUESTION = "{agency}{year}年收到多少件依申请公开？"  # asked of the first report with an agency and a year
ANY_QUESTION = "收到多少件依申请公开？"  # without one: a question across all reports
SQLITE_HEADER = b"SQLite format 3\x00"


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
        return False, [_line(FAIL, "config", str(exc))]
    results = [(OK, "config", str(config_path) if config_path else "none (the defaults)")]
    results += [result for result in _checks(config, config_path, environ) if result is not None]
    return all(status != FAIL for status, _, _ in results), [_line(*result) for result in results]


def _line(status: str, name: str, detail: str) -> str:
    return f"{status:<4} {name}: {detail}"


def _checks(config: Config, config_path: Path | None, environ: Mapping[str, str]) -> Iterator[Result | None]:
    yield _token(config, environ)
    yield _admins(config, config_path)
    yield _knowledge_base(config)
    yield _writable(config)
    yield _query_log(config.telegram.query_log)
    yield _reports(config.knowledge.reports_dir)
    yield _webhook(config, environ)


def _token(config: Config, environ: Mapping[str, str]) -> Result:
    from_env = bool(environ.get(TOKEN_ENV, "").strip())
    if not from_env and config.telegram.token_file is None:
        return FAIL, "token", f"missing; set {TOKEN_ENV} or [telegram] token_file"
    try:
        read_token(config.telegram, environ)  # its messages name the file, never the token
    except ConfigError as exc:
        return FAIL, "token", str(exc)
    return OK, "token", f"set (from {TOKEN_ENV if from_env else config.telegram.token_file})"


def _admins(config: Config, config_path: Path | None) -> Result | None:
    """A warning when the config lists no admin in so many words (`admin_ids = []`, as the deploy
    configs ship): the bot answers, but nobody can /reload it. Said only then: leaving the key out is a choice."""
    if config.telegram.admin_ids or config_path is None:
        return None
    if read_toml(config_path).get("telegram", {}).get("admin_ids") != []:
        return None
    return (
        WARN,
        "admins",
        "[telegram] admin_ids is empty: nobody can /reload, /stats or /status; add your Telegram user id",
    )


def _webhook(config: Config, environ: Mapping[str, str]) -> Result:
    settings = config.telegram
    if not settings.webhook_url:
        return OK, "webhook", "off (long polling)"
    try:
        read_webhook_secret(settings, environ)
    except ConfigError as exc:
        return FAIL, "webhook", str(exc)
    source = SECRET_ENV if environ.get(SECRET_ENV, "").strip() else "[telegram] secret_token"
    return OK, "webhook", f"{settings.webhook_url} -> {settings.listen}:{settings.port}, secret from {source}"


def _knowledge_base(config: Config) -> Result:
    """Open the knowledge base as `serve` does and answer one question from it: a file whose schema and
    meta values are fine may still be damaged where questions read."""
    path = config.knowledge.database
    try:
        kb = KnowledgeBase.open(path, cache_dir=config.knowledge.cache_dir)
        try:
            kb.ask(_question(kb))
        finally:
            kb.close()
    except StoreError as exc:  # missing, older (StaleStore), damaged (DamagedStore)
        detail = str(exc).removeprefix("the knowledge base ").removeprefix("knowledge base ")
        return FAIL, "knowledge base", detail if str(path) in detail else f"{path}: {detail}"
    except Exception as exc:  # sqlite3's "unable to open database file" (bot/ does not import sqlite3)
        return FAIL, "knowledge base", f"{path}: cannot open or answer from it ({type(exc).__name__}: {exc})"
    return OK, "knowledge base", str(path)


def _question(kb: KnowledgeBase) -> str:
    """A question about the first report that has an agency and a year, else one about all reports."""
    for report, _ in kb.holdings():
        if report.agency and report.year:
            return QUESTION.format(agency=report.agency, year=report.year)
    return ANY_QUESTION


def _query_log(path: Path) -> Result | None:
    """A query log that is there must be a SQLite file, or `serve` stops; none is made on first use (its
    folder is among the data folders), so then there is nothing to say."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return FAIL, "query log", f"{path}: cannot read ({exc.strerror or exc})"
    if head and head != SQLITE_HEADER:  # SQLite takes an empty file for an empty database
        return FAIL, "query log", f"{path}: not a SQLite file; move it aside (serve then starts a new one)"
    return OK, "query log", str(path)


def _writable(config: Config) -> Result:
    """The folders serve writes: the knowledge base's (and /reload's new copy), the query log's, the
    dictionary cache, and the hash key's until the key is made."""
    folders = [config.knowledge.database.parent, config.telegram.query_log.parent, config.knowledge.cache_dir]
    if not config.telegram.hash_key_file.exists():
        folders.append(config.telegram.hash_key_file.parent)
    folders = list(dict.fromkeys(folders))
    problems = [problem for problem in map(_cannot_write, folders) if problem]
    if problems:
        return FAIL, "data folders", "; ".join(problems)
    return OK, "data folders", ", ".join(map(str, folders)) + " writable"


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


def _reports(folder: Path) -> Result:
    try:
        count = sum(1 for entry in os.scandir(folder) if not entry.name.startswith("."))
    except OSError as exc:
        return FAIL, "reports", f"{folder}: cannot read ({exc.strerror or exc})"
    return OK, "reports", f"{folder} ({count} entries)"
