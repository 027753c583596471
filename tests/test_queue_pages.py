"""A queue read a page at a time: the same rows in the same order as read whole, and the Team tab's and
the open inbox's pages come in an index's order instead of sorting every open handoff."""

from __future__ import annotations

import itertools

import pytest
from test_app_support import FrozenClock, kit_handoff, team

from baton.core import queues
from baton.core.queues import SORTABLE, QueueFilter


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """Handoffs in every status, many changed in the same millisecond (ties the order must break by id)."""
    root = tmp_path_factory.mktemp("queues")
    clock = FrozenClock()
    maya, ben = team(root, clock)
    for n in range(24):
        by, to = (maya, "ben") if n % 3 else (ben, "maya")
        handoff = kit_handoff(by, f"Handoff {n:02}", to, clock=clock, hours=0 if n % 4 else 1)
        if n % 5 == 0:
            continue  # a draft
        by.send(handoff)
        receiver = ben if by is maya else maya
        if n % 5 == 1:
            receiver.accept(handoff)
        elif n % 5 == 2:
            receiver.return_(handoff, "The start date is missing its time zone")
        elif n % 5 == 3:
            by.cancel(handoff, "The client went elsewhere")
    maya.close()
    return root / "baton.db"


@pytest.mark.parametrize(
    ("scope", "open_only", "sort", "descending"),
    list(itertools.product(("inbox", "outbox", "mine", "team"), (True, False), sorted(SORTABLE), (True, False))),
)
def test_pages_read_the_queue_as_read_whole(database, scope, open_only, sort, descending):
    queue = QueueFilter(user="maya", scope=scope, open_only=open_only, sort=sort, descending=descending)
    with queues.connect(database) as conn:
        whole = [row["id"] for row in queues.page(conn, queue)]
        paged = [row["id"] for offset in range(0, 30, 4) for row in queues.page(conn, queue, offset, 4)]
        assert paged == whole
        assert len(whole) == queues.count(conn, queue)


@pytest.mark.parametrize(("scope", "index"), [("team", "handoffs_by_updated"), ("inbox", "handoffs_inbox")])
def test_the_open_team_tab_and_inbox_read_a_page_in_an_index_order(database, scope, index):
    """The app's Team tab and its first screen, the open inbox, newest change first: a page read in the
    order of an index, not a sort of every open handoff (or every one waiting on this person)."""
    queue = QueueFilter(user="maya", scope=scope, open_only=True)
    with queues.connect(database) as conn:
        seen: list[str] = []
        conn.set_trace_callback(seen.append)
        queues.page(conn, queue, 0, 100)
        conn.set_trace_callback(None)
        sql = next(s for s in seen if s.lstrip().startswith("SELECT"))
        plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert index in plan, plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # at most the ties are sorted ("RIGHT PART")


async def test_every_column_of_the_app_sorts_its_queue(tmp_path):
    """`o` steps the sort through every column, both ways (Required and Due / answer by once failed to read): each
    on a tab that shows it (the Inbox leaves out Receiver, the Team tab From)."""
    from test_app_support import settle

    from baton.core.home import Home
    from baton.tui.app import BatonApp
    from baton.tui.widgets.queue_columns import QUEUE_COLUMNS
    from baton.tui.widgets.queue_table import QueueTable

    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    for n in range(3):
        kit_handoff(maya, f"Handoff {n}", "ben", clock=clock)
    ben.send(kit_handoff(ben, "From Ben", "maya", clock=clock))  # the Inbox has a row to read too
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    sorted_by = set()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        for tab in ("inbox", "team"):
            app.screen.query_one("#scopes").active = tab
            await settle(pilot)
            for _ in QUEUE_COLUMNS:  # the cycle comes back to last change first: it starts there
                if table.queue.sort != "updated":
                    await pilot.press("o")
                    await settle(pilot)
            for column in table.shown_columns():
                for _ in range(2):
                    await pilot.press("o" if table.queue.sort != column.key else "O")
                    await settle(pilot)
                    assert table.queue.sort == column.key
                    assert table.total == (1 if tab == "inbox" else 4), column.key
                    assert table.row(0) is not None, column.key  # its page was read
                sorted_by.add(column.key)
        assert sorted_by == {c.key for c in QUEUE_COLUMNS}
    maya.close()


def test_a_store_made_before_the_inbox_index_has_it_from_its_next_open(tmp_path, database):
    """`handoffs_by_receiver` (receiver, status) left a person with few handoffs waiting among many sent to
    others walking the whole team's sent handoffs for one page: an older store takes the inbox index on open."""
    import shutil
    import sqlite3

    from baton.core.store import Store

    older = tmp_path / "older.db"
    shutil.copy(database, older)
    with sqlite3.connect(older) as conn:
        conn.execute("DROP INDEX handoffs_inbox")
        conn.execute("CREATE INDEX handoffs_by_receiver ON handoffs (receiver, status)")
    Store(older).close()
    with sqlite3.connect(older) as conn:
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE tbl_name = 'handoffs'")}
    assert "handoffs_inbox" in indexes and "handoffs_by_receiver" not in indexes
