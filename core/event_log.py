"""How events are kept on disk: small numbers for the names they repeat, ids as 16 bytes, stamps and
payloads without what the rest of the row already says.

An event row names its handoff, kind, author and replica; a team has a few of
each but writes them on every row, and a handoff's 32-character id on a dozen
rows. The `names` table gives each name a number once, and `event_log` holds the
numbers. Each column is kept in its short form only where that form gives back
the written text exactly, and as written otherwise, so nothing depends on an
event being well formed:

- `id`: 16 bytes when it is 32 lowercase hex digits (every id baton mints);
- `hlc`: NULL when it is `<at, 16 digits>-0000-<replica>` (an event stamped
  with its own time, the usual case);
- `item` and `payload`: for a payload `{"item":"X","value":V}`, X's number and V
  alone (most events set an item); the number negated for
  `{"as_lead":true,"item":"X","value":V}` (a lead setting it).

The `events` view puts every column back as it was written, so readers see the
rows they always saw (see schema.py); only writes and look-ups by id come here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_STAMP_LIMIT = 10**16
"""Times below this have the 16 digits a stamp gives them."""

EVENT_FIELDS = "id, handoff_id, kind, hlc, at, author, replica, payload, snapshot, snapshot_at"
"""The columns of the `events` view, in its order."""

COLUMNS = "id, handoff, kind, hlc, at, author, replica, item, payload, snapshot, snapshot_at"
"""The columns of `event_log` that `encode` fills, in its order."""


def stored_id(event_id: Any) -> Any:
    """An event id as `event_log` keeps it: 16 bytes for a 32-digit lowercase hex id, as given otherwise."""
    if type(event_id) is str and len(event_id) == 32:
        try:
            key = bytes.fromhex(event_id)
        except ValueError:
            return event_id
        if key.hex() == event_id:  # lowercase, no spaces: the text the view gives back
            return key
    return event_id


def own_stamp(hlc: Any, at: Any, replica: Any) -> bool:
    """Whether a stamp says no more than the event's time and replica (kept as NULL, put back by the view's
    printf, which ends a text at a NUL character)."""
    return (
        type(at) is int
        and 0 <= at < _STAMP_LIMIT
        and type(replica) is str
        and hlc == f"{at:016d}-0000-{replica}"
        and "\x00" not in replica
    )


def split_payload(payload: Any) -> tuple[str | None, bool, Any]:
    """(item, whether `as_lead` leads, the value's JSON) for a payload `{"item":"X","value":V}` or
    `{"as_lead":true,"item":"X","value":V}`; (None, False, payload) for any other."""
    if type(payload) is not str or not payload.endswith("}"):
        return None, False, payload
    if payload.startswith('{"item":"'):
        start, lead = 9, False
    elif payload.startswith('{"as_lead":true,"item":"'):
        start, lead = 24, True
    else:
        return None, False, payload
    end = payload.find('"', start)
    if end < 0 or not payload.startswith('","value":', end) or "\\" in payload[start:end]:
        return None, False, payload
    return payload[start:end], lead, payload[end + 10 : -1]


class Names:
    """The numbers of one store's names, looked up (and given out) a batch at a time, inside the caller's
    transaction. Nothing is remembered between calls: a number given out in a transaction that was rolled
    back would otherwise be taken for one that is stored."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def refs(self, names: Iterable[Any]) -> dict[Any, int]:
        """Each name's number, new names numbered now."""
        wanted = {name for name in names if name is not None}
        found = self.known(wanted)
        missing = sorted((name for name in wanted if name not in found), key=str)
        if missing:
            self._conn.executemany("INSERT OR IGNORE INTO names (name) VALUES (?)", [(name,) for name in missing])
            found.update(self.known(missing))
        return found

    def known(self, names: Iterable[Any]) -> dict[Any, int]:
        """The numbers of those of these names that have one."""
        found: dict[Any, int] = {}
        for chunk in chunks(list(names), 500):
            marks = ",".join("?" * len(chunk))
            found.update(self._conn.execute(f"SELECT name, ref FROM names WHERE name IN ({marks})", chunk))
        return found


def encode(rows: Sequence[tuple[Any, ...]], names: Names) -> list[tuple[Any, ...]]:
    """`event_log` rows (in COLUMNS order) for events given as (id, handoff_id, kind, hlc, at, author,
    replica, payload, snapshot, snapshot_at) tuples, the payload as stored (snapshot text cut out)."""
    split = [split_payload(row[7]) if row[8] is None else (None, False, row[7]) for row in rows]
    wanted = {row[1] for row in rows} | {row[2] for row in rows} | {row[5] for row in rows}
    wanted |= {row[6] for row in rows} | {row[8] for row in rows} | {item for item, _, _ in split}
    refs: dict[Any, Any] = names.refs(wanted)
    refs[None] = None  # no snapshot, no item
    encoded: list[tuple[Any, ...]] = []
    add = encoded.append
    for (event_id, handoff, kind, hlc, at, author, replica, _, sha, snapshot_at), (item, lead, payload) in zip(
        rows, split, strict=True
    ):
        ref = refs[item]
        add(
            (
                stored_id(event_id),
                refs[handoff],
                refs[kind],
                None if own_stamp(hlc, at, replica) else hlc,
                at,
                refs[author],
                refs[replica],
                -ref if lead else ref,
                payload,
                refs[sha],
                snapshot_at,
            )
        )
    return encoded


KEY_BYTES = 4
"""How much of an id the `events_by_key` index keeps (schema.py): the first 4 of its 16 bytes. Ids are
random, so two events share a key once in four billion pairs; a look-up then reads both rows and compares
the whole id (`id_in`). The index is not UNIQUE, so each id is kept stored once by SECOND_COPY."""

SECOND_COPY = (
    "SELECT 1 FROM event_log n JOIN event_log o ON substr(o.id, 1, 4) = substr(n.id, 1, 4) AND o.id = n.id "
    "AND o.seq <> n.seq WHERE n.seq > ? LIMIT 1"
)
"""Whether an event written after row ? has an id stored twice: Store.insert_events asks it once after its
insert and fails as a UNIQUE index would (sqlite3.IntegrityError, which sync/duplicates.py takes for a copy
stored under another handoff). One probe of `events_by_key` per new row, in one statement: a trigger doing
the same per row cost 3 µs an event (seven times as much) on a newcomer's import."""


def id_in(count: int, column: str = "id") -> str:
    """SQL for `column` (an `event_log` id) being one of `count` ids (`stored_id`'s form, bound by `id_args`),
    found through `events_by_key`: the key narrows, the whole id decides."""
    keys = ",".join([f"substr(?, 1, {KEY_BYTES})"] * count)
    ids = ",".join("?" * count)
    return f"substr({column}, 1, {KEY_BYTES}) IN ({keys}) AND {column} IN ({ids})"


def id_args(ids: Sequence[Any]) -> list[Any]:
    """The parameters of `id_in(len(ids))`: each id once for its key, once whole (plain `?` placeholders:
    numbered ones bound from a sequence are refused from Python 3.14)."""
    return [*ids, *ids]


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class EventLookups:
    """Stored events found by id (mixed into `Store`): the view's id is computed, so these ask `event_log`."""

    conn: sqlite3.Connection

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of these event ids that are stored."""
        by_key = {stored_id(event_id): event_id for event_id in ids}
        found: set[str] = set()
        for chunk in chunks(list(by_key), 500):
            found.update(
                by_key[r[0]]
                for r in self.conn.execute(f"SELECT id FROM event_log WHERE {id_in(len(chunk))}", id_args(chunk))
            )
        return found

    def rows_by_id(self, ids: Iterable[str]) -> list[sqlite3.Row]:
        """The stored rows (as the `events` view gives them) of those of these event ids that are stored."""
        keys = sorted({stored_id(event_id) for event_id in ids}, key=repr)
        rows: list[sqlite3.Row] = []
        for chunk in chunks(keys, 500):
            rows += self.conn.execute(
                f"SELECT {EVENT_FIELDS} FROM logged_events "
                f"WHERE seq IN (SELECT seq FROM event_log WHERE {id_in(len(chunk))})",
                id_args(chunk),
            ).fetchall()
        return rows

    def delete_event(self, event_id: str) -> None:
        """Take one stored event out (a copy that lost to another of its id: sync/duplicates.py)."""
        self.conn.execute(f"DELETE FROM event_log WHERE {id_in(1)}", id_args([stored_id(event_id)]))
