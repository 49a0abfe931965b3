"""`reportbot check`: one line per check, exit 0 only when all pass; never a secret's value."""

import sqlite3

import pytest
from fakebotapi import BOT_TOKEN
from paths import SEED_REPORTS, seed_copy

from bot.cli import main

SECRET = "Hook_secret-0123456789"


@pytest.fixture
def deployed(tmp_path, seed_db, seed_cache):
    """A config whose knowledge base, query log, cache (warm, as `serve` leaves it) and key live under tmp_path/data."""
    data = tmp_path / "data"
    seed_copy(seed_db, seed_cache, data / "kb.db", data / "cache")
    config = tmp_path / "config.toml"
    config.write_text(
        f'[knowledge]\ndatabase = "{data / "kb.db"}"\nreports_dir = "{SEED_REPORTS}"\ncache_dir = "{data / "cache"}"\n'
        f'[telegram]\nquery_log = "{data / "queries.db"}"\nhash_key_file = "{data / "secrets" / "query_log.key"}"\n',
        encoding="utf-8",
    )
    return config


def _with(config, text: str):
    """``config`` with ``text`` appended to its [telegram] table (the last one)."""
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")
    return config


def test_all_checks_pass_on_a_deployed_bot(deployed, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    assert main(["check", "--config", str(deployed)]) == 0  # --config after the command …
    data = tmp_path / "data"
    assert capsys.readouterr().out.splitlines() == [
        f"ok   config: {deployed}",
        "ok   token: set (from TELEGRAM_BOT_TOKEN)",
        f"ok   knowledge base: {data / 'kb.db'}",
        f"ok   data folders: {data}, {data / 'cache'}, {data / 'secrets'} writable",
        f"ok   reports: {SEED_REPORTS} (5 entries)",
        "ok   webhook: off (long polling)",
    ]
    assert main(["--config", str(deployed), "check"]) == 0  # … or before it
    assert BOT_TOKEN not in capsys.readouterr().out


def test_a_fresh_host_fails_on_the_token_and_the_missing_knowledge_base(deployed, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    (tmp_path / "data" / "kb.db").unlink()
    assert main(["check", "--config", str(deployed)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1:3] == [
        "FAIL token: missing; set TELEGRAM_BOT_TOKEN or [telegram] token_file",
        f"FAIL knowledge base: {tmp_path / 'data' / 'kb.db'} does not exist; run `reportbot ingest` first",
    ]
    assert [line[:4] for line in out] == ["ok  ", "FAIL", "FAIL", "ok  ", "ok  ", "ok  "]


def test_a_token_file_others_can_read_fails_without_showing_the_token(deployed, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    token = tmp_path / "token"
    token.write_text(BOT_TOKEN)
    token.chmod(0o644)
    assert main(["check", "--config", str(_with(deployed, f'token_file = "{token}"\n'))]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[1] == f"FAIL token: {token}: the token file is readable by others; run `chmod 600 {token}`"
    token.chmod(0o600)
    assert main(["check", "--config", str(deployed)]) == 0
    out += capsys.readouterr().out
    assert out.splitlines()[-5] == f"ok   token: set (from {token})"
    assert BOT_TOKEN not in out


def test_a_knowledge_base_from_an_older_reportbot_fails(deployed, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    with sqlite3.connect(tmp_path / "data" / "kb.db") as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.close()
    assert main(["check", "--config", str(deployed)]) == 1
    assert capsys.readouterr().out.splitlines()[2] == (
        f"FAIL knowledge base: {tmp_path / 'data' / 'kb.db'}: has schema 1, this reportbot needs 5; "
        "run `reportbot ingest` again"
    )


def test_folders_that_cannot_be_written_or_read_fail(tmp_path, seed_db, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    (tmp_path / "a-file").write_text("not a folder")  # a file where a folder should be: root cannot write there either
    config = tmp_path / "config.toml"
    config.write_text(
        f'[knowledge]\ndatabase = "{seed_db}"\nreports_dir = "{tmp_path / "no-reports"}"\n'
        f'cache_dir = "{tmp_path / "a-file" / "cache"}"\n'
        f'[telegram]\nquery_log = "{tmp_path / "queries.db"}"\nhash_key_file = "{tmp_path / "query_log.key"}"\n',
        encoding="utf-8",
    )
    assert main(["check", "--config", str(config)]) == 1
    assert capsys.readouterr().out.splitlines()[3:5] == [
        f"FAIL data folders: {tmp_path / 'a-file'} is not a folder",
        f"FAIL reports: {tmp_path / 'no-reports'}: cannot read (No such file or directory)",
    ]


def test_webhook_settings_are_checked_when_a_webhook_is_set(deployed, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    _with(deployed, 'webhook_url = "https://bot.example.org/reportbot/telegram"\nport = 8081\n')
    assert main(["check", "--config", str(deployed)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "FAIL webhook: webhook_url is set but there is no secret token: "
        "set TELEGRAM_WEBHOOK_SECRET or [telegram] secret_token"
    )
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    assert main(["check", "--config", str(deployed)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        "ok   webhook: https://bot.example.org/reportbot/telegram -> 127.0.0.1:8081, "
        "secret from TELEGRAM_WEBHOOK_SECRET"
    )
    assert SECRET not in out


def test_a_bad_config_is_a_fail_line_not_an_error(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text("[telegram]\nport = 0\n", encoding="utf-8")
    assert main(["check", "--config", str(config)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"FAIL config: {config}: [telegram].port must be a port number, 1-65535\n"
    assert captured.err == ""


UNDECODABLE = "Could not decode to UTF-8 column 'text' with text '\ufffd'"


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("UPDATE passages SET text = CAST(x'ff' AS TEXT)", UNDECODABLE),  # found only by answering a question
        ("UPDATE meta SET value = 'garbage' WHERE key = 'passages'", "meta passages is 'garbage', not a count"),
    ],
)
def test_a_damaged_knowledge_base_fails_though_its_schema_is_current(
    deployed, tmp_path, monkeypatch, capsys, damage, why
):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    with sqlite3.connect(tmp_path / "data" / "kb.db") as conn:
        conn.execute(damage)
    conn.close()
    assert main(["check", "--config", str(deployed)]) == 1
    assert capsys.readouterr().out.splitlines()[2] == (
        f"FAIL knowledge base: {tmp_path / 'data' / 'kb.db'}: is damaged ({why}); rebuild it with `reportbot ingest --full`"
    )


def test_admin_ids_left_empty_is_a_warning_not_a_failure(deployed, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    assert main(["check", "--config", str(_with(deployed, "admin_ids = []\n"))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:3] == [
        "ok   token: set (from TELEGRAM_BOT_TOKEN)",
        "warn admins: [telegram] admin_ids is empty: nobody can /reload, /stats or /status; add your Telegram user id",
    ]
    assert len(lines) == 7


def test_a_config_not_saved_as_utf8_is_a_fail_line(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text("[telegram]\nport = 8081\n", encoding="utf-16")
    assert main(["check", "--config", str(config)]) == 1
    assert capsys.readouterr() == (f"FAIL config: {config}: not UTF-8 text (save it as UTF-8)\n", "")


def test_a_query_log_that_is_not_a_database_fails(deployed, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    log = tmp_path / "data" / "queries.db"
    log.write_bytes(bytes(4096))  # zeroed
    assert main(["check", "--config", str(deployed)]) == 1
    assert capsys.readouterr().out.splitlines()[4] == (
        f"FAIL query log: {log}: not a SQLite file; move it aside (serve then starts a new one)"
    )
    log.write_bytes(b"")  # SQLite takes an empty file for an empty database
    assert main(["check", "--config", str(deployed)]) == 0
    assert capsys.readouterr().out.splitlines()[4] == f"ok   query log: {log}"
