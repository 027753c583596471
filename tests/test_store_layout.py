"""A database of the previous layout (text columns on every event row, item rows with their checklist text)
is moved to today's on its first open: once, atomically, then vacuumed, with every row reading the same.

tests/data/layout4-home holds such a database as SQL text (`sqlite3 baton.db .dump`), made by the release
before this layout (PROJECTION_LAYOUT 4) with `python -m bench.generate --handoffs 40 --seed 3` and one
`baton comment` with quotes and accents.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run
from layouts import layout6, layout7, previous_layout

from baton.core import report_tables, store_moves
from baton.core.errors import BatonError
from baton.core.metrics import report
from baton.core.store import PROJECTION_LAYOUT, Store

DATA = Path(__file__).parent / "data" / "layout4-home"

READ = {
    "events": "id, handoff_id, kind, hlc, at, author, replica, payload, snapshot, snapshot_at",
    "handoffs": "*",
    "items": "handoff_id, item_id, position, kind, required, counts, text, value, set_by, set_at, waived, "
    "waiver_reason, waived_by, problem",
    "comments": "*",
    "sends": "*",
    "send_blocks": "*",
    "conflicts": "*",
    "vague_sends": "*",
    "snapshots": "*",
    "teammates": "*",
}


def contents(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table a reader asks, sorted; the events also in the order they were written."""
    found = {
        table: sorted(map(tuple, conn.execute(f"SELECT {cols} FROM {table}")), key=repr) for table, cols in READ.items()
    }
    order = "rowid" if _kind(conn) == "table" else "seq"
    source = "events" if order == "rowid" else "logged_events"
    found["order"] = [tuple(r) for r in conn.execute(f"SELECT {order}, id FROM {source} ORDER BY {order}")]
    return found


