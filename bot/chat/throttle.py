"""Per-user throttle: a leaky bucket per user that hands out turns, now or a bounded wait ahead.

A question over the limit keeps its place: ``reserve`` says how long to wait for its turn, and only a
wait longer than ``most_wait`` is refused. Inline queries and page presses ``allow`` only a turn that
comes at once: they are refused rather than kept, since a later answer to them would be stale.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

BURST = 5  # questions a person may send at once …
PERIOD = 10.0  # … refilled over this many seconds
MOST_WAIT = 10.0  # seconds a question may wait for its turn; beyond that it is refused
MOST_USERS = 10_000  # buckets kept; the least recently seen are forgotten (a full bucket is no bucket)


class Throttle:
    """``reserve(user_id)``: seconds until the user's question is answered, or None when refused."""

    def __init__(
        self,
        burst: int = BURST,
        period: float = PERIOD,
        most_users: int = MOST_USERS,
        *,
        most_wait: float = MOST_WAIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.period, self.most_users, self.most_wait = burst, period, most_users, most_wait
        self._clock = clock
        # user -> (turns taken and not yet leaked out, when that was counted); turns past ``burst`` are
        # the questions waiting for theirs
        self._levels: OrderedDict[int, tuple[float, float]] = OrderedDict()
        self._told: set[int] = set()

    def reserve(self, user_id: int) -> float | None:
        """Take the user's next turn: seconds to wait for it (0.0: now); None when the wait would be
        longer than ``most_wait`` (no turn is taken: ``retry_after`` says when to ask again)."""
        return self._take(user_id, self.most_wait)

    def allow(self, user_id: int) -> bool:
        """Take a turn only when it comes at once."""
        return self._take(user_id, 0.0) is not None

    def retry_after(self, user_id: int) -> int:
        """Whole seconds until a question from ``user_id`` would be answered at once."""
        return math.ceil(self._wait(self._level(user_id)))

    def first_refusal(self, user_id: int) -> bool:
        """True once per flood: the first refused question gets a notice, the rest are dropped quietly."""
        if user_id in self._told:
            return False
        self._told.add(user_id)
        return True

    def _take(self, user_id: int, most_wait: float) -> float | None:
        level = self._level(user_id)
        wait = self._wait(level)
        if wait > most_wait:
            return None
        self._levels[user_id] = (level + 1, self._clock())
        self._told.discard(user_id)
        return wait

    def _level(self, user_id: int) -> float:
        """The user's bucket as of now (leaked since it was last counted), and the user seen just now."""
        now = self._clock()
        level, at = self._levels.pop(user_id, (0.0, now))
        level = max(0.0, level - (now - at) * self.burst / self.period)
        self._levels[user_id] = (level, now)
        while len(self._levels) > self.most_users:
            forgotten, _ = self._levels.popitem(last=False)
            self._told.discard(forgotten)
        return level

    def _wait(self, level: float) -> float:
        return max(0.0, (level + 1 - self.burst) * self.period / self.burst)
