"""The home screen's queue, read in a thread while Textual starts.

Textual takes a good part of the start to load and set up; the queue's count and first
page take a few milliseconds of SQL. Read in a thread from the moment `baton` knows whose
queue it opens on, they are usually there before the screen is first drawn: the first
frame shows the rows at once, instead of "Loading…" and then the rows (one drawing of the
whole screen less). The queue table takes the result (`QueueTable(first_read=...)`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
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
    """The count and first page of `queue`, read in a thread started now."""

    def __init__(self, database: Path, queue: queues.QueueFilter, page: int) -> None:
        self.queue = queue
        self._lock = threading.Lock()
        self._read: Read | None = None
        self._then: Callable[[Read], object] | None = None
        threading.Thread(target=self._run, args=(database, page), name="first-read", daemon=True).start()

    def _run(self, database: Path, page: int) -> None:
        read: Read
        try:
            read = read_first_page(database, self.queue, page)
        except sqlite3.Error as exc:
            read = str(exc)
        with self._lock:
            self._read, then = read, self._then
        if then is not None:
            then(read)

    def now_or_then(self, then: Callable[[Read], object]) -> Read | None:
        """What was read if it is there now; if not, None, and `then` is called with it from the thread."""
        with self._lock:
            if self._read is None:
                self._then = then
            return self._read