def _kind(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT type FROM sqlite_schema WHERE name = 'events'").fetchone()[0])


@pytest.fixture
def old_home(tmp_path) -> Path:
    home = tmp_path / "maya"
    home.mkdir()
    shutil.copy(DATA / "config.json", home / "config.json")
    conn = sqlite3.connect(home / "baton.db")
    conn.executescript((DATA / "baton.sql").read_text(encoding="utf-8"))
    conn.close()
    return home


def test_every_handoff_event_comment_and_item_value_reads_the_same_after_the_move(old_home):
    path = old_home / "baton.db"
    with sqlite3.connect(path) as conn:
        before = contents(conn)
    size = path.stat().st_size
    assert _kind(sqlite3.connect(path)) == "table" and len(before["events"]) > 400 and before["comments"]

    store = Store(path)
    assert _kind(store.conn) == "view" and store.meta("projection_layout") == PROJECTION_LAYOUT
    assert contents(store.conn) == before
    assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed
    store.close()
    assert path.stat().st_size < size

    again = Store(path)  # the second open finds nothing to move
    assert contents(again.conn) == before
    again.close()
    listed = json.loads(run("list", "--all", "--json", home=old_home).stdout)
    assert len(listed) == len(before["handoffs"])


def test_a_move_killed_part_way_leaves_the_old_file_as_it_was(old_home):
    path = old_home / "baton.db"
    with sqlite3.connect(path) as conn:
        before = contents(conn)
    killed = (
        "import os, sys\n"
        "import baton.core.store_layout as layout\n"
        "done = []\n"
        "def encode(rows, names, real=layout.encode):\n"
        "    done.append(1)\n"
        "    if len(done) == 3:\n"
        "        os._exit(9)\n"
        "    return real(rows, names)\n"
        "layout.encode, layout.BATCH = encode, 100\n"
        "from baton.core.store import Store\n"
        "Store(sys.argv[1])\n"
    )
    result = subprocess.run([sys.executable, "-c", killed, str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 9, result.stderr
    with sqlite3.connect(path) as conn:
        assert _kind(conn) == "table"
        assert contents(conn) == before
    store = Store(path)
    assert contents(store.conn) == before
    store.close()


def test_a_store_put_back_in_the_previous_layout_moves_to_the_same_rows(team):
    handoff = team.ready()
    team["ana"].clear_item(handoff, "summary")  # a filled item is not waived (waivable.py)
    team["lea"].waive(handoff, "summary", "The client sent it by post.")
    team["ben"].comment(handoff, "Looks “good” so far.")
    team["ana"].send(handoff)
    team["ben"].return_(handoff, "The kickoff date is a Sunday.")
    before = contents(team.store.conn)
    previous_layout(team.store)
    team.store.close()
    reopened = Store(team.store.path)
    assert contents(reopened.conn) == before
    assert reopened.state(handoff).status == "returned"
    reopened.close()


def test_the_moved_file_is_smaller_per_event(old_home):
    path = old_home / "baton.db"
    with sqlite3.connect(path) as conn:
        old = conn.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE '%events%'").fetchone()[0]
    store = Store(path)
    new = store.conn.execute(
        "SELECT SUM(pgsize) FROM dbstat WHERE name IN ('event_log', 'events_by_id', 'events_by_handoff', "
        "'events_by_replica', 'names', 'names_by_name')"
    ).fetchone()[0]
    store.close()
    assert os.path.exists(path) and new < old * 0.65


def test_a_layout6_store_keys_its_event_ids_and_its_sends_by_handoff_and_reads_the_same(team):
    handoff = team.ready()
    team["ben"].comment(handoff, "Looks “good” so far.")
    team["ana"].send(handoff)
    team["ben"].return_(handoff, "The kickoff date is a Sunday.")
    store = team.store
    before = contents(store.conn)
    assert before["sends"]
    layout6(store)
    assert contents(store.conn) == before
    store.close()

    reopened = Store(store.path)
    conn = reopened.conn
    schema = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
    assert {"events_by_id", "sends_by_handoff", "send_blocks_by_handoff"}.isdisjoint(schema)
    assert {"events_by_key", "event_log_one_id_kept"} <= schema
    assert reopened.meta("projection_layout") == PROJECTION_LAYOUT
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed
    assert contents(conn) == before
    assert reopened.state(handoff).status == "returned"

    # Each id is still stored once: the error a UNIQUE index gave, and the view skips a copy as before.
    event = dict(conn.execute("SELECT * FROM events LIMIT 1").fetchone())
    with pytest.raises(sqlite3.IntegrityError), reopened.writing():
        reopened.insert_events([dict(event, handoff_id="another")], stored_handoffs=set())
    conn.execute(
        f"INSERT INTO events ({', '.join(event)}) VALUES ({', '.join('?' * len(event))})", tuple(event.values())
    )
    assert contents(conn) == before
    conn.execute("DELETE FROM events WHERE id = ?", (event["id"],))
    assert reopened.stored_ids([event["id"]]) == set()
    reopened.close()


def test_a_new_database_is_made_in_todays_layout_as_a_relayout_would_leave_it(tmp_path, monkeypatch):
    """A new store records today's layouts as it creates its tables: opening it relays out and refills
    nothing, and it holds exactly the tables, indexes, triggers and layout marks a relayout leaves."""

    def schema(store: Store) -> tuple[list[tuple], list[tuple]]:
        tables = sorted(tuple(r) for r in store.conn.execute("SELECT type, name, sql FROM sqlite_schema"))
        marks = sorted(tuple(r) for r in store.conn.execute("SELECT key, value FROM meta WHERE key LIKE '%layout'"))
        return tables, marks

    new = Store(tmp_path / "new.db")
    made = schema(new)
    new.close()
    relaid = Store(tmp_path / "relaid.db")
    with relaid.writing():
        relaid.set_meta("projection_layout", "3")
    relaid.close()
    relaid = Store(tmp_path / "relaid.db")  # an older layout on open: every projection table made again
    assert relaid.meta("projection_layout") == PROJECTION_LAYOUT
    assert schema(relaid) == made
    relaid.close()

    def never(move: store_moves.Move) -> None:
        raise AssertionError("a store in today's layout was relaid out, refilled or packed")

    for step in ("_move_events", "_relayout", "_recount", "_pack"):
        monkeypatch.setattr(store_moves, step, never)
    Store(tmp_path / "new.db").close()
    Store(":memory:").close()


def layout7_story(team) -> int:
    """Handoffs sent, returned, accepted, blocked and waived, so every kept report table has rows; the time
    to report at."""
    ana, ben = team["ana"], team["ben"]
    returned = team.ready()
    ana.clear_item(returned, "summary")  # a filled item is not waived (waivable.py)
    team["lea"].waive(returned, "summary", "The client sent it by post.")
    ana.send(returned)
    team.wall.advance(3 * 3_600_000)
    ben.return_(returned, "The kickoff date is a Sunday.")
    accepted = team.ready()
    ana.send(accepted)
    ben.accept(accepted)
    blocked = team.draft()
    with pytest.raises(BatonError):
        ana.send(blocked)
    waiting = team.ready()
    ana.send(waiting)
    ben.comment(waiting, "Looks “good” so far.")
    return team.wall.now + 30 * 86_400_000


def test_a_layout7_store_moves_to_todays_layout_and_reads_and_reports_the_same(team):
    now = layout7_story(team)
    store = team.store
    before = contents(store.conn)
    shown = {limit: dataclasses.asdict(report(store.conn, now, limit=limit)) for limit in (1, 50)}
    assert shown[50]["breaches"] and shown[50]["return_reasons"] and shown[50]["blocking_items"]
    layout7(store)
    assert "handoff_id" in {r[1] for r in store.conn.execute("PRAGMA table_info(report_rounds)")}
    assert store.conn.execute("SELECT type FROM sqlite_schema WHERE name = 'sends'").fetchone()[0] == "table"
    store.close()

    reopened = Store(store.path)
    conn = reopened.conn
    for table in report_tables.REPORT_TABLES:
        assert "handoff" in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}, table
    assert report_tables.ready(conn)
    schema = {r[0]: r[1] for r in conn.execute("SELECT name, type FROM sqlite_schema")}
    assert {"events_by_replica", "report_rounds", "report_handoffs"}.isdisjoint(schema)
    assert {"handoffs_waiting", "handoffs_to_send"} <= set(schema)
    assert schema["sends"] == "view" and schema["rounds"] == "table"
    assert reopened.meta("projection_layout") == PROJECTION_LAYOUT
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed
    assert contents(conn) == before
    assert {limit: dataclasses.asdict(report(conn, now, limit=limit)) for limit in (1, 50)} == shown
    reopened.close()
