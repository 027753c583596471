"""One event id, two contents: found wherever they meet, settled the same way on every replica.

Event ids are random, so two events with one id and different content are never
an accident of sync: one is damaged or forged. Whichever copy arrived first must
not simply win, or replicas that saw them in a different order would disagree for
good. So every copy that meets another (in one batch, or against the stored one)
is compared by content, and `genuine` picks the one to keep by content alone:
the same answer whatever the order of arrival. A stored copy that loses is
replaced and its handoff folded again; every losing copy is reported by file and
line. Two exceptions to "by content alone", both read from the copies themselves:
- a copy whose id is bound to the replica that wrote it (core/ids.py `bound_to`: every
  id baton writes is) wins over every copy that is not: a member who writes an event
  under a teammate's id (to make it vanish: a `created`, a lead's removal of him) loses
  wherever the two meet, whatever he put in it. Ids from before binding are settled
  by what follows, as before;
- then a copy from the segment its writer's chain names, when its number has another
  content signed by the same device (verify.py, `decide`), wins over the others, the
  stored one included; that is how a replica that took in a rewritten segment first
  comes back to the genuine one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from baton.core import bounded_json
from baton.core.ids import bound_to
from baton.core.store import Store

_COLUMNS = itemgetter("handoff_id", "kind", "hlc", "at", "author", "replica")
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode


def canonical(row: dict[str, Any]) -> str:
    """An event row as one text, the same for the same content however its payload was laid out."""
    payload = row["payload"]
    try:
        payload = _dumps(bounded_json.loads(payload))
    except (ValueError, TypeError):
        pass  # not JSON: compared as it is
    return _dumps([row["id"], *_COLUMNS(row), payload])


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two rows of one id hold the same event (payload text compared as JSON when it differs)."""
    if _COLUMNS(a) != _COLUMNS(b):
        return False
    return a["payload"] == b["payload"] or canonical(a) == canonical(b)


def genuine(copies: list[dict[str, Any]], preferred: AbstractSet[int] = frozenset()) -> dict[str, Any]:
    """The copy every replica keeps among rows of one id with different content.

    A copy whose id is bound to its writer's replica first; then a copy from a segment the writer's
    chain names (`preferred`: `id()` of such rows); else by content only (the lowest SHA-256 of its
    canonical text), so the answer does not depend on which copy came first or from where.
    """
    return min(
        copies,
        key=lambda row: (
            not bound_to(row["id"], row["replica"]),
            id(row) not in preferred,
            hashlib.sha256(canonical(row).encode()).hexdigest(),
        ),
    )


@dataclass
class Settled:
    """What to do with a batch's rows after comparing copies of one id."""

    dropped: set[int] = field(default_factory=set)
    """`id()` of incoming rows that are not to be inserted (a losing copy)."""
    replaced: dict[str, str] = field(default_factory=dict)
    """Event id -> handoff of the stored copy that lost (delete it, fold that handoff again)."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """(index of the incoming row it concerns, reason), to report by file and line."""


def settle(
    rows: list[dict[str, Any]], stored: dict[str, dict[str, Any]], preferred: AbstractSet[int] = frozenset()
) -> Settled:
    """Compare the batch's rows of one id with each other and with the stored row of that id."""
    result = Settled()
    first: dict[str, int] = {}
    again: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if first.setdefault(row["id"], index) != index:
            again.setdefault(row["id"], []).append(index)
    why = (
        "kept by the rule every replica applies (the copy whose id is its writer's, then the copy its writer's chain"
        " names, else the lowest content hash)"
    )
    for event_id in sorted(set(again) | (stored.keys() & first.keys())):
        indexes = [first[event_id], *again.get(event_id, ())]
        earlier = stored.get(event_id)
        copies = [rows[i] for i in indexes] + ([earlier] if earlier is not None else [])
        if all(same(copies[0], other) for other in copies[1:]):
            continue
        winner = genuine(copies, preferred)
        for index in indexes:
            if not same(rows[index], winner):
                result.dropped.add(id(rows[index]))
                result.problems.append(
                    (
                        index,
                        f"event {event_id[:8]} comes with another content elsewhere: this copy is not applied, {why}",
                    )
                )
        if earlier is not None and not same(earlier, winner):
            result.replaced[event_id] = earlier["handoff_id"]
            keep = next(i for i in indexes if same(rows[i], winner))
            result.problems.append(
                (keep, f"event {event_id[:8]} replaces the copy imported before, whose content differs: {why}")
            )
    return result


def stored_rows(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored rows (payload whole) of these event ids, by id."""
    found: dict[str, dict[str, Any]] = {}
    for row in store.rows_by_id(ids):
        whole = store.whole_row(row)
        found[whole["id"]] = whole
    return found


class Inserted(NamedTuple):
    new: set[str]
    """Ids of the events that were new."""
    replaced: set[str]
    """Handoffs whose stored copy of an event lost (and the winners' handoffs): fold them from the store."""
    copies: list[tuple[str, str]]
    """(file:line, reason) for every copy not applied, and every stored copy replaced."""
    rows: list[dict[str, Any]]
    events: list[dict[str, Any]]
    """The rows and parsed events that remain, losing copies taken out."""


def insert(
    store: Store,
    rows: list[dict[str, Any]],
    events: list[dict[str, Any]],
    where: list[tuple[Path, int]],
    existing: set[str],
    preferred: AbstractSet[int] = frozenset(),
) -> Inserted:
    """Insert a batch of imported rows (inside the caller's transaction), copies of one id settled first.

    Ids are looked up only for handoffs already stored (the fast path of a first
    import). An id stored under another handoff shows as a refused insert; then
    every id is looked up and the batch settled again (the same rule, the same result).
    """
    lookup = [row["id"] for row in rows if row["handoff_id"] in existing]
    try:
        with store.db.atomic():
            return _insert(store, rows, events, where, existing, stored_rows(store, lookup), preferred)
    except sqlite3.IntegrityError:
        everything = stored_rows(store, [row["id"] for row in rows])
        return _insert(store, rows, events, where, existing, everything, preferred)


def _insert(
    store: Store,
    rows: list[dict[str, Any]],
    events: list[dict[str, Any]],
    where: list[tuple[Path, int]],
    existing: set[str],
    stored: dict[str, dict[str, Any]],
    preferred: AbstractSet[int],
) -> Inserted:
    settled = settle(rows, stored, preferred)
    copies = [(f"{where[i][0]}:{where[i][1]}", reason) for i, reason in settled.problems]
    if settled.dropped:
        keep = [i for i, row in enumerate(rows) if id(row) not in settled.dropped]
        rows, events = [rows[i] for i in keep], [events[i] for i in keep]
    for event_id in settled.replaced:
        store.delete_event(event_id)
    replaced = set(settled.replaced.values()) | {r["handoff_id"] for r in rows if r["id"] in settled.replaced}
    # Rows inserted in the order of the largest index (handoff, stamp) touch each of its pages once.
    rows = sorted(rows, key=itemgetter("handoff_id", "hlc"))
    new = store.insert_events(rows, existing, stored.keys() - settled.replaced.keys())
    return Inserted(new, replaced, copies, rows, events)
