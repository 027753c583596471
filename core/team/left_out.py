"""Events a snapshot leaves out: a folder's own segments say what its snapshot must hold.

A snapshot (sync/compaction.py) stands for segments 1..K of one folder: the same events, signed
again as one file. A modified baton can sign a snapshot that omits one of them (a return its
writer would rather nobody saw). A copy that took in those segments keeps the event, but a
teammate joining later reads only the snapshot and never sees it, and nothing would say so.

Every copy that holds both a snapshot and a segment it stands for compares them, in whichever
order they arrive, from the per-segment record of event ids (origins.py): an id the segment
carried that the snapshot does not is left out. Numbers with two contents (a fork, reported as
tampering on its own) and segments recorded without their ids (taken in by an older baton) are
not compared, so an honest snapshot is never accused.
"""

from __future__ import annotations

import json
import sqlite3

from ..record import record


@record(frozen=True)
class LeftOut:
    """A snapshot of `replica`'s folder standing for segments 1..`seq` that lacks `count` of their events."""

    replica: str
    seq: int
    count: int


class SnapshotCheck:
    """The check for one recording: which snapshots each folder has is read once per folder, so a segment
    that no snapshot stands for (nearly every one) costs no query."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def _spans_of(self, replica: str) -> list[tuple[int, int]]:
        if replica not in self._spans:
            rows = self.conn.execute(
                "SELECT first, seq FROM event_origins WHERE replica = ? AND first < seq", (replica,)
            )
            self._spans[replica] = [(int(r[0]), int(r[1])) for r in rows]
        return self._spans[replica]

    def left_out(self, replica: str, first: int, seq: int, sha: str, ids: list[str]) -> LeftOut | None:
        """What the segment or snapshot about to be recorded shows missing from a snapshot; None when nothing."""
        spans = self._spans_of(replica)
        if first < seq:
            spans.append((first, seq))
            return self._snapshot(replica, first, seq, sha, ids)
        if not any(a <= seq <= b for a, b in spans) or len(_contents(self.conn, replica, seq) | {sha}) > 1:
            return None
        worst: LeftOut | None = None  # a segment: against every snapshot standing for its number
        for snap_seq, snap_ids in self.conn.execute(
            "SELECT seq, ids FROM event_origins WHERE replica = ? AND first < seq AND first <= ? AND seq >= ?",
            (replica, seq, seq),
        ):
            missing = set(ids) - set(json.loads(snap_ids))
            if missing and (worst is None or len(missing) > worst.count):
                worst = LeftOut(replica, int(snap_seq), len(missing))
        return worst

    def _snapshot(self, replica: str, first: int, seq: int, sha: str, ids: list[str]) -> LeftOut | None:
        """Every segment the snapshot stands for that is here, and any earlier snapshot, against its ids."""
        conn = self.conn
        missing = {i for n in range(first, seq + 1) for i in _segment_ids(conn, replica, n, sha if n == seq else None)}
        for (earlier,) in conn.execute(
            "SELECT ids FROM event_origins WHERE replica = ? AND first < seq AND seq < ?", (replica, seq)
        ):
            missing.update(json.loads(earlier))
        missing -= set(ids)
        return LeftOut(replica, seq, len(missing)) if missing else None


def _contents(conn: sqlite3.Connection, replica: str, seq: int) -> set[str]:
    """Hashes of the plain segments numbered `seq` recorded from this folder."""
    rows = conn.execute(
        "SELECT sha256 FROM event_origins WHERE replica = ? AND seq = ? AND first = seq", (replica, seq)
    )
    return {str(r[0]) for r in rows}


def _segment_ids(conn: sqlite3.Connection, replica: str, seq: int, sha: str | None) -> list[str]:
    """The ids the one plain segment numbered `seq` carried (the snapshot's tip, when `sha` names it); none
    when it is not here, was recorded without ids, or has two contents."""
    rows = conn.execute(
        "SELECT sha256, ids FROM event_origins WHERE replica = ? AND seq = ? AND first = seq", (replica, seq)
    ).fetchall()
    if sha is not None:
        rows = [r for r in rows if r[0] == sha]
    return list(json.loads(rows[0][1])) if len(rows) == 1 else []
