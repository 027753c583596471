"""Lengths of time and how a moment is written in JSON, CSV and hook documents.

Every duration in baton is UTC milliseconds; these are the only spellings of an
hour or a day. A moment leaves baton as ISO 8601 to the second in UTC
(`2026-11-21T14:05:00Z`), from Python (`iso`) or from SQLite (`iso_sql`), and both
write the same text. Both are total: a moment no calendar holds (a stored stamp from
a broken clock, `2**63 - 1`) is written `time out of range`, never an error.
"""

from __future__ import annotations

from datetime import UTC, datetime

SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY


OUT_OF_RANGE = "time out of range"
"""How a moment no calendar can show is written, everywhere."""


def utc(ms: object) -> datetime | None:
    """The moment `ms` (UTC milliseconds) in UTC; None when no calendar can show it (or it is no number).

    Every moment baton formats goes through here (or `iso_sql`), so that nothing
    stored can make a screen, a report or an export fail.
    """
    try:
        return datetime.fromtimestamp(ms / 1000, tz=UTC)  # type: ignore[operator]
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def iso(ms: object) -> str | None:
    """UTC ISO 8601 to the second; None stays None; `time out of range` for a moment no calendar holds."""
    if ms is None:
        return None
    moment = utc(ms)
    return OUT_OF_RANGE if moment is None else moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_sql(column: str) -> str:
    """SQL for `iso` of a UTC ms column (NULL stays NULL): SQLite formats it, fast on 100,000 rows.

    SQLite's calendar ends with the year 9999 too; beyond it, `time out of range` as `iso` says.
    """
    return (
        f"CASE WHEN {column} IS NULL THEN NULL "
        f"ELSE COALESCE(strftime('%Y-%m-%dT%H:%M:%SZ', {column} / 1000, 'unixepoch'), '{OUT_OF_RANGE}') END"
    )
