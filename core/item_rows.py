"""A handoff's item rows keep only what differs per handoff; the checklist's part is stored once.

Every handoff of a checklist version repeats the same item ids, kinds, required
flags and texts (about half of each item row). `checklist_items` holds them once
per distinct checklist, named by a hash of its columns, and `item_rows` holds the
value, who set it, the waiver and what the gate says; the `items` view joins them
back into the rows readers always saw (schema.py). A value set by an `item_set`
event is not written again: the row names the event (`value_event`), whose
stored payload is that value's JSON as the row would hold it (event_log.py), and
the view reads value, setter and time from there. Anything else (a value carried
in at creation, one the fold changed) is kept in the row.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from .event_log import Names, chunks, id_args, id_in, stored_id

if TYPE_CHECKING:
    from .projection import HandoffState
    from .template import Template


def checklist_name(template: Template) -> str:
    """The name (in `names`) of a checklist's columns: the same columns, the same name, in any store."""
    known = _NAMED.get(id(template))
    if known is not None and known[0] is template:
        return known[1]
    import hashlib  # the write path's: reading a handoff names no checklist

    digest = hashlib.sha256(json.dumps(template.columns, ensure_ascii=False).encode()).hexdigest()
    if len(_NAMED) >= 256:
        _NAMED.clear()
    _NAMED[id(template)] = (template, f"checklist:{digest[:32]}")
    return _NAMED[id(template)][1]


_NAMED: dict[int, tuple[Template, str]] = {}
"""The names of the checklists this process has written rows for (a template is parsed once per snapshot)."""


class ItemRows:
    """Turns projection_rows' item tuples into `item_rows` rows, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, names: Names) -> None:
        self._conn = conn
        self._names = names

    def rows(
        self, states: list[HandoffState], items: list[tuple[Any, ...]], fresh: dict[str, tuple[int, Any, int, Any]]
    ) -> list[tuple[Any, ...]]:
        """`item_rows` rows for projection_rows' `items` tuples (handoff id, position, template, rest).
        `fresh`: what `_sources` would find for the events this transaction just wrote (Store.insert_events)."""
        if not items:
            return []
        templates: dict[int, tuple[Template, str]] = {}
        for state in states:
            template = state.template
            if template is not None and id(template) not in templates:
                templates[id(template)] = (template, checklist_name(template))
        people = {row[5] for row in items} | {row[9] for row in items}
        refs: dict[Any, Any] = self._names.refs(
            [state.id for state in states] + [name for _, name in templates.values()] + list(people)
        )
        self._store_checklists([(template, refs[name]) for template, name in templates.values()])
        checklist = {key: refs[name] for key, (_, name) in templates.items()}
        sources = self._sources([row[11] for row in items if row[11] is not None and row[11] not in fresh])
        refs[None] = None  # nobody set it, nobody waived it
        rows: list[tuple[Any, ...]] = []
        add = rows.append
        for (
            handoff,
            position,
            template,
            counts,
            value,
            set_by,
            set_at,
            waived,
            reason,
            waived_by,
            problem,
            event,
        ) in items:
            if event is not None:
                source = fresh.get(event) or sources.get(event)
                if source is not None and source[1] == value and source[2] == refs[set_by] and source[3] == set_at:
                    add(
                        (
                            refs[handoff],
                            position,
                            checklist[id(template)],
                            counts,
                            None,
                            None,
                            None,
                            waived,
                            reason,
                            refs[waived_by],
                            problem,
                            source[0],
                        )
                    )
                    continue
            add(
                (
                    refs[handoff],
                    position,
                    checklist[id(template)],
                    counts,
                    value,
                    refs[set_by],
                    set_at,
                    waived,
                    reason,
                    refs[waived_by],
                    problem,
                    None,
                )
            )
        return rows

    def _sources(self, event_ids: list[str]) -> dict[str, tuple[int, Any, int, Any]]:
        """(seq, the value's JSON, author's number, at) of the stored `{"item":..,"value":..}` events of these ids:
        an item row whose value, setter and time are that event's points to it instead of repeating them."""
        by_key = {stored_id(event_id): event_id for event_id in event_ids}
        found: dict[str, tuple[int, Any, int, Any]] = {}
        for chunk in chunks(list(by_key), 500):
            for key, seq, payload, author, at in self._conn.execute(
                f"SELECT id, seq, payload, author, at FROM event_log WHERE {id_in(len(chunk))} AND item IS NOT NULL",
                id_args(chunk),
            ):
                found[by_key[key]] = (seq, payload, author, at)
        return found

    def _store_checklists(self, checklists: list[tuple[Template, int]]) -> None:
        refs = [ref for _, ref in checklists]
        marks = ",".join("?" * len(refs))
        stored = {
            r[0]
            for r in self._conn.execute(
                f"SELECT DISTINCT checklist FROM checklist_items WHERE checklist IN ({marks})", refs
            )
        }
        self._conn.executemany(
            "INSERT OR IGNORE INTO checklist_items (checklist, position, item_id, kind, required, text) "
            "VALUES (?,?,?,?,?,?)",
            [
                (ref, position, *column)
                for template, ref in checklists
                if ref not in stored
                for position, column in enumerate(template.columns)
            ],
        )
