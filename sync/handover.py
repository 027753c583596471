"""A segment the second process read and checked, handed over a part at a time (see reading.py).

A compacted teammate's folder is one snapshot of their whole history: a fifth of a
team's million events in one file. Handed over whole, its rows were held twice in
the importing process (the answer, then its rows and events) while they went in:
half a gigabyte at a million events, growing with the team. So the second process
checks every line of the segment first (what the segment is judged on needs all of
them: its problems, its newest stamp, its roster events), writing the usable rows to
its spool PART_ROWS at a time as it goes, and answers with the segment's head: the
trailer, what is wrong with its lines, and what admission and the ledger need (the
count, the newest stamp, the event ids, the roster's events). The importing process
then takes the parts in one after another, each part's rows let go before the next
is read. The rows are the very rows `check_lines` makes, in the same order.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from baton.core.errors import BatonError
from baton.core.events import TEAM_STREAM

PART_ROWS = 20_000
"""Lines checked for one part (so at most this many usable rows): what the importing process holds of a
segment read ahead at a time."""
ROW_KEYS = ("id", "handoff_id", "kind", "hlc", "at", "author", "replica", "payload")
EVENT_KEYS = ("id", "handoff", "kind", "hlc", "at", "author", "replica", "payload")

Rows = list[dict[str, Any]]


class HandOverLost(BatonError):
    """A part the second process wrote is gone before it was taken in (the temporary folder was cleared):
    the import stops, nothing of it is applied, and the next sync imports again."""


@dataclass
class Handed:
    """The usable rows of a segment, still in the second process's part files."""

    rows: int
    """How many usable rows the parts hold."""
    last_hlc: str
    """The newest stamp among them ("" when none)."""
    ids: list[str]
    """Every usable row's event id, in order (which segment brought which event: core origins.py)."""
    roster: Rows
    """The events among them that change the roster (admission judges the segment on them)."""
    files: list[str] = field(default_factory=list)

    def parts(self) -> Iterator[tuple[Rows, Rows, list[int]]]:
        """Each part's (rows, events, line numbers), in order; its file is removed once read."""
        while self.files:
            name = self.files.pop(0)
            try:
                with open(name, "rb") as part:
                    packed = pickle.load(part)
                os.unlink(name)
            except (OSError, EOFError, pickle.UnpicklingError) as exc:
                raise HandOverLost(
                    f"a part of a segment read ahead is gone ({exc}): nothing of this sync's import was applied; "
                    "sync again"
                ) from None
            yield unpacked_part(packed)

    def whole(self) -> tuple[Rows, Rows, list[int]]:
        """Every part at once (a segment that waits, or whose stamps are looked at one by one)."""
        rows: Rows = []
        events: Rows = []
        numbers: list[int] = []
        for part in self.parts():
            rows += part[0]
            events += part[1]
            numbers += part[2]
        return rows, events, numbers

    def discard(self) -> None:
        for name in self.files:
            try:
                os.unlink(name)
            except OSError:
                pass
        self.files = []


class Parting:
    """In the second process: a segment's usable rows written to part files as they are checked."""

    def __init__(self, stem: str) -> None:
        self.stem = stem
        self.rows = 0
        self.last_hlc = ""
        self.ids: list[str] = []
        self.roster: list[tuple[Any, ...]] = []
        self.files: list[str] = []

    def write(self, rows: Rows, events: Rows, numbers: list[int]) -> None:
        if not rows:
            return
        self.rows += len(rows)
        self.ids += [row["id"] for row in rows]
        self.last_hlc = max(self.last_hlc, max(row["hlc"] for row in rows))
        self.roster += [tuple(map(event.get, EVENT_KEYS)) for event in events if event["handoff"] == TEAM_STREAM]
        name = f"{self.stem}-{len(self.files)}.pickle"
        packed = ([tuple(map(row.get, ROW_KEYS)) for row in rows], [event["payload"] for event in events], numbers)
        with open(name, "wb") as out:
            pickle.dump(packed, out, protocol=pickle.HIGHEST_PROTOCOL)
        self.files.append(name)

    def head(self) -> tuple[Any, ...]:
        """What the importing process makes its Handed of (`handed`)."""
        return self.rows, self.last_hlc, self.ids, self.roster, self.files


def handed(head: tuple[Any, ...]) -> Handed:
    rows, last_hlc, ids, roster, files = head
    return Handed(rows, last_hlc, ids, [event_of(values) for values in roster], files)


def event_of(values: tuple[Any, ...]) -> dict[str, Any]:
    """An event as `check_lines` makes it, from a row's values (texts shared, as wire.py shares them)."""
    intern = sys.intern
    event_id, handoff, kind, hlc, at, author, replica, payload = values
    return {
        "id": event_id,
        "handoff": intern(handoff),
        "kind": intern(kind),
        "hlc": hlc,
        "at": at,
        "author": intern(author),
        "replica": intern(replica),
        "payload": payload,
    }


def unpacked_part(packed: tuple[Any, ...]) -> tuple[Rows, Rows, list[int]]:
    values, payloads, numbers = packed
    rows, events = [], []
    for row_values, payload in zip(values, payloads, strict=True):
        rows.append(dict(zip(ROW_KEYS, row_values, strict=True)))
        events.append(event_of((*row_values[:7], payload)))
    return rows, events, numbers
