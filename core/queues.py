"""Queues: which handoffs a person sees, read straight from the projection.

Plain `sqlite3` and no pydantic, because `baton list` and the app's first frame
must start fast. Rows come a page at a time, so 100,000 handoffs cost no more
than the rows on screen.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import busy
from .blank_database import refuse_empty
from .deadlines import answer_by_sql
from .deadlines import row_answer_by as acceptance_deadline
from .report_tables import REPORT_LAYOUT
from .schema import PACK_OWED, PROJECTION_LAYOUT
from .statuses import OPEN, STATUSES, WITH_RECEIVER, sql_in

SCOPES = ("inbox", "outbox", "mine", "team")
SORTABLE: dict[str, tuple[str, ...]] = {
    "title": ("title COLLATE NOCASE",),
    "transition": ("from_stage", "to_stage"),
    "owner": ("owner",),
    "receiver": ("receiver",),
    "sender": ("sender",),
    "status": ("status",),
    "progress": ("CAST(required_done AS REAL) / MAX(required_total, 1)",),
    "age": ("created_at",),
    "created": ("created_at",),
    "updated": ("updated_at",),
    "due": ("COALESCE(due, '9999')",),
    "window": (f"COALESCE({answer_by_sql()}, 9e18)",),
}
"""Each sort key's SQL terms, in order; the direction is added to every term (a term may hold commas)."""
COLUMNS = (
    "id, template_id, template_version, from_stage, to_stage, title, sender, receiver, owner, next_actor, "
    "status, due, created_at, first_sent_at, sent_at, answered_at, accept_within_hours, required_done, "
    "required_total, blockers, return_count, return_reason, conflicts, updated_at, answer_by"
)


@dataclass(frozen=True)
class QueueFilter:
    """What a queue shows: whose view, which statuses and stages, and a search text."""

    user: str
    scope: str = "mine"
    statuses: tuple[str, ...] = ()
    stage: str | None = None
    search: str = ""
    sort: str = "updated"
    descending: bool = True
    open_only: bool = False
    """Only handoffs still moving (draft, sent, returned): the app's default view."""
    transition: str | None = None
    """Only one transition, `from->to` or `from → to` (a row of the lead dashboard), or a template id."""
    waiting_on: str | None = None
    """Only handoffs whose next step is with this person (a row of the lead dashboard)."""

    @classmethod
    def listed(cls, user: str, scope: str, status: str | None = None) -> QueueFilter:
        """What `baton list` shows in `scope`: its outbox is your drafts, sent and returned handoffs (the open
        outbox, as the app's Outbox tab opens); the app's `a` shows every handoff you sent, closed ones too."""
        return cls(user=user, scope=scope, statuses=(status,) if status else (), open_only=scope == "outbox")

    def where(self, paging: bool = False) -> tuple[str, list[Any]]:
        """The WHERE clause and its parameters.

        `paging`: for a page of rows in the queue's order (not a count). The open-only test then
        keeps off the status index (`+status`): SQLite walks the index on the last change, newest
        first, and stops after a page, instead of reading and sorting every open handoff (the
        Team tab at 100,000 handoffs: a page in about 1 ms instead of 350 ms). A count still
        counts through the status index, and the scopes' own tests keep theirs. An open inbox or outbox
        folds the open test into its own status list instead: the inbox's is then `sent` alone, and
        its page is read from the inbox index newest first (at 100,000 handoffs: 0.5 ms instead of
        13 ms spent sorting the 3,000 handoffs a person has waiting, and as fast for a person with few).
        """
        clauses: list[str] = []
        params: list[Any] = []
        if self.scope in ("inbox", "outbox"):
            column = "receiver" if self.scope == "inbox" else "sender"
            held: tuple[str, ...] = WITH_RECEIVER if self.scope == "inbox" else STATUSES  # all you sent, closed too
            if self.open_only:  # one status list, so an open inbox reads `status = 'sent'` in its index's order
                held = tuple(status for status in held if status in OPEN)
            clauses.append(f"({column} = ? AND status IN {sql_in(held)})")
            params.append(self.user)
        elif self.scope == "mine":
            clauses.append(
                f"((receiver = ? AND status IN {sql_in(WITH_RECEIVER)}) OR (sender = ? AND status IN {sql_in(OPEN)}))"
            )
            params += [self.user, self.user]
        if self.open_only and self.scope not in ("inbox", "outbox"):
            clauses.append(f"{'+' if paging else ''}status IN ('draft', 'sent', 'returned')")
        arrow = next((a for a in ("->", "→") if a in (self.transition or "")), None)
        if self.transition and arrow:  # `from->to`, or `from → to` as the lead dashboard's rows name it
            source, target = (part.strip() for part in self.transition.split(arrow, 1))
            clauses.append("(from_stage = ? AND to_stage = ?)")
            params += [source, target]
        elif self.transition:
            clauses.append("template_id = ?")
            params.append(self.transition)
        if self.waiting_on:
            clauses.append("next_actor = ?")
            params.append(self.waiting_on)
        if self.statuses:
            clauses.append(f"status IN ({','.join('?' * len(self.statuses))})")
            params += list(self.statuses)
        if self.stage:
            clauses.append("(from_stage = ? OR to_stage = ?)")
            params += [self.stage, self.stage]
        if self.search.strip():
            for word in self.search.split():
                like = f"%{word.lower()}%"
                clauses.append(
                    "(lower(title) LIKE ? OR id LIKE ? OR sender LIKE ? OR receiver LIKE ? OR template_id LIKE ?)"
                )
                params += [like, f"{word.lower()}%", like, like, like]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def order(self) -> str:
        terms = SORTABLE.get(self.sort, SORTABLE["updated"])
        direction = "DESC" if self.descending else "ASC"
        return f" ORDER BY {', '.join(f'{term} {direction}' for term in terms)}, id"


