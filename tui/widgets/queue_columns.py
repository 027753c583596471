"""The queue's columns: what each shows for a row and how it is coloured.

Kept apart from the table so a lead's dashboard can reuse the table with its own
columns. A cell is plain text plus an optional style name (`close`, `breached`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from baton.core.deadlines import row_answer_by, row_window_ms
from baton.core.statuses import CLOSED
from baton.core.timezones import format_age, format_time
from baton.core.values import parse_date

Cell = tuple[str, str]
"""(text, style name); the style name is "" for the default style."""


@dataclass(frozen=True)
class Column:
    key: str
    """The sort key (core/queues.SORTABLE) this column sorts by."""
    label: str
    width: int
    """Cells wide; 0 means "take the room that is left"."""
    cell: Callable[[Mapping[str, Any], int, str], Cell]
    """(row, now in UTC ms, viewer's time zone) -> what the cell shows."""


def _plain(field: str) -> Callable[[Mapping[str, Any], int, str], Cell]:
    return lambda row, now, tz: (str(row[field] or ""), "")


def _transition(row: Mapping[str, Any], now: int, tz: str) -> Cell:
    return f"{row['from_stage']} → {row['to_stage']}", ""


def _status(row: Mapping[str, Any], now: int, tz: str) -> Cell:
    status = row["status"]
    if row["conflicts"]:
        return f"{status} !", "breached"
    return status, "returned" if status == "returned" else ""


def _progress(row: Mapping[str, Any], now: int, tz: str) -> Cell:
    done, total = row["required_done"], row["required_total"]
    return f"{done}/{total}", "done" if done >= total else ""


def _age(row: Mapping[str, Any], now: int, tz: str) -> Cell:
    return format_age(now - row["created_at"]), ""


def deadline_cell(row: Mapping[str, Any], now: int, tz: str) -> Cell:
    """The acceptance window while sent, else the due date; coloured when close or breached."""
    deadline = row_answer_by(row)
    if deadline is not None:
        left = deadline - now
        if left < 0:
            return f"! answer {format_age(-left)} late", "breached"
        window = row_window_ms(row)
        return f"answer in {format_age(left)}", "close" if left < window / 4 else ""
    if row["due"] and row["status"] not in CLOSED:
        due = parse_date(row["due"])
        today = format_time(now, tz)[:10]
        if due is None:
            return row["due"], ""
        if row["due"] < today:
            return f"! overdue {row['due']}", "breached"
        today_date = parse_date(today)
        days = (due.toordinal() - today_date.toordinal()) if today_date else 99
        return f"due {row['due']}", "close" if days <= 2 else ""
    return (f"due {row['due']}" if row["due"] else ""), ""


QUEUE_COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", 0, _plain("title")),
    Column("transition", "Transition", 24, _transition),
    Column("owner", "Owner", 8, _plain("owner")),
    Column("receiver", "Receiver", 8, _plain("receiver")),
    Column("status", "Status", 9, _status),
    Column("progress", "Required", 8, _progress),
    Column("age", "Age", 4, _age),
    Column("window", "Due / answer by", 18, deadline_cell),
)
