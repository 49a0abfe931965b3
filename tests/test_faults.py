"""Every fault the CLI meets gives one clear line: a damaged knowledge base, a config that is not UTF-8,
a query log that does not open, a Bot API out of reach, a cache that cannot be written."""

import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from paths import SEED_REPORTS, seed_copy

from bot.cli import main
from knowledge import KnowledgeBase

QUESTION = "温州市教育局2018年收到多少件依申请公开？"
WENZHOU_ANSWER = "答：11件"  # the fact first; its sentence follows on the next line
UNDECODABLE = "Could not decode to UTF-8 column 'text' with text '\ufffd'"
TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _damage(db: Path, damage: str | int) -> Path:
    """Run ``damage`` (SQL) on ``db``, or cut the file to that many bytes."""
    if isinstance(damage, int):
        with db.open("r+b") as f:
            f.truncate(damage)
        return db
    with sqlite3.connect(db) as conn:
        conn.execute(damage)
    conn.close()
    return db


def _seed_copy(seed_db, tmp_path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copyfile(seed_db, copy)
    return copy


def _serving_config(tmp_path, seed_db, seed_cache, **telegram: str) -> Path:
    """A config for `serve`: a copy of the seed knowledge base and its cache, everything else under tmp_path."""
    seed_copy(seed_db, seed_cache, tmp_path / "kb.db", tmp_path / "cache")
    config = tmp_path / "serve.toml"
    lines = [f'{key} = "{value}"' for key, value in {"query_log": tmp_path / "queries.db", **telegram}.items()]
    config.write_text(
        f'[knowledge]\ndatabase = "{tmp_path / "kb.db"}"\nreports_dir = "{SEED_REPORTS}"\n'
        f'cache_dir = "{tmp_path / "cache"}"\n[telegram]\n' + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("UPDATE meta SET value = 'garbage' WHERE key = 'average_tokens'", "meta average_tokens is 'garbage', not a number"),
        ("UPDATE meta SET value = CAST(x'ff' AS TEXT) WHERE key = 'agency_words'", "meta agency_words is not UTF-8 text"),
        ("UPDATE passages SET text = CAST(x'ff' AS TEXT)", UNDECODABLE),
        ("UPDATE passages SET headings = '[\"一、' WHERE report = 1", "a stored list does not parse: Unterminated string starting at: line 1 column 2 (char 1)"),
        (200_000, "database disk image is malformed"),  # cut short
    ],
)  # fmt: skip
def test_ask_on_a_damaged_knowledge_base_is_one_error_line(ingested, seed_db, tmp_path, capsys, damage, why):
    damaged = _damage(_seed_copy(seed_db, tmp_path), damage)
    assert main(["--config", str(ingested), "ask", QUESTION, "--db", str(damaged), "--json"]) == 1
    assert capsys.readouterr() == (
        "",
        f"Error: the knowledge base is damaged ({why}); rebuild it with `reportbot ingest --full`\n",
    )


def test_ask_dash_on_a_knowledge_base_that_does_not_open_gives_each_line_the_error(
    ingested, seed_db, tmp_path, monkeypatch, capsys
):
    damaged = _damage(_seed_copy(seed_db, tmp_path), "UPDATE meta SET value = 'garbage' WHERE key = 'passages'")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{QUESTION}\n\n张店区教育局联系电话\n"))
    assert main(["--config", str(ingested), "ask", "-", "--json", "--db", str(damaged)]) == 1
    error = (
        "the knowledge base is damaged (meta passages is 'garbage', not a count); "
        "rebuild it with `reportbot ingest --full`"
    )
    captured = capsys.readouterr()
    assert [json.loads(line) for line in captured.out.splitlines()] == [
        {"question": QUESTION, "error": error},
        {"question": "", "error": error},
        {"question": "张店区教育局联系电话", "error": error},
    ]
    assert captured.err == f"Error: {error}\n"


