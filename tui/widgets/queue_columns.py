"""The queue's columns: what each shows for a row and how it is coloured.

Kept apart from the table so a lead's dashboard can reuse the table with its own
columns. A cell is plain text plus an optional style name (`close`, `breached`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from baton.core.deadlines import row_answer_by, row_window_ms, window_left
from baton.core.statuses import CLOSED, STATUSES
from baton.core.timezones import format_age, format_time
from baton.core.values import parse_date
from baton.tui.shown import one_line

Cell = tuple[str, str]
"""(text, style name); the style name is "" for the default style."""
WIDE_TITLE = 48
"""A column grows past its `width` (to its `wide` width, or to what its cells need) only while Title keeps this
many cells."""


@dataclass(frozen=True)
class Column:
    key: str
    """The sort key (core/queues.SORTABLE) this column sorts by."""
    label: str
    width: int
    """Cells wide; 0 means "take the room that is left"."""
    cell: Callable[[Mapping[str, Any], int, str, int], Cell]
    """(row, now in UTC ms, viewer's time zone, cells it has) -> what the cell shows, fitted to its room."""
    wide: int = 0
    """Cells wide when the terminal has room to spare (the cell can then say more); 0: always `width`."""


def _plain(field: str) -> Callable[[Mapping[str, Any], int, str, int], Cell]:
    return lambda row, now, tz, room: (str(row[field] or ""), "")


def _transition(row: Mapping[str, Any], now: int, tz: str, room: int = 0) -> Cell:
    return f"{row['from_stage']} → {row['to_stage']}", ""


CONFLICT_MARK = "! "


def _status(row: Mapping[str, Any], now: int, tz: str, room: int = 0) -> Cell:
    status = row["status"]
    if row["conflicts"]:
        return f"{CONFLICT_MARK}{status}", "breached"  # first, as the due column's "! overdue": a cut cell keeps it
    return status, "returned" if status == "returned" else ""


STATUS_ROOM = len(CONFLICT_MARK) + max(len(status) for status in STATUSES)
"""The Status column's cells at any width: its widest value with the conflict mark ("! cancelled"), so an
80-column queue reads both the mark and the status ("! accept…" read as neither). Title gives the room."""


def _progress(row: Mapping[str, Any], now: int, tz: str, room: int = 0) -> Cell:
    done, total = row["required_done"], row["required_total"]
    return f"{done}/{total}", "done" if done >= total else ""


def _age(row: Mapping[str, Any], now: int, tz: str, room: int = 0) -> Cell:
    return format_age(now - row["created_at"]), ""


ANSWER_ROOM = len("! answer 5h 59m late")
"""Cells the longest window a row can say takes with "answer" in it."""


def deadline_cell(row: Mapping[str, Any], now: int, tz: str, room: int = 18) -> Cell:
    """The acceptance window while sent, else the due date; coloured when close or breached.

    Said in `room` cells: "! overdue 3d" in an 80-column queue, with the day beside it
    ("! overdue 3d (due 2026-11-20)") when the terminal is wide enough. A window says "answer within 2h 15m"
    where every row has room for it, else "within 2h 15m" in every row (the column's title says whose answer).
    """
    deadline = row_answer_by(row)
    if deadline is not None:
        left = deadline - now
        said = f"answer {window_left(left)}" if room >= ANSWER_ROOM else window_left(left)
        if left < 0:
            return f"! {said}", "breached"
        window = row_window_ms(row)
        return said, "close" if left < window / 4 else ""
    if row["due"] and row["status"] not in CLOSED:
        due = parse_date(row["due"])
        today = parse_date(format_time(now, tz)[:10])
        if due is None or today is None:
            return row["due"], ""
        days = due.toordinal() - today.toordinal()
        if days < 0:
            return _fitted(room, f"! overdue {-days}d (due {row['due']})", f"! overdue {-days}d"), "breached"
        return f"due {row['due']}", "close" if days <= 2 else ""
    return (f"due {row['due']}" if row["due"] else ""), ""


def _fitted(room: int, *texts: str) -> str:
    """The first (longest) of `texts` that fits `room` cells, else the last."""
    return next((text for text in texts if len(text) <= room), texts[-1])


SAME_IN_EVERY_ROW = {"inbox": ("receiver",), "outbox": ("sender",), "team": ("sender",)}
"""Columns a tab leaves out: in the Inbox every receiver is the viewer (who sent it is what tells rows apart),
in the Outbox every sender is; the Team tab says owner and receiver."""

QUEUE_COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", 0, _plain("title")),
    Column("transition", "Transition", 24, _transition),
    Column("sender", "From", 8, _plain("sender")),
    Column("owner", "Owner", 8, _plain("owner")),
    Column("receiver", "Receiver", 8, _plain("receiver")),
    Column("status", "Status", STATUS_ROOM, _status),
    Column("progress", "Required", 8, _progress),
    Column("age", "Age", 4, _age),
    Column("window", "Due / answer by", 18, deadline_cell, wide=30),
)


def cell_needs(
    columns: Iterable[Column], rows: Iterable[Mapping[str, Any]], now: int, tz: str, needs: dict[str, int]
) -> None:
    """Grow `needs` (cells, by column key) to the widest cell `rows` hold in each column of a fixed width that says
    the same in any room (not `wide`): a transition longer than its 24 cells."""
    from rich.cells import cell_len

    measured = [c for c in columns if c.width and not c.wide]
    for row in rows:
        for column in measured:
            text = one_line(column.cell(row, now, tz, column.width)[0])
            needs[column.key] = max(needs.get(column.key, 0), cell_len(text))


def column_widths(shown: Iterable[Column], width: int, needs: Mapping[str, int]) -> list[int]:
    """Each column's cells in a queue `width` wide: every column gets what it needs (its `wide` width, or its widest
    cell: `cell_needs`) in order while Title keeps `WIDE_TITLE` cells, and Title takes the rest."""
    shown = list(shown)
    fixed = sum(c.width + 1 for c in shown if c.width)
    spare = width - fixed - 1 - WIDE_TITLE
    widths = []
    for column in shown:
        grown = column.width
        if column.wide > column.width:
            if spare >= column.wide - column.width:  # all or nothing: the cell says more only with all of it
                grown = column.wide
        elif column.width and spare > 0:
            grown = column.width + min(spare, max(0, needs.get(column.key, 0) - column.width))
        spare -= grown - column.width
        fixed += grown - column.width
        widths.append(grown)
    flex = max(12, width - fixed - 1)
    return [w or flex for w in widths]
