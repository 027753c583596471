"""Medians and 90th percentiles of durations, for everyone, per transition and per person, from one sorted query."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from .report_shapes import Durations


def percentiles(conn: sqlite3.Connection, base: str, params: dict[str, Any]) -> dict[tuple[str, str], Durations]:
    """Count, median and 90th percentile of `d` from `base` (columns tr, who, d), for all, per tr, per who.

    SQLite sorts once (ORDER BY d); every group's values then arrive in order, so
    each percentile is a lookup by rank. One sort beats a window function per
    grouping on 100,000 rows by a wide margin.
    """
    by_tr: defaultdict[str, list[int]] = defaultdict(list)
    by_who: defaultdict[str, list[int]] = defaultdict(list)
    everyone: list[int] = []
    keep = everyone.append
    for tr, who, d in conn.execute(f"SELECT tr, who, d FROM ({base}) ORDER BY d", params):
        keep(d)
        by_tr[tr].append(d)
        by_who[who].append(d)
    groups: dict[tuple[str, str], list[int]] = {("transition", tr): values for tr, values in by_tr.items()}
    groups.update({("person", who): values for who, values in by_who.items()})
    if everyone:
        groups[("all", "")] = everyone
    return {key: summary(values) for key, values in groups.items()}


def summary(ordered: list[int]) -> Durations:
    """Count, median and 90th percentile of `ordered` (sorted, not empty)."""
    return Durations(len(ordered), _rank(ordered, 0.5), _rank(ordered, 0.9))


def _rank(ordered: list[int], fraction: float) -> float:
    """The value at `fraction` of the way through `ordered`, interpolating between neighbouring ranks."""
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return between(ordered[low], ordered[high], position)


def between(low: float, high: float, position: float) -> float:
    """Linear interpolation between the values at the two ranks around `position`."""
    return low + (position - int(position)) * (high - low)