def test_ask_dash_on_text_that_does_not_decode_fails_those_lines_in_place(
    ingested, seed_db, tmp_path, monkeypatch, capsys
):
    damaged = _damage(_seed_copy(seed_db, tmp_path), "UPDATE passages SET text = CAST(x'ff' AS TEXT) WHERE report = 1")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{QUESTION}\n\n张店区教育局联系电话\n"))
    assert main(["--config", str(ingested), "ask", "-", "--json", "--db", str(damaged)]) == 1
    first, blank, last = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert first == {
        "question": QUESTION,
        "error": f"the knowledge base is damaged ({UNDECODABLE}); rebuild it with `reportbot ingest --full`",
    }
    assert (blank["question"], blank["reason_code"]) == ("", "empty")
    assert (last["question"], last["answered"], last["source"]) == (
        "张店区教育局联系电话",
        True,
        "004_fc3ba926d9542043.txt",
    )


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("UPDATE passages SET text = CAST(x'ff' AS TEXT) WHERE id = 3", f"passages: {UNDECODABLE}"),
        ("UPDATE meta SET value = '[1]' WHERE key = 'agency_words'", "meta agency_words is not a list of words"),
    ],
)
@pytest.mark.slow  # the rebuild is an ingest (a pool of readers)
def test_an_incremental_ingest_builds_a_damaged_knowledge_base_again(ingested, tmp_path, capsys, damage, why):
    db = _damage(tmp_path / "kb.db", damage)
    assert main(["--config", str(ingested), "ingest"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"warning {db} is damaged ({why}): building it again from every report\n"
    total = captured.out.splitlines()[-1]
    assert (total[: len(f"5 reports, 77 passages -> {db} in ")], total.split("s (")[-1]) == (
        f"5 reports, 77 passages -> {db} in ",
        "added 5, changed 0, removed 0, unchanged 0)",
    )
    KnowledgeBase.check_file(db, thorough=True)  # intact again


@pytest.mark.parametrize("command", [["ask", "温州市教育局电话"], ["serve"]])
def test_a_config_not_saved_as_utf8_is_a_one_line_error(tmp_path, monkeypatch, capsys, command):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    config = tmp_path / "config.toml"
    config.write_text('[knowledge]\ndatabase = "kb.db"\n', encoding="utf-16")  # Notepad's "Unicode"
    assert main(["--config", str(config), *command]) == 1
    assert capsys.readouterr() == ("", f"Error: {config}: not UTF-8 text (save it as UTF-8)\n")


def test_serve_with_a_zeroed_query_log_is_a_one_line_error(tmp_path, seed_db, seed_cache, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    config = _serving_config(tmp_path, seed_db, seed_cache, base_url="http://127.0.0.1:9/bot")  # never reached
    (tmp_path / "queries.db").write_bytes(bytes(4096))  # what a crash of some file systems leaves
    assert main(["--config", str(config), "serve"]) == 1
    assert capsys.readouterr().err == (
        f"Error: query log {tmp_path / 'queries.db'} does not open (file is not a database); "
        "if it is damaged, move it aside and serve starts a new one\n"
    )


@pytest.mark.slow
def test_serve_when_the_bot_api_cannot_be_reached_is_one_error_line_without_tracebacks(tmp_path, seed_db, seed_cache):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    config = _serving_config(tmp_path, seed_db, seed_cache, base_url=f"http://127.0.0.1:{port}/bot")
    run = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), "serve"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN},
    )  # fmt: skip
    lines = run.stderr.splitlines()
    assert (run.returncode, [line for line in lines if "Traceback" in line], lines[-1]) == (
        1,
        [],
        f"Error: cannot reach the Bot API at http://127.0.0.1:{port}/bot: httpx.ConnectError: All connection attempts failed",
    )


# Any file written past 64 KB fails (EFBIG, as ENOSPC would on a full disk); SIGXFSZ would kill instead.
SMALL_FILES_ONLY = (
    "import resource, runpy, signal, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)); "
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); runpy.run_module('bot', run_name='__main__')"
)


@pytest.mark.slow
def test_a_cache_that_cannot_be_written_is_one_warning_and_leaves_no_files(config, seed_db, tmp_path):
    db = _seed_copy(seed_db, tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", SMALL_FILES_ONLY, "--config", str(config), "ask", QUESTION, "--db", str(db)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    warning = f"WARNING knowledge.segment: cannot write the dictionary cache in {tmp_path / 'cache'} (File too large); going on without it"
    assert (run.returncode, run.stdout.splitlines()[0]) == (0, WENZHOU_ANSWER)
    assert [line[-len(warning) :] for line in run.stderr.splitlines()] == [warning]  # after the log's timestamp
    assert os.listdir(tmp_path / "cache") == []


@pytest.mark.slow  # the rebuild is an ingest (a pool of readers)
def test_ask_builds_its_own_damaged_knowledge_base_again(ingested, tmp_path, capsys):
    _damage(tmp_path / "kb.db", "UPDATE meta SET value = 'garbage' WHERE key = 'passages'")
    assert main(["--config", str(ingested), "ask", QUESTION]) == 0  # the configured one, not a --db
    captured = capsys.readouterr()
    assert (captured.err.splitlines()[0], captured.out.splitlines()[0]) == (
        f"Rebuilding {tmp_path / 'kb.db'} from {SEED_REPORTS} (meta passages is 'garbage', not a count)…",
        WENZHOU_ANSWER,
    )
