"""Back from an old backup: this replica's own folder holds segments its database does not know.

A home restored from a backup (or copied back after a disk failure) has an export
cursor older than its own folder. Writing its next segment under the cursor's
number would put a second content under a number teammates already took in (which
every replica reports as tampering), and the events in those newer segments would
be missing here. So, before export, a sync that finds own files numbered past the
cursor, with nothing written here waiting to go out (the first sync after the
restore, as `baton sync` is run on opening a restored home), first takes them in like any teammate's segments (their events come back,
imported by id, nothing doubles), then moves the export cursor past them: the next
segment is numbered after the newest one in the folder and names it (its hash, or
a snapshot's `tip`) as its predecessor. Events already in those files are not
exported again; events written here since the backup go out in the next segment.

The files taken in are remembered as this replica's own (`Ledger.adopt`): they are not another device
writing as this replica, and are not said to be on every later sync. A home whose database was lost
(deleted, or moved aside when damaged) is the same case with no cursor at all: its first sync brings
back everything it had sent to the folder.

Known limits: a change made in the restored home before its first sync goes out
under a number the folder already holds, which every replica reports as two
devices writing as one replica (both contents are applied, nothing is lost), since
that is indistinguishable from a copied profile. Segments written after such a catch-up cannot be written again by
restore.py from the database (the order of events there no longer matches the
folder's); while they stay in the folder nothing is lost, and restore reports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from baton.core import bounded_json

from . import segment
from .ledger import Ledger


@dataclass(frozen=True)
class Ahead:
    seq: int
    """The newest own number in the folder."""
    tip: str
    """What the next segment names as its predecessor."""
    ids: frozenset[str]
    """Event ids already in the own folder past the cursor: not exported again."""


def ahead(own_folder: Path, ledger: Ledger, replica_id: str) -> list[Path]:
    """This replica's own files numbered past its export cursor (not conflict copies), when nothing written
    here waits to go out; [] otherwise.

    Read under the write lock: another process of this replica writes a segment and moves the cursor in one
    transaction, so its file is never taken for one from a backup. Events waiting to go out mean this is not
    a fresh restore: a segment left by a killed export (the exporter adopts it), or a copied profile's
    other device writing as this replica, which must stay loud (two contents under one number)."""
    store = ledger.store
    with store.lock, store.writing():
        seq = ledger.cursor()[1]
        waiting = store.conn.execute(
            "SELECT 1 FROM logged_events WHERE replica = ? AND seq > ? LIMIT 1",
            (replica_id, ledger.unexported_after()),
        ).fetchone()
        if waiting:
            return []
        try:
            names = sorted(p.name for p in own_folder.iterdir())
        except OSError:
            return []
    found = []
    for name in names:
        parsed = segment.parse_name(name)
        if parsed is not None and not parsed.copy and parsed.seq > seq:
            found.append(own_folder / name)
    return found


def catch_up(own_folder: Path, ledger: Ledger, replica_id: str, take_in: Callable[[], None]) -> Ahead | None:
    """Take in own files past the cursor and say where export goes on from; None when there are none."""
    files = ahead(own_folder, ledger, replica_id)
    if not files:
        return None
    adopted = set(ledger.adopted())
    ledger.adopt(adopted | {path.name for path in files})  # this replica's own, not another device's, while taken in
    take_in()
    # Only what the import took in: anyone can put a file in this folder, and one that fails the
    # signature or the chain must not move the cursor (it is kept aside like any other).
    done = ledger.done()
    ids: set[str] = set()
    top, tip = 0, ""
    ledger.adopt(adopted | {path.name for path in files if done.get((replica_id, path.name)) == "done"})
    for path in files:
        if done.get((replica_id, path.name)) != "done":
            continue
        try:
            found = segment.read(path)
        except (segment.SegmentIncomplete, segment.NotAFile, segment.BadSeal, OSError):
            continue
        parsed = segment.parse_name(path.name)
        assert parsed is not None
        for line in found.lines:
            try:
                event_id = bounded_json.loads(line).get("id")
            except (ValueError, AttributeError):
                continue
            if isinstance(event_id, str):
                ids.add(event_id)
        if parsed.seq > top:
            top, tip = parsed.seq, found.fold.tip if found.fold is not None else found.sha256
    return Ahead(top, tip, frozenset(ids)) if top else None
