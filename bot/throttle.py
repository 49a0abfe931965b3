"""Per-user throttle for incoming questions: a leaky bucket (aiolimiter) per user, refusing instead of waiting."""

from __future__ import annotations

from collections import OrderedDict

from aiolimiter import AsyncLimiter

BURST = 5  # questions a person may send at once …
PERIOD = 10.0  # … refilled over this many seconds
MOST_USERS = 10_000  # buckets kept; the least recently seen are forgotten (a full bucket is no bucket)


class Throttle:
    """``await allow(user_id)`` says whether to answer; ``first_refusal`` whether to tell them so."""

    def __init__(self, burst: int = BURST, period: float = PERIOD, most_users: int = MOST_USERS) -> None:
        self.burst, self.period, self.most_users = burst, period, most_users
        self._buckets: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._told: set[int] = set()

    async def allow(self, user_id: int) -> bool:
        bucket = self._buckets.pop(user_id, None) or AsyncLimiter(self.burst, self.period)
        self._buckets[user_id] = bucket
        while len(self._buckets) > self.most_users:
            forgotten, _ = self._buckets.popitem(last=False)
            self._told.discard(forgotten)
        if not bucket.has_capacity():
            return False
        await bucket.acquire()  # has capacity: returns at once
        self._told.discard(user_id)
        return True

    def first_refusal(self, user_id: int) -> bool:
        """True once per flood: the first refused question gets a notice, the rest are dropped quietly."""
        if user_id in self._told:
            return False
        self._told.add(user_id)
        return True
