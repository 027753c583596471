"""The home screen's queue, read as `baton` starts, before Textual runs.

The queue's count and first page take a few milliseconds of SQL; read before the app
runs (as the check of the database's layout just before it is), they are there when
the screen is first drawn: the first frame shows the rows at once, instead of drawing
the whole screen with "Loading…" and again with the rows. Read in a thread beside
Textual's start instead, they came later and cost more: the reader takes the GIL back
for every row while the main thread is busy starting the app. The queue table takes
the result (`QueueTable(first_read=...)`); any other queue it reads in its own threads.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from baton.core import queues

Read = tuple[int, list[dict[str, Any]]] | str
"""The queue's count and its first page of rows, or why they could not be read."""


def read_first_page(database: Path, queue: queues.QueueFilter, page: int) -> tuple[int, list[dict[str, Any]]]:
    """How many rows `queue` holds, and the first `page` of them, over one connection."""
    conn = queues.connect(database)
    try:
        total = queues.count(conn, queue)
        return total, [dict(r) for r in queues.page(conn, queue, 0, page)] if total else []
    finally:
        conn.close()


class FirstRead:
    """The count and first page of `queue`, read now."""

    def __init__(self, database: Path, queue: queues.QueueFilter, page: int) -> None:
        self.queue = queue
        self.read: Read
        try:
            self.read = read_first_page(database, queue, page)
        except sqlite3.Error as exc:
            self.read = str(exc)
