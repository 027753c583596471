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

import hashlib
import json
import sqlite3
from typing import TYPE_CHECKING, Any

from .event_log import Names, chunks, stored_id

if TYPE_CHECKING:
    from .projection import HandoffState
    from .template import Template


def checklist_name(template: Template) -> str:
    """The name (in `names`) of a checklist's columns: the same columns, the same name, in any store."""
    digest = hashlib.sha256(json.dumps(template.columns, ensure_ascii=False).encode()).hexdigest()
    return f"checklist:{digest[:32]}"


class ItemRows:
    """Turns projection_rows' item tuples into `item_rows` rows, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, names: Names) -> None:
        self._conn = conn
        self._names = names

    def rows(self, states: list[HandoffState], items: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """`item_rows` rows for projection_rows' `items` tuples (handoff id, position, template, rest)."""
        if not items:
            return []
        templates: dict[int, tuple[Template, str]] = {}
        for state in states:
            template = state.template
            if template is not None and id(template) not in templates:
                templates[id(template)] = (template, checklist_name(template))
        people = {row[i] for row in items for i in (5, 9)}
        refs = self._names.refs(
            [state.id for state in states] + [name for _, name in templates.values()] + list(people)
        )
        self._store_checklists([(template, refs[name]) for template, name in templates.values()])
        checklist = {key: refs[name] for key, (_, name) in templates.items()}
        sources = self._sources([row[11] for row in items if row[11] is not None])
        rows = []
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
            source = sources.get(event) if event is not None else None
            by = None if set_by is None else refs[set_by]
            if source is not None and source[1:] == (value, by, set_at):
                value, by, set_at, event = None, None, None, source[0]
            else:
                event = None
            rows.append(
                (
                    refs[handoff],
                    position,
                    checklist[id(template)],
                    counts,
                    value,
                    by,
                    set_at,
                    waived,
                    reason,
                    None if waived_by is None else refs[waived_by],
                    problem,
                    event,
                )
            )
        return rows

    def _sources(self, event_ids: list[str]) -> dict[str, tuple[int, Any, int, Any]]:
        """(seq, the value's JSON, author's number, at) of the stored `{"item":..,"value":..}` events of these ids:
        an item row whose value, setter and time are that event's points to it instead of repeating them."""
        by_key = {stored_id(event_id): event_id for event_id in event_ids}
        found: dict[str, tuple[int, Any, int, Any]] = {}
        for chunk in chunks(list(by_key), 500):
            marks = ",".join("?" * len(chunk))
            for key, seq, payload, author, at in self._conn.execute(
                f"SELECT id, seq, payload, author, at FROM event_log WHERE id IN ({marks}) AND item IS NOT NULL", chunk
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
