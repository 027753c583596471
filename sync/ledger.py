"""Bookkeeping in the replica's database: which segment files were taken in, and how far export got.

`sync_segments` has one row per segment file read or written, keyed by the replica
folder and the file name (the name carries the content hash). A row is written in
the same transaction as the events it brought, so a kill never leaves a segment
counted but not applied, or applied but not counted. `status` is `done`, or
`retry` when some lines could not be used yet (a newer schema, a clock absurdly
far ahead): such a file is read again on every sync, harmlessly, since events
are imported by id.

`basis` is set when a verdict on some line depended on more than the file itself:
the hash of the replica.json that said whose folder it is (an event whose author
is not that user is not imported). When replica.json changes, the file is read
again, so a folder whose replica.json was wrong for a while loses nothing once it
is put right. Rows from before this column existed are read again once.

A snapshot (see compaction.py) is recorded under the number of the last segment
it folds, with that segment's hash rather than its own (its name carries its own):
that is what the next segment names as its predecessor, and what a clash of
numbers is judged against. This replica's own snapshot rows are never among
`own_segments`: restore writes those from their events, one segment each.
"""

from __future__ import annotations

import json

from baton.core.store import Store
from baton.core.team import origins

ADOPTED = "sync.adopted_own"
"""meta key: names of own segments taken back in from the folder after a restore (backup.py)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS sync_segments (
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    seq INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    events INTEGER NOT NULL,
    own INTEGER NOT NULL DEFAULT 0,
    basis TEXT,
    PRIMARY KEY (source, name)
)
"""
UNKNOWN_BASIS = "?"
"""The basis of a row written before bases were kept: never equal to a hash, so the file is read again."""
EXPORT_CURSOR = "sync.export_rowid"
EXPORT_SEQ = "sync.export_seq"
EXPORT_LOOKED = "sync.export_looked"
"""meta key: how far the last export looked through the event log (`Ledger.looked`)."""
_LAST_ROW = "SELECT seq, quote(id) FROM event_log ORDER BY seq DESC LIMIT 1"
LOOK_AHEAD = 1000
"""Rows an export must have passed before it records how far it looked: reading that many again costs well
under a millisecond, and a quiet sync (a few teammate events since) writes nothing."""


