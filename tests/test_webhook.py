"""`reportbot serve` in webhook mode: setWebhook on the loopback fake, updates POSTed to 127.0.0.1; the
webhook server in process (bot/chat/webhook_server.py), spoken to over raw loopback sockets."""

import asyncio
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
from fakebotapi import ADMIN_ID, BOT_TOKEN, FakeBotApi, load_update
from paths import SEED_REPORTS
from telegram import Bot, Update
from telegram.error import BadRequest
from telegram.ext import ApplicationBuilder, TypeHandler
from tornado.netutil import bind_sockets

from bot.chat.webhook import serve_webhook, webhook_path
from bot.chat.webhook_server import make_server
from bot.config import TelegramConfig

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


def _headers_only(port: int, length: int, secret: str) -> bytes:
    """The status line answered to a POST that announces ``length`` bytes and sends none of them."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            f"POST /reportbot/telegram HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {length}\r\n\r\n".encode()
        )
        return s.makefile("rb").readline().rstrip()


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


@pytest.mark.slow
@pytest.mark.e2e
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
    assert sent["text"].startswith("答：<b>11件</b>\n2018年度，我局收到政府信息")
    assert _post(port, load_update("private_text") | {"update_id": 3}, SECRET, deadline=deadline) == 200  # again
    assert _headers_only(port, 2_000_000, SECRET) == b"HTTP/1.1 413 Request Entity Too Large"
    time.sleep(0.5)
    assert len(telegram.calls_to("sendMessage")) == 1  # neither the refused posts nor the repeat were answered

    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"webhook {PUBLIC_URL} -> 127.0.0.1:{port}" in err
    assert SECRET not in out + err
    assert BOT_TOKEN not in out + err


@pytest.mark.slow
@pytest.mark.e2e
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


# -- the webhook server in process ------------------------------------------------------------------
PATH = "/reportbot/telegram"


@pytest.fixture
async def hook():
    """make_server on 127.0.0.1 (a free port) with a 1000-byte body limit: (port, the update queue)."""
    queue: asyncio.Queue = asyncio.Queue()
    server = make_server(PATH, Bot(BOT_TOKEN), queue, SECRET, max_body=1000)
    sockets = bind_sockets(0, "127.0.0.1")
    server.add_sockets(sockets)
    yield sockets[0].getsockname()[1], queue
    server.stop()
    await server.close_all_connections()


def _request(body: bytes, secret: str | None = SECRET, *, path: str = PATH, length: int | None = None) -> bytes:
    """A POST as Telegram sends it; ``length`` announces another Content-Length than the body's."""
    head = f"POST {path} HTTP/1.1\r\nHost: bot.example.org\r\nContent-Type: application/json\r\n"
    if secret is not None:
        head += f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
    head += f"Content-Length: {len(body) if length is None else length}\r\n\r\n"
    return head.encode() + body


