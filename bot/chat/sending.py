"""RetryingRequest: the bot's requests to Telegram, tried again when they fail on the way — a network
error, a timeout, a dropped connection, a 5xx answer — a bounded number of times with growing waits.
Without it one dropped connection costs a user their answer.

It wraps the transport (PTB's ``BaseRequest``), below the rate limiter: there an HTTP status is still
a number, so every 4xx (400 Bad Request, 403 Forbidden, 413 …) passes through untouched and final, and
a 429 reaches PTB's AIORateLimiter, which waits as Telegram asks.
"""

from __future__ import annotations

import asyncio
import logging

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

log = logging.getLogger("reportbot.bot")
# Waits before the 2nd, 3rd and 4th try (s). With PTB's 5 s timeouts a request gives up after ~25 s,
# before a user gives up on the answer; a Telegram outage longer than that is the error handler's.
RETRY_DELAYS = (0.5, 1.0, 2.0)
SERVER_ERROR = 500


class RetryingRequest(BaseRequest):
    """``inner`` with its failures on the way tried again after ``delays``.

    A request that got an answer (2xx, 4xx) is never sent again. A request whose answer was lost (a
    read timeout, a connection dropped after sending) is sent again, and if Telegram had carried it
    out, it arrives twice: the Bot API offers no way to ask, and a lost answer costs more.
    """

    def __init__(self, inner: BaseRequest, *, delays: tuple[float, ...] = RETRY_DELAYS) -> None:
        self.inner = inner
        self.delays = delays

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]  # never the URL itself: it holds the token
        for delay in (*self.delays, None):
            try:
                code, payload = await self.inner.do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
                )
            except NetworkError as exc:  # the transport's failures: TimedOut, a refused or dropped connection
                if delay is None:
                    raise
                failure = str(exc)
            else:
                if code < SERVER_ERROR or delay is None:
                    return code, payload
                failure = f"HTTP {code}"
            log.warning("%s failed (%s); trying again in %.1f s", endpoint, failure, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last try returns or raises")
