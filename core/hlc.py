"""Hybrid logical clock: a total, deterministic order of events across replicas.

A stamp is wall-clock milliseconds (UTC), a counter and the replica id, written as
one string that sorts in the same order as the tuple, so SQLite can ORDER BY it:
`0001763740000000-0000-<replica>`. The counter breaks ties within one millisecond
and the replica id breaks ties between replicas, so two edits in the same
millisecond always resolve the same way everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .record import record

SKEW_WARNING_MS = 5 * 60 * 1000
"""A stamp further ahead than this is accepted, with a visible warning."""
ABSURD_MS = 30 * 24 * 3600 * 1000
"""A stamp further ahead than this is quarantined, not applied."""


@record(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    replica: str

    def __str__(self) -> str:
        return f"{self.wall_ms:016d}-{self.counter:04d}-{self.replica}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        """Read a stamp; ValueError when the text is not one."""
        wall, counter, replica = text.split("-", 2)
        if len(wall) != 16 or len(counter) != 4 or not replica:
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(wall), int(counter), replica)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class Clock:
    """The replica's clock: never goes backwards, moves past every stamp it sees."""

    def __init__(self, replica: str, last: str | None = None, wall: Callable[[], int] = now_ms) -> None:
        self.replica = replica
        self._wall = wall
        self._last = Stamp.parse(last) if last else Stamp(0, 0, replica)

    @property
    def last(self) -> str:
        return str(self._last)

    def tick(self) -> str:
        """A new stamp for a local event, later than everything seen so far."""
        wall = self._wall()
        if wall > self._last.wall_ms:
            self._last = Stamp(wall, 0, self.replica)
        else:
            self._last = Stamp(self._last.wall_ms, self._last.counter + 1, self.replica)
            if self._last.counter > 9999:
                self._last = Stamp(self._last.wall_ms + 1, 0, self.replica)
        return str(self._last)

    def observe(self, stamp: str) -> None:
        """Move up to a stamp seen from a teammate, so later local edits win over it."""
        seen = Stamp.parse(stamp)
        if (seen.wall_ms, seen.counter) > (self._last.wall_ms, self._last.counter):
            self._last = Stamp(seen.wall_ms, seen.counter, self.replica)