def connect(path: Path | str, own: str | None = None) -> sqlite3.Connection:
    """A read connection to a replica's database (rows as sqlite3.Row), its projection in today's layout.

    The readers that skip the store (list, report, export, remind, the dashboard, the app's
    first frame) would otherwise meet a database of an older layout before any command opened
    the store and moved it: opening the store once brings it up to date (store_moves.py), here,
    before the reader's first query (and before the app takes the screen: the move is said on stderr).
    """
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.execute(busy.busy_timeout_pragma())
    refuse_empty(conn, path)  # a reader is only given a home's database that is there
    if own is not None:  # a home's reader (`own`, its replica id): never another home's copied in (home_owner.py)
        from .home_owner import ForeignDatabase, refuse_foreign

        try:
            refuse_foreign(conn, Path(path), own)
        except ForeignDatabase:
            conn.close()
            raise
    if not _settled(conn):
        from .store import Store

        Store(path).close()
    return conn


def _settled(conn: sqlite3.Connection) -> bool:
    """Whether opening the store would change nothing: its projection and the report's kept figures in
    today's layouts and no packing owed, or no baton database yet (no meta table)."""
    try:
        marks = dict(conn.execute(_MARKS).fetchall())
    except sqlite3.OperationalError:  # no meta table: not a baton database yet
        return True
    return (
        marks.get("projection_layout", "1") == PROJECTION_LAYOUT
        and marks.get("report_layout") == REPORT_LAYOUT
        and PACK_OWED not in marks
    )


_MARKS = f"SELECT key, value FROM meta WHERE key IN ('projection_layout', 'report_layout', '{PACK_OWED}')"


def count(conn: sqlite3.Connection, queue: QueueFilter) -> int:
    where, params = queue.where()
    return int(conn.execute(f"SELECT count(*) FROM handoffs{where}", params).fetchone()[0])


def page(
    conn: sqlite3.Connection, queue: QueueFilter, offset: int = 0, limit: int | None = None, columns: str = COLUMNS
) -> list[sqlite3.Row]:
    """One page of the queue, in its sort order (`columns`: fewer for a reader that shows fewer: each
    column read is a Python object made per row)."""
    where, params = queue.where(paging=limit is not None)
    sql = f"SELECT {columns} FROM handoffs{where}{queue.order()}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = params + [limit, offset]
    return conn.execute(sql, params).fetchall()


def position(conn: sqlite3.Connection, queue: QueueFilter, handoff_id: str) -> int | None:
    """Where `handoff_id` sits in the queue's order (0-based), or None when the queue does not hold it.

    The app keeps its cursor on a handoff, not on a row number, across reloads.
    """
    where, params = queue.where()
    order = queue.order().removeprefix(" ORDER BY ")
    sql = f"SELECT n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY {order}) - 1 AS n FROM handoffs{where}) WHERE id = ?"
    row = conn.execute(sql, [*params, handoff_id]).fetchone()
    return None if row is None else int(row[0])


def waiting_counts(conn: sqlite3.Connection, user: str) -> dict[str, int]:
    """How many open handoffs each of the app's tabs holds for `user` (inbox, outbox, team), and how many
    wait on them: sent to them (`inbox_waiting`), or their drafts and returned handoffs (`outbox_waiting`)."""
    counts = {
        scope: count(conn, QueueFilter(user=user, scope=scope, open_only=True)) for scope in ("inbox", "outbox", "team")
    }
    counts["inbox_waiting"] = counts["inbox"]
    counts["outbox_waiting"] = count(conn, QueueFilter(user=user, scope="outbox", statuses=("draft", "returned")))
    return counts


def all_ids(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM handoffs ORDER BY id")]


__all__ = [
    "COLUMNS",
    "SCOPES",
    "SORTABLE",
    "STATUSES",
    "QueueFilter",
    "acceptance_deadline",
    "all_ids",
    "connect",
    "count",
    "page",
]