class Ledger:
    def __init__(self, store: Store) -> None:
        self.store = store
        with store.lock:
            store.conn.execute(SCHEMA)
            if not self._has_basis():
                with store.writing():
                    if not self._has_basis():  # another process may have added it meanwhile
                        store.conn.execute("ALTER TABLE sync_segments ADD COLUMN basis TEXT")
                        store.conn.execute("UPDATE sync_segments SET basis = ? WHERE own = 0", (UNKNOWN_BASIS,))

    def _has_basis(self) -> bool:
        return "basis" in {r[1] for r in self.store.conn.execute("PRAGMA table_info(sync_segments)")}

    def fill_origins(self) -> None:
        """Folders taken in before segments' origins were recorded (core/team/origins.py) get a row per segment
        taken in, with no event ids: enough for a lead's copy to name the last segment it took from a device it
        retires or a person it removes (a watermark), where it would otherwise fall back on stamps. Once."""
        conn = self.store.conn
        with self.store.lock:
            conn.execute(origins.SCHEMA)
            missing = conn.execute(
                "SELECT source, seq, sha256 FROM sync_segments s WHERE own = 0 AND status = 'done' AND NOT EXISTS "
                "(SELECT 1 FROM event_origins o WHERE o.replica = s.source) ORDER BY source, seq"
            ).fetchall()
            if not missing:
                return
            with self.store.writing():
                origins.record(conn, [(str(r[0]), int(r[1]), int(r[1]), str(r[2]), "", []) for r in missing])

    def done(self) -> dict[tuple[str, str], str]:
        """(source, name) -> status for every segment file already read or written."""
        with self.store.lock:
            return {
                (r[0], r[1]): r[2] for r in self.store.conn.execute("SELECT source, name, status FROM sync_segments")
            }

    def bases(self) -> dict[tuple[str, str], str]:
        """(source, name) -> basis, for the files whose verdict depended on their folder's replica.json."""
        with self.store.lock:
            return {
                (r[0], r[1]): r[2]
                for r in self.store.conn.execute(
                    "SELECT source, name, basis FROM sync_segments WHERE basis IS NOT NULL"
                )
            }

    def hashes(self) -> dict[str, dict[int, set[str]]]:
        """source -> number -> the hashes of the segments taken in under it (more than one is tampering)."""
        found: dict[str, dict[int, set[str]]] = {}
        with self.store.lock:
            for source, seq, sha256 in self.store.conn.execute("SELECT source, seq, sha256 FROM sync_segments"):
                found.setdefault(source, {}).setdefault(int(seq), set()).add(sha256)
        return found

    def own_segments(self, replica_id: str) -> list[tuple[int, str, str, int]]:
        """(number, name, hash, events) of every segment this replica wrote, in number order, one per number.

        Those it took back in from its own folder after a restored backup count too (own = 0, as `own_hash`
        reads them): a snapshot or a segment written again from this replica's events counts their lines,
        or it would stop short of its newest events and fold them away."""
        found: dict[int, tuple[int, str, str, int]] = {}
        with self.store.lock:
            for r in self.store.conn.execute(
                "SELECT seq, name, sha256, events FROM sync_segments WHERE source = ? AND (own = 1 OR status = 'done') "
                "AND name NOT LIKE '%.snapshot.jsonl' ORDER BY seq, own DESC, name",
                (replica_id,),
            ):
                found.setdefault(int(r[0]), (int(r[0]), r[1], r[2], int(r[3])))
        return list(found.values())

    def own_hash(self, replica_id: str, seq: int) -> str | None:
        """The hash of this replica's segment number `seq` (what the next one names as its predecessor)."""
        row = self.store.conn.execute(
            # own = 0 too: a segment of this replica's taken in from its folder after a restored backup
            "SELECT sha256 FROM sync_segments WHERE source = ? AND seq = ? ORDER BY own DESC, name LIMIT 1",
            (replica_id, seq),
        ).fetchone()
        return str(row[0]) if row else None

    def own_names(self, replica_id: str) -> set[str]:
        """Segments this replica wrote, or took back in from its own folder after a restore (`adopt`). Read
        under the write lock, after listing the folder: another process of this replica renames a segment
        into place and records it in one transaction, so every own file a listing saw is recorded by now
        (not taken for another device's)."""
        with self.store.lock, self.store.writing():
            return {
                r[0]
                for r in self.store.conn.execute(
                    "SELECT name FROM sync_segments WHERE source = ? AND own = 1", (replica_id,)
                )
            } | set(self.adopted())

    def adopted(self) -> list[str]:
        """Own segments written before this database knew them (backup.py), taken back in as this replica's."""
        raw = self.store.meta(ADOPTED) or "[]"
        try:
            names = json.loads(raw)
        except ValueError:
            return []
        return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []

    def adopt(self, names: set[str]) -> None:
        with self.store.atomic():
            self.store.set_meta(ADOPTED, json.dumps(sorted(names)))

    def record(
        self,
        source: str,
        name: str,
        seq: int,
        sha256: str,
        status: str,
        events: int,
        own: bool = False,
        basis: str | None = None,
    ) -> None:
        """Inside the caller's transaction."""
        self.store.conn.execute(
            "INSERT OR REPLACE INTO sync_segments (source, name, seq, sha256, status, events, own, basis) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (source, name, seq, sha256, status, events, int(own), basis),
        )

    def cursor(self) -> tuple[int, int]:
        """(last exported events rowid, last segment sequence number written)."""
        return int(self.store.meta(EXPORT_CURSOR, "0") or 0), int(self.store.meta(EXPORT_SEQ, "0") or 0)

    def advance(self, rowid: int, seq: int) -> None:
        """Inside the caller's transaction."""
        self.store.set_meta(EXPORT_CURSOR, str(rowid))
        self.store.set_meta(EXPORT_SEQ, str(seq))

    def unexported_after(self) -> int:
        """The row after which this replica's own events wait to go out: the export cursor, or the last row
        the last export looked at, if it is further and still the row it saw.

        The event log has no index by replica (it cost 140 B a handoff): an export reads the log in row order
        from here, and a teammate's events it has passed are not read again. A row number is given again
        only after the last row is deleted (SQLite's rule without AUTOINCREMENT), so a mark whose row has
        gone or holds another event is not trusted; nor is one made under another cursor (one moved back
        to export everything again)."""
        rowid = self.cursor()[0]
        mark = self.store.meta(EXPORT_LOOKED) or ""
        cursor, _, rest = mark.partition(":")
        seq, _, event_id = rest.partition(":")
        if cursor == str(rowid) and seq.isdigit() and int(seq) > rowid:
            row = self.store.conn.execute("SELECT quote(id) FROM event_log WHERE seq = ?", (int(seq),)).fetchone()
            if row is not None and row[0] == event_id:
                return int(seq)
        return rowid

    def looked(self) -> None:
        """Inside the caller's write transaction, once an export found nothing more to write: every event
        stored now has been looked at (under today's cursor), recorded once that is LOOK_AHEAD rows on."""
        last = self.store.conn.execute(_LAST_ROW).fetchone()
        if last is not None and last[0] - self.unexported_after() >= LOOK_AHEAD:
            self.store.set_meta(EXPORT_LOOKED, f"{self.cursor()[0]}:{last[0]}:{last[1]}")
