"""Which segment of a teammate's folder carried each event, so a retired device's reach is a fact, not a claim.

A retired device key may be in someone else's hands (a stolen laptop). Whoever
holds it can sign new segments and stamp their events with any clock time, so a
retirement judged by stamps alone is backdated around. Instead a retirement names
a **watermark**: the last segment of that device's folder the retiring lead's copy
had taken in (its number and hash). What the key signed up to there counts; a
segment it signs past there is kept aside by every replica, whatever its events
claim as their time (sync/verify.py). A replica that took such a segment in before
it heard of the retirement keeps its events in the log but no longer applies them:
that needs to know which segment brought which event, which this table records
for every segment an import takes in (one row per segment, not per event).

`withdrawn` is the rule, once: the events of a watermarked folder that came only
in segments past the watermark, or in a copy under a lower number that the
watermark's own segment does not follow back through its predecessors (a fork
signed with the stolen key). Every replica computes it from the segments it
took in, so the applied events are the same everywhere, in any order of arrival.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from ..record import record as record_type  # `record` below is this module's writer
from .left_out import LeftOut, SnapshotCheck

SCHEMA = """
CREATE TABLE IF NOT EXISTS event_origins (
    replica TEXT NOT NULL,
    first INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    prev TEXT NOT NULL,
    ids TEXT NOT NULL,
    PRIMARY KEY (replica, seq, sha256)
)
"""


@record_type(frozen=True)
class Watermark:
    """The last segment of a retired device's folder that counts: number `seq`, content hash `sha256`.

    `seq` 0: nothing it signed counts (the lead had taken in none of it).
    """

    replica: str
    seq: int
    sha256: str

    def covers(self, seq: int, sha256: str) -> bool:
        """Whether the segment numbered `seq` with this hash may be at or before the watermark (a copy under
        a lower number that is not on the watermark's chain is withdrawn event by event: `withdrawn`)."""
        return seq < self.seq or (seq == self.seq and sha256 == self.sha256)

    def as_payload(self) -> dict[str, Any]:
        return {"seq": self.seq, "sha256": self.sha256}


def watermark_from(payload: Any, replica: str) -> Watermark | None:
    """The watermark a retirement carries for `replica`'s folder; None when it is not readable."""
    if not isinstance(payload, dict):
        return None
    seq, sha = payload.get("seq"), payload.get("sha256")
    if type(seq) is not int or not 0 <= seq < 10**9 or not isinstance(sha, str) or len(sha) > 64:
        return None
    if (seq == 0) != (sha == ""):
        return None
    return Watermark(replica, seq, sha)


def _ready(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'event_origins'").fetchone() is not None


def record(conn: sqlite3.Connection, rows: Iterable[tuple[str, int, int, str, str, list[str]]]) -> list[LeftOut]:
    """(replica, first number, number, hash, predecessor's hash, event ids) of segments taken in (a snapshot
    stands for numbers first..number); inside the caller's transaction.

    A segment read again (one with lines that had to wait: a stamp far ahead, a newer schema) adds the ids
    taken in since to its row: a line that waited is as much that segment's as the others.

    Returns what the rows show a snapshot of the folder left out (left_out.py)."""
    conn.execute(SCHEMA)
    gaps: list[LeftOut] = []
    check = SnapshotCheck(conn)
    for replica, first, seq, sha, prev, ids in rows:
        gap = check.left_out(replica, first, seq, sha, ids) if ids else None
        if gap is not None:
            gaps.append(gap)
        found = conn.execute(
            "SELECT ids FROM event_origins WHERE replica = ? AND seq = ? AND sha256 = ?", (replica, seq, sha)
        ).fetchone()
        if found is None:
            conn.execute(
                "INSERT INTO event_origins (replica, first, seq, sha256, prev, ids) VALUES (?,?,?,?,?,?)",
                (replica, first, seq, sha, prev, json.dumps(ids, separators=(",", ":"))),
            )
            continue
        known = json.loads(found[0])
        seen = set(known)
        fresh = [i for i in ids if i not in seen]
        if fresh:
            conn.execute(
                "UPDATE event_origins SET ids = ? WHERE replica = ? AND seq = ? AND sha256 = ?",
                (json.dumps(known + fresh, separators=(",", ":")), replica, seq, sha),
            )
    return gaps


def count(conn: sqlite3.Connection) -> int:
    """How many segments are recorded (the roster's cache is stale when this moves)."""
    return int(conn.execute("SELECT count(*) FROM event_origins").fetchone()[0]) if _ready(conn) else 0


def last_taken(conn: sqlite3.Connection, replica: str) -> tuple[int, str] | None:
    """(number, hash) of the newest segment of `replica`'s folder taken in here; None when none is recorded."""
    if not _ready(conn):
        return None
    row = conn.execute(
        "SELECT seq, sha256 FROM event_origins WHERE replica = ? ORDER BY seq DESC, sha256 LIMIT 1", (replica,)
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def withdrawn(conn: sqlite3.Connection, marks: Mapping[str, Watermark]) -> frozenset[str]:
    """Ids of events that came only in segments past their folder's watermark: in the log, never applied."""
    if not marks or not _ready(conn):
        return frozenset()
    found: set[str] = set()
    for mark in marks.values():
        rows = [
            _Row(int(r[0]), int(r[1]), str(r[2]), str(r[3]), r[4])
            for r in conn.execute(
                "SELECT first, seq, sha256, prev, ids FROM event_origins WHERE replica = ?", (mark.replica,)
            )
        ]
        inside: set[str] = set()
        outside: set[str] = set()
        chain, reached = _chain(rows, mark)
        for row in rows:
            counts = (row.seq, row.sha256) in chain or (
                row.seq < mark.seq and not reached.intersection(range(row.first, row.seq + 1))
            )
            (inside if counts else outside).update(json.loads(row.ids))
        found |= (outside - inside) - _written_elsewhere(conn, outside - inside, mark.replica)
    return frozenset(found)


def _written_elsewhere(conn: sqlite3.Connection, ids: set[str], replica: str) -> set[str]:
    """Those of `ids` whose stored copy another replica wrote. A folder may carry a copy of someone else's
    event under its id (a forgery: sync/duplicates.py keeps the writer's own copy); that id is not the
    folder's event, or a removed member could withdraw his own removal by copying its id."""
    from ..event_log import chunks, id_args, id_in, stored_id

    by_key = {stored_id(event_id): event_id for event_id in ids}
    found: set[str] = set()
    for chunk in chunks(list(by_key), 500):
        rows = conn.execute(
            f"SELECT e.id, r.name FROM event_log e JOIN names r ON r.ref = e.replica WHERE {id_in(len(chunk), 'e.id')}",
            id_args(chunk),
        )
        found.update(by_key[key] for key, writer in rows if writer != replica)
    return found


@record_type(frozen=True)
class _Row:
    first: int
    seq: int
    sha256: str
    prev: str
    ids: str


def _chain(rows: list[_Row], mark: Watermark) -> tuple[set[tuple[int, str]], set[int]]:
    """The segments the watermark's own segment follows, back through each one's predecessor: the device's
    genuine history. Another content under one of those numbers (a fork signed with the stolen key) is not
    on it. Where a predecessor is not here yet, the numbers below it are not decided (every copy counts)."""
    by_key = {(row.seq, row.sha256): row for row in rows}
    chain: set[tuple[int, str]] = set()
    reached: set[int] = set()
    current = by_key.get((mark.seq, mark.sha256)) if mark.seq else None
    while current is not None and (current.seq, current.sha256) not in chain:
        chain.add((current.seq, current.sha256))
        reached.update(range(current.first, current.seq + 1))
        if current.first <= 1:
            break
        current = by_key.get((current.first - 1, current.prev))
    return chain, reached


def past_removal(user: str) -> str:
    """Why an event of a removed person's device past the removal's watermark is not applied."""
    return f"{user} was removed from the team: written after the last segment the team had from that device"
