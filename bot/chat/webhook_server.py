"""The HTTP server behind the webhook: checks each POST before its body is read, then queues the update.

PTB's own handler reads the whole body before it looks at the secret (a few large POSTs from anyone
who knows the URL grew the process by hundreds of MB), compares the secret with ``!=`` and queues an
update Telegram sends again (after a lost 200) a second time. Here the secret and Content-Length are
judged from the headers alone, the secret in constant time, bodies are capped however they are sent,
and an update_id seen recently is acknowledged without being answered again.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections import deque
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Bot, Update
from telegram.ext import ExtBot
from tornado.httpserver import HTTPServer

log = logging.getLogger("reportbot.webhook")

# Telegram's updates are a few kB (a long message with entities, a poll); a MB leaves room for any.
MAX_BODY = 1 << 20
# Telegram sends an update again when it did not get a 200 in time, usually within minutes; a few
# thousand ids cover that at ~100 bytes each.
RECENT_IDS = 4096
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# A slow sender holds a connection for at most this long per body, and an idle one this long.
BODY_TIMEOUT = 30.0
IDLE_TIMEOUT = 120.0


class RecentIds:
    """The last ``size`` update ids queued, in a set for lookup and a deque for forgetting the oldest.

    >>> recent = RecentIds(2)
    >>> for update_id in (1, 2, 3):
    ...     recent.add(update_id)
    >>> [update_id in recent for update_id in (1, 2, 3)]
    [False, True, True]
    """

    def __init__(self, size: int = RECENT_IDS) -> None:
        self._order: deque[int] = deque()
        self._ids: set[int] = set()
        self._size = size

    def __contains__(self, update_id: int) -> bool:
        return update_id in self._ids

    def add(self, update_id: int) -> None:
        if update_id not in self._ids:
            self._ids.add(update_id)
            self._order.append(update_id)
            if len(self._order) > self._size:
                self._ids.discard(self._order.popleft())


class _Quiet(tornado.web.RequestHandler):
    """Empty error bodies and no Server header: nothing tells a prober what answers."""

    def set_default_headers(self) -> None:
        self.clear_header("Server")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()

    def refuse(self, status: HTTPStatus) -> None:
        """Answer ``status`` and close the connection: its unread body is never read."""
        self.set_status(status)
        self.set_header("Connection", "close")
        self.finish()


@tornado.web.stream_request_body
class _NotFound(_Quiet):
    """Any other path: 404 from the headers (a default handler would buffer the body first)."""

    def prepare(self) -> None:
        """Refuse before the body arrives."""
        self.refuse(HTTPStatus.NOT_FOUND)


@tornado.web.stream_request_body
class UpdateHandler(_Quiet):
    """POST <path>: one Update as JSON, from Telegram (the secret header) and at most ``max_body`` bytes."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot: Bot, queue: asyncio.Queue, secret: bytes, max_body: int, recent: RecentIds) -> None:
        self.bot, self.queue, self.secret, self.max_body, self.recent = bot, queue, secret, max_body, recent
        self.body = bytearray()
        self.too_large = False

    def prepare(self) -> None:
        """Refuse a wrong or missing secret (403) and a declared body over max_body (413) from the headers."""
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.debug("webhook: refused a request without the right secret")  # the header is never logged
            self.refuse(HTTPStatus.FORBIDDEN)
            return
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_body:
            log.warning("webhook: refused a body of %s bytes (at most %d)", length, self.max_body)
            self.refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def data_received(self, chunk: bytes) -> None:
        # The server's max_body_size already stops a longer chunked body; this keeps the buffer bounded
        # should that ever change.
        if self.too_large or len(self.body) + len(chunk) > self.max_body:
            self.too_large, self.body = True, bytearray()
        else:
            self.body += chunk

    async def post(self) -> None:
        """Queue the update unless it is malformed (400) or was queued recently (200, not again)."""
        # The body has been read: these answers keep the connection open for the next update.
        if self.too_large:
            self.set_status(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        try:
            data = json.loads(self.body)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past Python's stack
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        if update_id in self.recent:
            log.info("webhook: update %d came again; answered once already", update_id)
            return
        try:
            update = Update.de_json(data, self.bot)
        except Exception:  # a shape PTB cannot read: Telegram would not send it
            log.warning("webhook: update %d could not be read", update_id, exc_info=True)
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        if isinstance(self.bot, ExtBot):
            self.bot.insert_callback_data(update)
        self.recent.add(update_id)  # before the await: a copy arriving meanwhile is already a repeat
        await self.queue.put(update)


class _App(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Write no access log: the proxy keeps one, and ours would only repeat it."""


def make_server(
    path: str, bot: Bot, queue: asyncio.Queue, secret: str, *, max_body: int = MAX_BODY, recent: RecentIds | None = None
) -> HTTPServer:
    """An HTTP server answering POSTs to ``path`` (with or without a final /); add sockets to serve.

    ``max_body`` also bounds every other request, so no path buffers more than that per connection.
    """
    kwargs = {
        "bot": bot,
        "queue": queue,
        "secret": secret.encode(),
        "max_body": max_body,
        "recent": recent or RecentIds(),
    }
    route = re.escape(path.rstrip("/")) + "/?"
    app = _App([(route, UpdateHandler, kwargs)], default_handler_class=_NotFound)
    return HTTPServer(app, max_body_size=max_body, body_timeout=BODY_TIMEOUT, idle_connection_timeout=IDLE_TIMEOUT)
