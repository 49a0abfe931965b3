"""A fake Bot API: plays api.telegram.org for the methods the bot uses and records every call.

Two transports share one ``FakeTelegram``: ``FakeBotApi`` (an in-process PTB ``BaseRequest``) for
handler tests, and ``serve()`` (a stdlib HTTP server on 127.0.0.1:0) for the real polling application
and the ``reportbot serve`` subprocess. Like Telegram, it rejects HTML it cannot parse and text over
4096 characters, answers unknown methods with 400 (404 would read as a bad token), and can be told to
answer the next calls of a method with 429, with 500, or not at all (a dropped connection).
"""

from __future__ import annotations

import copy
import itertools
import json
import sys
import threading
import time
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

from telegram import Update
from telegram.error import TimedOut
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

BOT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"  # shaped like a real one, so redaction is tested
ADMIN_ID = 7001  # the admin in tests/fixtures/updates/admin_command.json
UPDATES = Path(__file__).parent / "fixtures" / "updates"
BOT_USER = {
    "id": 424242,
    "is_bot": True,
    "first_name": "年报问答",
    "username": "kb_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "span"}
MAX_TEXT = 4096
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile's limit for bots
MAX_CAPTION = 1024
ALWAYS_TRUE = {
    "setMyCommands",
    "setMyDescription",
    "setMyShortDescription",
    "sendChatAction",
    "answerCallbackQuery",
    "answerInlineQuery",
    "deleteWebhook",
    "setWebhook",  # webhook mode; its url and secret_token are in calls
    "close",
    "logOut",
}


class _Entities(HTMLParser):
    """Telegram's HTML parse mode, strictly enough to catch unescaped report text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.open: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag not in TELEGRAM_TAGS:
            self.error = self.error or f'Unsupported start tag "{tag}"'
        self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.error = self.error or f'Unmatched end tag "{tag}"'

    def handle_data(self, data):
        self.text.append(data)


def parse_html(html: str) -> tuple[str, str | None]:
    """(visible text, error or None), as Telegram would parse ``html``."""
    parser = _Entities()
    parser.feed(html)
    parser.close()
    if parser.open and not parser.error:
        parser.error = f'Can\'t find end tag corresponding to start tag "{parser.open[-1]}"'
    return "".join(parser.text), parser.error


def load_update(name: str, **message_fields) -> dict:
    """A recorded Update payload from tests/fixtures/updates, with fields of its message replaced."""
    update = json.loads((UPDATES / f"{name}.json").read_text(encoding="utf-8"))
    for key in ("message", "edited_message"):
        if key in update:
            update[key].update(message_fields)
    return update


async def send(application: Application, name: str, **message_fields) -> None:
    """Feed the recorded update ``name`` (fields of its message replaced) through ``application``."""
    await application.process_update(Update.de_json(load_update(name, **message_fields), application.bot))


async def send_command(application: Application, name: str, text: str) -> None:
    """Feed the recorded update ``name`` with its text replaced by the command line ``text``."""
    entity = {"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}
    await send(application, name, text=text, entities=[entity])


class Dropped(Exception):
    """The fake does not answer this request (the transport drops the connection)."""


class FakeTelegram:
    """The Bot API's state: queued updates, sent messages, recorded calls."""

    def __init__(self, bot: dict | None = None) -> None:
        self.bot = dict(bot or BOT_USER)
        self.calls: list[tuple[str, dict]] = []
        self.updates: list[dict] = []
        self.fail_next: dict[str, int] = {}  # method -> how many calls get 429 before it works again
        # method, or (method, chat_id) -> what its next calls get, in order: an HTTP status ("500",
        # "413": an error answer), "drop" (no answer: the connection is held for drop_seconds, then
        # closed) or "ok"
        self.faults: dict[str | tuple[str, int], list[str]] = {}
        self.drop_seconds = 0.0
        self.chat_types: dict[int, str] = {}
        self.sent_at: list[tuple[float, dict]] = []  # (monotonic time, params) of each sendMessage
        self.sent: list[dict] = []  # the message objects sendMessage returned
        self.uploads: list[tuple[str, bytes]] = []  # (part name, bytes) of each uploaded file (in-process only)
        self.documents: dict[str, bytes] = {}  # file_path -> bytes: what getFile offers for download
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(5000)
        self.cv = threading.Condition()
        self._server: ThreadingHTTPServer | None = None

    # -- driving ---------------------------------------------------------------------------------
    def push(self, update: dict) -> dict:
        """Queue ``update`` for getUpdates (a fresh update_id); returns it."""
        update = copy.deepcopy(update)
        with self.cv:
            update["update_id"] = next(self._update_ids)
            for key in ("message", "edited_message"):
                if key in update:
                    self.chat_types[update[key]["chat"]["id"]] = update[key]["chat"]["type"]
            self.updates.append(update)
            self.cv.notify_all()
        return update

    def calls_to(self, method: str) -> list[dict]:
        with self.cv:
            return [params for name, params in self.calls if name == method]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [p["text"] for p in self.calls_to("sendMessage") if chat_id is None or p["chat_id"] == chat_id]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict]:
        """Block until ``method`` was called ``count`` times; returns those calls (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        with self.cv:
            while True:
                calls = [params for name, params in self.calls if name == method]
                if len(calls) >= count:
                    return calls
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{method} called {len(calls)} times, expected {count}: {self.calls[-5:]}")
                self.cv.wait(left)

    # -- answering -------------------------------------------------------------------------------
    def respond(self, method: str, params: dict) -> tuple[int, dict]:
        with self.cv:
            self.calls.append((method, params))
            self.cv.notify_all()
            if self.fail_next.get(method):
                self.fail_next[method] -= 1
                return 429, _error(429, "Too Many Requests: retry after 1", parameters={"retry_after": 1})
            queue = self.faults.get((method, params.get("chat_id"))) or self.faults.get(method)
            fault = queue.pop(0) if queue else "ok"
        if fault.isdigit():
            return int(fault), _error(int(fault), f"Error {fault}")
        if fault == "drop":
            raise Dropped(method)
        if method == "getMe":
            return 200, _ok(self.bot)
        if method == "getUpdates":
            return 200, _ok(self._get_updates(params))
        if method in ("sendMessage", "editMessageText"):
            return self._message(method, params)
        if method == "sendPhoto":
            return self._photo(params)
        if method == "getFile":
            return self._file(str(params.get("file_id", "")))
        if method == "editMessageReplyMarkup":
            return 200, _ok(self._message_object(params, params.get("message_id"), ""))
        if method in ALWAYS_TRUE:
            if method == "deleteWebhook" and str(params.get("drop_pending_updates")).lower() == "true":
                with self.cv:
                    self.updates.clear()
            return 200, _ok(True)
        return 400, _error(400, f"Bad Request: method {method} is not faked")

    def _get_updates(self, params: dict) -> list[dict]:
        offset, timeout = int(params.get("offset") or 0), float(params.get("timeout") or 0)
        with self.cv:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not self.updates and timeout:
                self.cv.wait(min(timeout, 1.0))
            return list(self.updates)

    def _message(self, method: str, params: dict) -> tuple[int, dict]:
        visible, refused = _shown(params, "text", MAX_TEXT, "message is too long")
        if refused:
            return refused
        if not visible.strip():
            return 400, _error(400, "Bad Request: message text is empty")
        sent = self._message_object(params, params.get("message_id"), visible)
        if method == "sendMessage":
            with self.cv:
                self.sent_at.append((time.monotonic(), params))
                self.sent.append(sent)  # as the bot got it back: its message_id, for replies to it
        return 200, _ok(sent)

    def offer(self, file_id: str, data: bytes) -> str:
        """Make ``data`` downloadable as the document ``file_id`` (what a user's upload gives the bot)."""
        path = f"documents/{file_id}"
        with self.cv:
            self.documents[path] = data
        return path

    def _file(self, file_id: str) -> tuple[int, dict]:
        path = f"documents/{file_id}"
        if path not in self.documents:
            return 400, _error(400, "Bad Request: invalid file_id")
        size = len(self.documents[path])
        if size > MAX_DOWNLOAD:  # as Telegram answers for a file bots may not download
            return 400, _error(400, "Bad Request: file is too big")
        return 200, _ok({"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": size, "file_path": path})

    def _photo(self, params: dict) -> tuple[int, dict]:
        visible, refused = _shown(params, "caption", MAX_CAPTION, "message caption is too long")
        if refused:
            return refused
        message = self._message_object(params, None, "")
        message["photo"] = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 1200, "height": 800}]
        message["caption"] = visible
        return 200, _ok(message)

    def _message_object(self, params: dict, message_id: object, text: str) -> dict | bool:
        if "inline_message_id" in params:
            return True
        chat_id = int(params.get("chat_id") or 0)
        message = {
            "message_id": int(message_id) if message_id else next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": self.chat_types.get(chat_id, "private" if chat_id > 0 else "supergroup")},
            "from": self.bot,
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    # -- loopback HTTP ---------------------------------------------------------------------------
    def serve(self) -> str:
        """Start answering on 127.0.0.1 (a free port); returns the base_url PTB should use."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as api.telegram.org does
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

            def log_message(self, *args):
                pass

            def do_POST(self):
                method = urlparse(self.path).path.rsplit("/", 1)[-1]  # /bot<token>/<method>
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(body or b"{}")
                else:
                    params = {k: _coerce(k, v) for k, v in parse_qsl(body.decode(), keep_blank_values=True)}
                try:
                    status, payload = fake.respond(method, params)
                except Dropped:
                    time.sleep(fake.drop_seconds)
                    self.close_connection = True  # hang up without an answer
                    return
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up is not news
                    super().handle_error(request, client_address)

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True, name="fake-bot-api").start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class FakeBotApi(BaseRequest):
    """PTB's network seam played in-process by a FakeTelegram (no sockets)."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=None,
        write_timeout=None,
        connect_timeout=None,
        pool_timeout=None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a download from the file URL (getFile's file_path)
            found = self.telegram.documents.get(url.split("/file/bot", 1)[1].split("/", 1)[1])
            return (200, found) if found is not None else (404, b"Not Found")
        params = request_data.parameters if request_data else {}
        if request_data is not None and request_data.contains_files:  # sendPhoto: keep what was uploaded
            with self.telegram.cv:
                self.telegram.uploads += [(name, part[1]) for name, part in request_data.multipart_data.items()]
        if url.rsplit("/", 1)[-1] == "getUpdates":
            params = {**params, "timeout": 0}  # handler tests feed updates directly; never block the loop
        try:
            status, payload = self.telegram.respond(url.rsplit("/", 1)[-1], json.loads(json.dumps(params)))
        except Dropped as exc:
            raise TimedOut(f"no answer to {exc}") from exc  # what PTB's httpx transport raises
        return status, json.dumps(payload).encode()


def _shown(params: dict, field: str, most: int, too_long: str) -> tuple[str, tuple[int, dict] | None]:
    """What a reader sees of a text or caption, or Telegram's 400 for HTML it cannot parse or a text
    longer than ``most`` UTF-16 units."""
    text = str(params.get(field, ""))
    visible = text
    if params.get("parse_mode") == "HTML":
        visible, error = parse_html(text)
        if error:
            return visible, (400, _error(400, f"Bad Request: can't parse entities: {error}"))
    if len(visible.encode("utf-16-le")) // 2 > most:
        return visible, (400, _error(400, f"Bad Request: {too_long}"))
    return visible, None


def _coerce(key: str, value: str) -> object:
    """Form fields as PTB sends them: nested values JSON-encoded, plain strings raw (text "42" stays text)."""
    if value[:1] in "[{":
        return json.loads(value)
    if key.endswith("_id") or key in ("offset", "limit", "timeout"):
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _ok(result: object) -> dict:
    return {"ok": True, "result": result}


def _error(code: int, description: str, **extra: object) -> dict:
    return {"ok": False, "error_code": code, "description": description, **extra}
