"""A comment's row names the `commented` event it comes from instead of repeating it.

A comment is its event: the same id, author, time and text. `comment_rows` keeps
the handoff's number and the event's row number, and the `comments` view reads
the rest from `event_log` (schema.py). A comment whose event is not stored, or
whose text SQLite reads otherwise than the fold did, is kept whole (its row
number negative, so it never names an event).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .event_log import Names, chunks, id_args, id_in, stored_id


def comment_rows(conn: sqlite3.Connection, names: Names, comments: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """`comment_rows` rows for projection_rows' `comments` tuples (id, handoff id, author, at, text)."""
    if not comments:
        return []
    refs = names.refs(handoff for _, handoff, _, _, _ in comments)
    sources = _sources(conn, [row[0] for row in comments])
    rows = []
    for index, (comment_id, handoff, author, at, text) in enumerate(comments):
        source = sources.get(comment_id)
        if source is not None and source[1:] == (refs[handoff], author, at, text):
            rows.append((refs[handoff], source[0], None, None, None, None))
        else:
            rows.append((refs[handoff], -1 - index, comment_id, author, at, text))
    return rows


def _sources(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, tuple[int, int, str, int, Any]]:
    """(seq, handoff's number, author, at, text as the view reads it) of the stored events of these ids."""
    by_key = {stored_id(event_id): event_id for event_id in event_ids}
    found = {}
    for chunk in chunks(list(by_key), 500):
        for key, *source in conn.execute(
            "SELECT e.id, e.seq, e.handoff, a.name, e.at, "
            "CASE WHEN json_valid(e.payload) THEN json_extract(e.payload, '$.text') END "
            f"FROM event_log e JOIN names a ON a.ref = e.author WHERE {id_in(len(chunk), 'e.id')} AND e.item IS NULL",
            id_args(chunk),
        ):
            found[by_key[key]] = tuple(source)
    return found
