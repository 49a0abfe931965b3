"""The token: read from the environment or a private file, and never written to a log."""

import concurrent.futures
import io
import logging
import os
from pathlib import Path

import pytest
from fakebotapi import BOT_TOKEN

from bot.config import ConfigError, TelegramConfig
from bot.credentials import guard_logs, read_hash_key, read_token, read_webhook_secret


def test_the_environment_wins_over_the_token_file(tmp_path):
    path = tmp_path / "token"
    path.write_text("111111:from-file-aaaaaaaaaaaaaaaaaaaa\n")
    path.chmod(0o600)
    config = TelegramConfig(token_file=path)
    assert read_token(config, {"TELEGRAM_BOT_TOKEN": BOT_TOKEN}) == BOT_TOKEN
    assert read_token(config, {}) == "111111:from-file-aaaaaaaaaaaaaaaaaaaa"


def test_a_token_file_others_can_read_is_refused(tmp_path):
    path = tmp_path / "token"
    path.write_text(BOT_TOKEN)
    path.chmod(0o644)
    with pytest.raises(ConfigError, match=f"^{path}: the token file is readable by others; run `chmod 600 {path}`$"):
        read_token(TelegramConfig(token_file=path), {})


@pytest.mark.parametrize(
    ("environ", "token_file", "message"),
    [
        ({}, None, "no bot token: set TELEGRAM_BOT_TOKEN or [telegram] token_file in the config"),
        ({"TELEGRAM_BOT_TOKEN": "  "}, None, "no bot token"),
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, None, "the bot token does not look like one from @BotFather"),
        ({}, Path("/nonexistent/token"), "/nonexistent/token: cannot read the token file"),
    ],
)
def test_missing_or_malformed_tokens_are_named(environ, token_file, message):
    with pytest.raises(ConfigError) as raised:
        read_token(TelegramConfig(token_file=token_file), environ)
    assert str(raised.value).startswith(message)


def test_the_token_is_redacted_from_messages_arguments_and_tracebacks():
    root = logging.getLogger("test-redaction")
    root.propagate = False
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    root.addHandler(handler)
    guard_logs(BOT_TOKEN, root)
    log = root.getChild("child")
    log.warning("POST https://api.telegram.org/bot%s/getMe", BOT_TOKEN)
    log.warning("another bot's token 987654321:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ in a URL")
    try:
        raise RuntimeError(f"cannot reach https://api.telegram.org/bot{BOT_TOKEN}/getUpdates")
    except RuntimeError:
        log.exception("polling failed")
    root.removeHandler(handler)
    written = out.getvalue()
    assert BOT_TOKEN not in written
    assert "987654321:ZZZZ" not in written
    assert written.count("[token]") == 3
    assert "RuntimeError: cannot reach https://api.telegram.org/bot[token]/getUpdates" in written
    assert logging.getLogger("httpx").level == logging.WARNING


def test_token_file_mode_600_is_accepted(tmp_path):
    path = tmp_path / "token"
    path.write_text(BOT_TOKEN)
    os.chmod(path, 0o600)
    assert read_token(TelegramConfig(token_file=path), {}) == BOT_TOKEN


def test_the_hash_key_file_is_made_once_private_and_reused(tmp_path):
    path = tmp_path / "secrets" / "query_log.key"
    key = read_hash_key(path)
    assert len(key) == 32
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert path.read_text() == key.hex() + "\n"
    assert read_hash_key(path) == key  # the same deployment, the same hashes


def test_a_hash_key_file_others_can_read_or_not_a_key_is_refused(tmp_path):
    path = tmp_path / "query_log.key"
    path.write_text("00" * 32)
    path.chmod(0o640)
    with pytest.raises(
        ConfigError, match=f"^{path}: the query-log key file is readable by others; run `chmod 600 {path}`$"
    ):
        read_hash_key(path)
    path.chmod(0o600)
    path.write_text("not hex at all")
    with pytest.raises(ConfigError, match=r"not a query-log key \(hex digits\); delete it to make a new one$"):
        read_hash_key(path)


def test_processes_starting_together_get_one_key(tmp_path):
    path = tmp_path / "query_log.key"
    with concurrent.futures.ProcessPoolExecutor(4) as pool:
        keys = list(pool.map(read_hash_key, [path] * 16))
    assert len(set(keys)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["query_log.key"]  # no temporary file left


WEBHOOK = TelegramConfig(webhook_url="https://bot.example.org/reportbot/telegram", secret_token="from_config")


def test_the_webhook_secret_comes_from_the_environment_first_then_the_config():
    assert read_webhook_secret(WEBHOOK, {"TELEGRAM_WEBHOOK_SECRET": "from-env"}) == "from-env"
    assert read_webhook_secret(WEBHOOK, {}) == "from_config"
    assert read_webhook_secret(TelegramConfig(secret_token="unused"), {"TELEGRAM_WEBHOOK_SECRET": "x"}) is None


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "webhook_url is set but there is no secret token: set TELEGRAM_WEBHOOK_SECRET or [telegram] secret_token"),
        ({"TELEGRAM_WEBHOOK_SECRET": "  "}, "webhook_url is set but there is no secret token"),
        (
            {"TELEGRAM_WEBHOOK_SECRET": "not/allowed"},
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ and -",
        ),
    ],
)
def test_webhook_mode_needs_a_well_formed_secret(environ, message):
    with pytest.raises(ConfigError) as raised:
        read_webhook_secret(TelegramConfig(webhook_url="https://bot.example.org/hook"), environ)
    assert str(raised.value).startswith(message)
    assert "not/allowed" not in str(raised.value)


def test_the_webhook_secret_is_redacted_too():
    root = logging.getLogger("test-secret-redaction")
    root.propagate = False
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    root.addHandler(handler)
    guard_logs(BOT_TOKEN, root, secret="Web_hook-secret-42")
    root.setLevel(logging.DEBUG)  # PTB logs each call's parameters at DEBUG
    root.getChild("child").debug(
        "Calling Bot API endpoint `setWebhook` with parameters `%s`", {"secret_token": "Web_hook-secret-42"}
    )
    root.removeHandler(handler)
    assert out.getvalue() == "Calling Bot API endpoint `setWebhook` with parameters `{'secret_token': '[secret]'}`\n"
