"""`reportbot serve` in webhook mode: setWebhook on the loopback fake, updates POSTed to 127.0.0.1."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
from fakebotapi import ADMIN_ID, BOT_TOKEN, load_update
from paths import SEED_REPORTS

from bot.webhook import webhook_path

pytestmark = pytest.mark.e2e
SECRET = "s3cret-For_tests-only-0123456789"
PUBLIC_URL = "https://bot.example.org/reportbot/telegram"  # never contacted: the fake only records it
ALICE = 1001


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(port: int, update: dict, secret: str | None, *, deadline: float) -> int:
    """POST ``update`` as Telegram would; retries until the bot's server listens. Returns the status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("POST", "/reportbot/telegram", json.dumps(update), headers)
            return connection.getresponse().status
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
        finally:
            connection.close()


@pytest.fixture
def webhook_serve(tmp_path, seed_db, telegram):
    """Starts `python -m bot serve` with webhook_url set on a port (default: a free one), the secret from
    the environment; killed if left running."""
    started = []

    def start(port: int | None = None) -> tuple[subprocess.Popen, int]:
        port = port or _free_port()
        started.append(_start(tmp_path, seed_db, telegram.serve(), port))
        return started[-1], port

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def _start(tmp_path, seed_db, base_url: str, port: int) -> subprocess.Popen:
    database = tmp_path / "kb.db"
    shutil.copyfile(seed_db, database)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[knowledge]\ndatabase = "{database}"\nreports_dir = "{SEED_REPORTS}"\ncache_dir = "{tmp_path / "cache"}"\n'
        f'[telegram]\nbase_url = "{base_url}"\nadmin_ids = [{ADMIN_ID}]\nquery_log = "{tmp_path / "queries.db"}"\n'
        f'webhook_url = "{PUBLIC_URL}"\nlisten = "127.0.0.1"\nport = {port}\n',
        encoding="utf-8",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--config", str(config), "--verbose"],
        cwd=tmp_path,
        env={**os.environ, "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def test_webhook_mode_answers_posts_with_the_secret_and_refuses_the_rest(webhook_serve, telegram):
    process, port = webhook_serve()
    [registered] = telegram.wait_for("setWebhook", 1, timeout=60)
    assert registered["url"] == PUBLIC_URL
    assert registered["secret_token"] == SECRET
    assert "message" in registered["allowed_updates"] and "inline_query" in registered["allowed_updates"]
    assert telegram.calls_to("getUpdates") == []  # no polling next to the webhook

    deadline = time.monotonic() + 30
    assert _post(port, load_update("private_text") | {"update_id": 1}, None, deadline=deadline) == 403
    assert _post(port, load_update("private_text") | {"update_id": 2}, "wrong-secret", deadline=deadline) == 403
    assert _post(port, load_update("private_text") | {"update_id": 3}, SECRET, deadline=deadline) == 200
    [sent] = telegram.wait_for("sendMessage", 1, timeout=30)
    assert sent["chat_id"] == ALICE
    assert sent["text"].startswith("<b>答：</b>2018年度，我局<b>收到</b>政府信息")
    time.sleep(0.5)
    assert len(telegram.calls_to("sendMessage")) == 1  # the refused posts were never answered

    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"webhook {PUBLIC_URL} -> 127.0.0.1:{port}" in err
    assert SECRET not in out + err
    assert BOT_TOKEN not in out + err


def test_a_taken_port_is_a_one_line_error(webhook_serve, telegram):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process, port = webhook_serve(taken.getsockname()[1])
        out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.splitlines()[-1] == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"
    assert "Traceback" not in err and "Task was destroyed" not in err


def test_the_webhook_listens_on_the_public_urls_own_path():
    assert webhook_path("https://bot.example.org/reportbot/telegram") == "/reportbot/telegram"
    assert webhook_path("https://bot.example.org:8443/hook?x=1") == "/hook"
    assert webhook_path("https://bot.example.org") == "/"
