"""Export: this replica's new events become new segments in its own folder.

New means: written by this replica (its id on the event) and after the export
cursor, an event's `seq` (its row number in `event_log`). The cursor moves only after the segment is
safely renamed into place, in one transaction with the ledger row (held from
reading the cursor, so two processes of one replica never race). A kill between
the rename and that commit leaves a finished segment the next run would write
again byte for byte (same events in the same order under the same sequence
number), so it finds the file already there and just records it.

Every segment is sealed (see segment.py): signed with this device's key and
naming the hash of this replica's previous segment. A home from before device
keys gets its key here, on its first export (`baton init` makes one up front).
Ed25519 signatures are deterministic, so a segment written again from the same
events is the same file, byte for byte.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from baton.core.replica import Replica
from baton.core.team import origins
from baton.core.team.keys import DeviceKey
from baton.core.team.membership import device_key
from baton.core.team.roster import Roster

from . import segment
from .backup import Ahead
from .ledger import Ledger

BATCH = 20_000
"""Events per segment: small enough for a sync engine to move in one go."""

_quote = json.JSONEncoder(ensure_ascii=False).encode


def wire_line(row: tuple[Any, ...]) -> bytes:
    """One stored event as its wire JSON (the `Event` model's fields); payload is stored canonical."""
    event_id, handoff, kind, hlc, at, author, replica, payload = row
    return (
        f'{{"v":1,"id":{_quote(event_id)},"handoff":{_quote(handoff)},"kind":{_quote(kind)},'
        f'"hlc":{_quote(hlc)},"at":{int(at)},"author":{_quote(author)},"replica":{_quote(replica)},'
        f'"payload":{payload}}}'
    ).encode()


def sealer(key: DeviceKey, replica_id: str, seq: int, prev: str) -> Callable[[str], segment.Seal]:
    """The seal of segment `seq` of this replica, given its lines' hash."""

    def seal(sha256: str) -> segment.Seal:
        return segment.Seal(prev, key.public, key.sign(segment.signed_message(replica_id, seq, prev, sha256)))

    return seal


def export(
    replica: Replica,
    own_folder: Path,
    ledger: Ledger,
    batch: int = BATCH,
    key: DeviceKey | None = None,
    ahead: Ahead | None = None,
) -> tuple[int, int]:
    """Write every unexported local event; (segments, events) written. OSError leaves the cursor where it was.

    `ahead`: the own folder holds newer segments than the cursor knows (back from a backup, see backup.py).

    DeviceKeyError (before anything is written) when the home's key is unreadable or damaged.
    """
    store = replica.store
    key = key or device_key(replica.home)
    _sweep_temp_files(own_folder)
    segments = events = 0
    while True:
        with store.lock:
            # Held from reading the cursor: a second baton process of this replica (a watcher
            # and a CLI run) waits here instead of writing one number with different events.
            with store.writing():
                seq = ledger.cursor()[1]
                prev_hash: str | None = None
                if ahead is not None and ahead.seq > seq:
                    seq, prev_hash = ahead.seq, ahead.tip
                rows = store.conn.execute(
                    "SELECT seq, id, handoff_id, kind, hlc, at, author, replica, payload, snapshot, snapshot_at "
                    "FROM logged_events "
                    "WHERE replica = ? AND seq > ? ORDER BY seq LIMIT ?",
                    (replica.config.replica_id, ledger.unexported_after(), batch),
                ).fetchall()
                if not rows:
                    ledger.looked()
                if rows and ahead is not None:
                    kept = [row for row in rows if row[1] not in ahead.ids]
                    if not kept:  # all already in the own folder's newer segments
                        ledger.advance(rows[-1][0], seq)
                        continue
                    rows = kept
                if rows:
                    join = store.snapshots.join
                    lines = [wire_line((*row[1:8], join(row[8], row[9], row[10]))) for row in rows]
                    rows, lines = _within_size(rows, lines)
                    adopted = _left_by_a_kill(own_folder, seq + 1, lines)
                    prev = prev_hash or (ledger.own_hash(replica.config.replica_id, seq) if seq else "")
                    if adopted is not None:
                        path, digest, count = adopted
                        rows, lines = rows[:count], lines[:count]
                    else:
                        seal = sealer(key, replica.config.replica_id, seq + 1, prev or "")
                        path, digest = segment.write(own_folder, seq + 1, lines, seal)
                    ledger.record(replica.config.replica_id, path.name, seq + 1, digest, "done", len(lines), own=True)
                    # Which segment carried each own event, as for a teammate's (core/team/origins.py): a removal's
                    # or demotion's watermark then withdraws the same events here as on every other copy.
                    marked = _watermarked(store.roster(), replica.config.replica_id)
                    origins.record(
                        store.conn,
                        [(replica.config.replica_id, seq + 1, seq + 1, digest, prev or "", [r[1] for r in rows])],
                    )
                    if marked is not None:  # written before the mark was heard of, sent out only now
                        store.project(sorted(store.verdicts_moved(marked, store.roster())))
                    ledger.advance(rows[-1][0], seq + 1)
        if not rows:
            if ahead is not None and ahead.seq > ledger.cursor()[1]:
                with store.lock, store.writing():
                    ledger.advance(ledger.cursor()[0], ahead.seq)
            return segments, events
        segments += 1
        events += len(lines)


def _watermarked(roster: Roster, own_id: str) -> Roster | None:
    """The roster, when one of its watermarks (a retirement, a removal, a demotion) names this replica's folder:
    then a segment recorded now can withdraw events this copy applied. None otherwise (nothing to fold again)."""
    marks = [*roster.watermarks.values(), *roster.removal_marks.values(), *(m for m, _ in roster.demotions.values())]
    return roster if any(mark.replica == own_id for mark in marks) else None


def _within_size(rows: list[Any], lines: list[bytes]) -> tuple[list[Any], list[bytes]]:
    """The first events whose lines fit in one segment a reader takes whole (the rest go in the next)."""
    size = 0
    for count, line in enumerate(lines):
        size += len(line) + 1
        if size > segment.MAX_WRITE and count:
            return rows[:count], lines[:count]
    return rows, lines


def _left_by_a_kill(own_folder: Path, seq: int, lines: list[bytes]) -> tuple[Path, str, int] | None:
    """A finished segment with this number that a killed run renamed into place but never recorded.

    It holds the first events after the cursor (more may have been written since),
    so it is adopted as it is instead of writing a second, different segment under
    the same number, which teammates would rightly take for a copied profile.
    """
    for path in sorted(own_folder.glob(f"{seq:06d}-*{segment.SUFFIX}")):
        name = segment.parse_name(path.name)
        if name is None or name.copy:
            continue
        try:
            found = segment.read(path)
        except (segment.SegmentIncomplete, segment.NotAFile, segment.BadSeal, OSError):
            continue  # not one this replica wrote: never adopted
        if found.lines and found.lines == lines[: len(found.lines)]:
            return path, found.sha256, len(found.lines)
    return None


def _sweep_temp_files(own_folder: Path, older_than_s: float = 600) -> None:
    """Temp files a killed run left in our own folder (readers ignore them; this keeps the folder tidy).

    Only old ones: a second baton process on this device may be writing one right now.
    """
    cutoff = time.time() - older_than_s
    for temp in own_folder.glob(f"{segment.TEMP_PREFIX}*{segment.TEMP_SUFFIX}"):
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
        except OSError:
            pass
