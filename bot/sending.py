"""RetryingLimiter: PTB's AIORateLimiter (Telegram's flood limits, a wait after 429) that also sends
a request again when it failed on the way — a network error, a timeout, a 5xx answer — a bounded number
of times with growing waits. Without it, one dropped connection costs a user their answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger("reportbot.bot")
# Waits before the 2nd, 3rd and 4th try (s). With PTB's 5 s timeouts a request gives up after ~25 s,
# before a user gives up on the answer; a Telegram outage longer than that is the error handler's.
RETRY_DELAYS = (0.5, 1.0, 2.0)


class RetryingLimiter(AIORateLimiter):
    """Rate limits and 429 retries as AIORateLimiter; retries network errors and 5xx answers too.

    A 4xx answer is final (BadRequest, Forbidden …: the same request would fail again), and a request
    that succeeded is never repeated. A request that timed out after Telegram took it is the one case
    that can arrive twice: the Bot API has no way to ask whether it did.
    """

    def __init__(self, *, delays: tuple[float, ...] = RETRY_DELAYS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.delays = delays

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for delay in (*self.delays, None):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as exc:  # TimedOut, a dropped connection, a 5xx answer
                if delay is None:
                    raise
                log.warning("%s failed (%s); trying again in %.1f s", endpoint, exc, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last try returns or raises")
