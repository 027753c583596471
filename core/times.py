"""Lengths of time and how a moment is written in JSON, CSV and hook documents.

Every duration in baton is UTC milliseconds; these are the only spellings of an
hour or a day. A moment leaves baton as ISO 8601 to the second in UTC
(`2026-11-21T14:05:00Z`), from Python (`iso`) or from SQLite (`iso_sql`), and both
write the same text.
"""

from __future__ import annotations

from datetime import UTC, datetime

SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY


def iso(ms: int | None) -> str | None:
    """UTC ISO 8601 to the second; None stays None."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_sql(column: str) -> str:
    """SQL for `iso` of a UTC ms column (NULL stays NULL): SQLite formats it, fast on 100,000 rows."""
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {column} / 1000, 'unixepoch')"
