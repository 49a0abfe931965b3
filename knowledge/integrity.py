"""Is a knowledge-base file ours, current and intact? The store's errors, a cheap test of the schema and
the meta values (every opening runs it), and a thorough one of every page and stored text (an
incremental ingest runs it before it builds on the file).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

TABLES = {"reports", "passages", "passages_fts", "terms", "meta"}
# Meta keys every knowledge base of this schema has (agency_words_digest came later: it may be missing).
REQUIRED_META = ("passages", "average_tokens", "agency_words")
# The columns stored as JSON: a value that does not parse would end a question that reads it.
JSON_COLUMNS = {"passages": ("headings",), "reports": ("warnings",), "agencies": ("places", "cores", "units")}
_COUNT = re.compile(r"[0-9]+")


class StoreError(Exception):
    """The knowledge-base file is missing, unreadable or not one of ours."""


class StaleStore(StoreError):
    """The knowledge-base file was built by an older reportbot and must be built again."""


class DamagedStore(StoreError):
    """The knowledge-base file is ours, but a page or a value of it does not read: it must be built again."""

    why = ""  # what is damaged; an attribute, not an argument, so the error pickles between processes as is


def damaged(why: str) -> DamagedStore:
    """The error for a knowledge base damaged as ``why`` says."""
    error = DamagedStore(f"the knowledge base is damaged ({why}); rebuild it with `reportbot ingest --full`")
    error.why = why
    return error


def check_schema(conn: sqlite3.Connection, version: int) -> None:
    """Raise StoreError unless ``conn`` holds our tables at schema ``version`` (StaleStore: another one)
    with meta values that read as what they hold (DamagedStore)."""
    try:
        names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorname == "SQLITE_CORRUPT":  # "database disk image is malformed": cut short, overwritten
            raise damaged(str(exc)) from exc
        raise StoreError(f"not a knowledge base: {exc}") from exc  # "file is not a database"
    if not TABLES <= names:
        raise StoreError("not a knowledge base (tables missing); run `reportbot ingest` first")
    try:
        meta = read_meta(conn)
        stored = meta.get("schema_version")
        if stored is None or isinstance(stored, str) and stored != str(version):
            raise StaleStore(
                f"knowledge base has schema {stored}, this reportbot needs {version}; run `reportbot ingest` again"
            )
        problem = meta_problem(conn, meta)
    except sqlite3.DatabaseError as exc:  # a damaged page of the meta table; a lock is no damage
        if not is_damage(exc):
            raise
        raise damaged(str(exc)) from exc
    if problem:
        raise damaged(problem)


def read_meta(conn: sqlite3.Connection) -> dict[str, str | bytes]:
    """The meta table, each value as text, or as its bytes when it is not UTF-8 text."""
    meta: dict[str, str | bytes] = {}
    for key, kind, value in conn.execute("SELECT CAST(key AS BLOB), typeof(value), CAST(value AS BLOB) FROM meta"):
        name, raw = bytes(key or b"").decode("utf-8", "replace"), bytes(value or b"")
        try:  # sqlite3 would raise on reading such a value as text; read as bytes, it can be named
            meta[name] = raw.decode("utf-8") if kind == "text" else raw
        except UnicodeDecodeError:
            meta[name] = raw
    return meta


def meta_problem(conn: sqlite3.Connection, meta: dict[str, str | bytes]) -> str | None:
    """What is wrong with the meta values the code reads as numbers and word lists, or None."""
    texts: dict[str, str] = {}
    for key, value in meta.items():
        if isinstance(value, bytes):
            return f"meta {key} is not UTF-8 text"
        texts[key] = value
    for key in REQUIRED_META:
        if key not in texts:
            return f"meta {key} is missing"
    passages, average = texts["passages"], texts["average_tokens"]
    if not _COUNT.fullmatch(passages):
        return f"meta passages is {passages[:20]!r}, not a count"
    try:
        tokens = float(average)
    except ValueError:
        tokens = math.nan
    if not math.isfinite(tokens) or tokens < 0:
        return f"meta average_tokens is {average[:20]!r}, not a number"
    # By SQLite's JSON functions: the list itself is read only when a dictionary must be built from it.
    (words,) = conn.execute(
        "SELECT CASE WHEN json_valid(value) AND json_type(value) = 'array' THEN"
        " NOT EXISTS (SELECT 1 FROM json_each(meta.value) WHERE type <> 'text') END FROM meta WHERE key = ?",
        ["agency_words"],
    ).fetchone()
    if not words:
        return "meta agency_words is not a list of words"
    if texts.get("agency_words_digest") == "":
        return "meta agency_words_digest is empty"
    return None


def content_problem(conn: sqlite3.Connection) -> str | None:
    """What is damaged in the file: a page, a text that is not UTF-8, a JSON column that does not parse;
    or None. Reads every page once, as copying the file does."""
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if verdict != ["ok"]:
            return verdict[0]
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]
        for table in tables:
            try:  # sqlite3 decodes every text value it returns: one that is not UTF-8 raises here
                for _ in conn.execute(f'SELECT * FROM "{table}"'):
                    pass
            except sqlite3.OperationalError as exc:
                if not is_damage(exc):
                    raise
                return f"{table}: {exc}"
        for table, columns in JSON_COLUMNS.items():
            for column in columns if table in tables else ():
                sql = f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL AND NOT json_valid("{column}")'
                (bad,) = conn.execute(sql).fetchone()
                if bad:
                    return f"{table}.{column}: {bad} values are not JSON"
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise  # locked, a disk I/O error: not a reason to build the knowledge base again
        return str(exc)
    return None


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether ``exc`` says the file is damaged (a malformed page, not a database, a text that is not
    UTF-8), not that it is busy, locked or on a failing disk (sqlite3.OperationalError and kin)."""
    return type(exc) is sqlite3.DatabaseError or str(exc).startswith(_UNDECODABLE)


@contextmanager
def as_store_error() -> Iterator[None]:
    """Raise DamagedStore for what a damaged file raises as it is read: a malformed page, a text that is
    not UTF-8 (sqlite3 cannot decode it), a JSON column that does not parse. A locked or closed database
    or a full disk is not damage: those errors pass as they are."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        raise damaged(str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise damaged(f"a stored list does not parse: {exc}") from exc


_UNDECODABLE = "Could not decode to UTF-8"  # sqlite3's message for a text value that is not UTF-8