async def _exchange(port: int, request: bytes) -> tuple[bytes, bool]:
    """(the status line, whether the server then closed the connection) for ``request`` sent whole;
    within 5 s, so a server waiting for a body that never comes fails the test."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        status = (await asyncio.wait_for(reader.readline(), 5)).rstrip()
        headers = []
        while (line := await asyncio.wait_for(reader.readline(), 5)) not in (b"\r\n", b""):
            headers.append(line.lower().rstrip())
        # Bodies are empty. A closing server says so (or sends no length): wait for its EOF as long as
        # it takes; one keeping the connection open is given a moment to close it anyway.
        ending = b"connection: close" in headers or not any(h.startswith(b"content-length:") for h in headers)
        try:
            closed = await asyncio.wait_for(reader.read(), 5 if ending else 0.2) == b""
        except TimeoutError:
            closed = False  # kept alive
        return status, closed
    finally:
        writer.close()


def _update(update_id: int, text: str = "温州市教育局2018年收到多少件依申请公开？") -> bytes:
    return json.dumps(load_update("private_text", text=text) | {"update_id": update_id}).encode()


async def test_a_good_update_is_queued_once_as_an_update(hook):
    port, queue = hook
    assert await _exchange(port, _request(_update(3))) == (b"HTTP/1.1 200 OK", False)
    [update] = [queue.get_nowait() for _ in range(queue.qsize())]
    assert isinstance(update, Update)
    assert (update.update_id, update.message.chat.id) == (3, ALICE)
    assert update.message.text == "温州市教育局2018年收到多少件依申请公开？"


async def test_a_missing_or_wrong_secret_is_refused_and_nothing_queued(hook):
    port, queue = hook
    assert await _exchange(port, _request(_update(1), None)) == (b"HTTP/1.1 403 Forbidden", True)
    assert await _exchange(port, _request(_update(2), "wrong-secret")) == (b"HTTP/1.1 403 Forbidden", True)
    assert await _exchange(port, _request(_update(3), SECRET + "x")) == (b"HTTP/1.1 403 Forbidden", True)
    assert await _exchange(port, _request(_update(4), SECRET[:-1])) == (b"HTTP/1.1 403 Forbidden", True)
    assert await _exchange(port, _request(_update(5), "秘密".encode().decode("latin-1"))) == (
        b"HTTP/1.1 403 Forbidden",
        True,
    )
    assert queue.qsize() == 0


async def test_the_same_update_id_twice_is_queued_once(hook):
    port, queue = hook
    assert await _exchange(port, _request(_update(7))) == (b"HTTP/1.1 200 OK", False)
    assert await _exchange(port, _request(_update(7, text="换了文字也一样"))) == (b"HTTP/1.1 200 OK", False)
    assert await _exchange(port, _request(_update(8))) == (b"HTTP/1.1 200 OK", False)
    assert [queue.get_nowait().update_id for _ in range(queue.qsize())] == [7, 8]


async def test_a_body_announced_over_the_limit_is_refused_from_the_headers(hook):
    port, queue = hook
    # Only the headers are sent: an answer at all shows the server did not wait for (or read) the body.
    assert await _exchange(port, _request(b"", length=2_000_000)) == (b"HTTP/1.1 413 Request Entity Too Large", True)
    assert await _exchange(port, _request(b"", length=1001)) == (b"HTTP/1.1 413 Request Entity Too Large", True)
    # Without the secret, 95 MB announced: refused as a stranger's, again before any body.
    assert await _exchange(port, _request(b"", None, length=95_000_000)) == (b"HTTP/1.1 403 Forbidden", True)
    assert queue.qsize() == 0


async def test_a_chunked_body_over_the_limit_is_cut_off_and_not_queued(hook):
    port, queue = hook
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: bot.example.org\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b" " * 600
    body = b"%x\r\n%s\r\n" % (len(chunk), chunk) * 4 + b"0\r\n\r\n"  # 2400 bytes in all, none announced
    status, closed = await _exchange(port, head + body)
    assert (status, closed) == (b"HTTP/1.1 400 Bad Request", True)  # tornado's max_body_size, per chunk header
    small = _update(9)
    ok = head + b"%x\r\n%s\r\n0\r\n\r\n" % (len(small), small)
    assert await _exchange(port, ok) == (b"HTTP/1.1 200 OK", False)  # a chunked update within the limit
    assert [queue.get_nowait().update_id for _ in range(queue.qsize())] == [9]


async def test_other_paths_methods_and_bodies_are_refused(hook):
    port, queue = hook
    assert await _exchange(port, _request(b"", path="/other", length=2_000_000)) == (b"HTTP/1.1 404 Not Found", True)
    assert await _exchange(port, _request(_update(1), path=PATH + "/")) == (b"HTTP/1.1 200 OK", False)
    get = f"GET {PATH} HTTP/1.1\r\nHost: bot\r\nX-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n\r\n".encode()
    assert (await _exchange(port, get))[0] == b"HTTP/1.1 405 Method Not Allowed"
    assert await _exchange(port, _request(b"{not json")) == (b"HTTP/1.1 400 Bad Request", False)
    assert await _exchange(port, _request(b'{"message": {}}')) == (b"HTTP/1.1 400 Bad Request", False)
    assert await _exchange(port, _request(b'{"update_id": true}')) == (b"HTTP/1.1 400 Bad Request", False)
    assert [queue.get_nowait().update_id for _ in range(queue.qsize())] == [1]


async def test_serve_webhook_registers_then_answers_each_update_once(telegram):
    """The whole lifecycle in process: setWebhook, updates over loopback, a stop that answers what came."""
    application = _bare_application(telegram)
    handled: list[int] = []

    async def record(update: Update, context) -> None:
        handled.append(update.update_id)

    application.add_handler(TypeHandler(Update, record))
    settings = TelegramConfig(webhook_url=PUBLIC_URL, listen="127.0.0.1", port=0)
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    serving = asyncio.create_task(serve_webhook(application, settings, SECRET, stop, ready=ready))
    port = await asyncio.wait_for(ready, 10)
    [registered] = telegram.calls_to("setWebhook")
    assert (registered["url"], registered["secret_token"]) == (PUBLIC_URL, SECRET)
    assert registered["allowed_updates"] == list(Update.ALL_TYPES)

    assert await _exchange(port, _request(_update(3))) == (b"HTTP/1.1 200 OK", False)
    assert await _exchange(port, _request(_update(3))) == (b"HTTP/1.1 200 OK", False)
    assert await _exchange(port, _request(_update(4), "wrong-secret")) == (b"HTTP/1.1 403 Forbidden", True)
    assert await _exchange(port, _request(_update(5))) == (b"HTTP/1.1 200 OK", False)
    stop.set()
    await asyncio.wait_for(serving, 10)
    assert handled == [3, 5]
    assert not application.running
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", port)


def _bare_application(telegram):
    api = FakeBotApi(telegram)
    return ApplicationBuilder().token(BOT_TOKEN).request(api).get_updates_request(api).build()


async def test_a_taken_port_fails_before_telegram_is_told_anything(telegram):
    application = _bare_application(telegram)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        settings = TelegramConfig(webhook_url=PUBLIC_URL, listen="127.0.0.1", port=taken.getsockname()[1])
        with pytest.raises(OSError, match="Address already in use"):
            await serve_webhook(application, settings, SECRET, asyncio.Event())
    assert telegram.calls == []  # not even getMe: no webhook points at a bot that cannot listen


async def test_a_refused_set_webhook_stops_the_application_and_frees_the_port(telegram):
    application = _bare_application(telegram)
    telegram.faults["setWebhook"] = ["400"]
    port = _free_port()
    settings = TelegramConfig(webhook_url=PUBLIC_URL, listen="127.0.0.1", port=port)
    with pytest.raises(BadRequest, match="Error 400"):
        await asyncio.wait_for(serve_webhook(application, settings, SECRET, asyncio.Event()), 10)
    assert not application.running
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))  # released
