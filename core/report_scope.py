"""What a report covers: which transition (`--transition`) and since when (`--since`)."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .times import DAY, HOUR, WEEK


def transition_key(text: str | None) -> str | None:
    """A `--transition` as typed (`sales-to-onboarding`, `sales->onboarding`, `sales → onboarding`) for matching."""
    if text is None or not text.strip():
        return None
    key = re.sub(r"\s+", "", text.strip().lower()).replace("→", "->")
    return key


def known_transitions(conn: sqlite3.Connection) -> list[str]:
    """Every template id and `from->to` pair the store holds handoffs for."""
    rows = conn.execute("SELECT DISTINCT template_id, from_stage, to_stage FROM handoffs").fetchall()
    return sorted({r[0] for r in rows} | {f"{r[1]}->{r[2]}" for r in rows})


def parse_since(text: str, tz: str, now: int) -> int:
    """`YYYY-MM-DD` (midnight in the viewer's zone), or `7d` / `2w` / `12h` back from now, as UTC ms; a day
    still to come is refused."""
    from .errors import InvalidValue

    raw = text.strip().lower()
    relative = re.fullmatch(r"(\d{1,4})\s*([hdw])", raw)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        return now - amount * {"h": HOUR, "d": DAY, "w": WEEK}[unit]
    try:
        day = date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidValue(f"--since {text!r} is not a date: use YYYY-MM-DD, or 12h, 7d, 2w back from now")
    local = datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(tz))
    start = int(local.astimezone(UTC).timestamp() * 1000)
    if start > now:  # nothing has happened since then yet: an empty report would read as a quiet team
        today = datetime.fromtimestamp(now / 1000, ZoneInfo(tz)).date()
        raise InvalidValue(f"--since {day} is in the future (today is {today}): give today or an earlier day")
    return start
