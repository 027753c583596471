"""The benchmark data generator builds a home that real commands can read, in every state."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from baton.core.catalog import builtin_entries  # noqa: E402
from baton.core.events import Event, event_from_row  # noqa: E402
from baton.core.statuses import STATUSES  # noqa: E402
from baton.core.store import Store  # noqa: E402
from bench.generate import generate  # noqa: E402

BATON = Path(sys.executable).with_name("baton")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "home"
    generate(root, 200, seed=3, ready_drafts=5)
    return root


def query(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "baton.db") as conn:
        return conn.execute(sql).fetchall()


def test_every_status_and_story_appears(home: Path) -> None:
    statuses = {row[0] for row in query(home, "SELECT DISTINCT status FROM handoffs")}
    assert statuses == set(STATUSES)
    assert query(home, "SELECT count(*) FROM handoffs")[0][0] == 205
    kinds = {row[0] for row in query(home, "SELECT DISTINCT kind FROM events")}
    assert {
        "created",
        "item_set",
        "send_blocked",
        "sent",
        "returned",
        "accepted",
        "cancelled",
        "waived",
        "commented",
        "reassigned",
    } <= kinds
    assert query(home, "SELECT count(*) FROM handoffs WHERE return_count > 0 AND status = 'accepted'")[0][0] > 0
    assert query(home, "SELECT count(*) FROM items WHERE waived = 1")[0][0] > 0
    assert query(home, "SELECT count(*) FROM send_blocks")[0][0] > 0
    assert query(home, "SELECT count(DISTINCT template_id) FROM handoffs")[0][0] == len(
        list((ROOT / "checklists").glob("*.toml"))
    )
    assert len({row[0] for row in query(home, "SELECT DISTINCT replica FROM events")}) == 5
    assert len({row[0] for row in query(home, "SELECT DISTINCT tz FROM teammates")}) >= 4


def test_events_are_what_commands_write_and_fold_without_conflicts(home: Path) -> None:
    assert query(home, "SELECT count(*) FROM conflicts")[0][0] == 0
    store = Store(home / "baton.db")
    try:
        for row in store.query("SELECT * FROM events"):
            stored = dict(row)
            stored["payload"] = store.snapshots.join(
                stored.pop("payload"), stored.pop("snapshot"), stored.pop("snapshot_at")
            )
            assert Event.model_validate(event_from_row(stored)).row() == stored
        # every checklist snapshot is stored once, not once per handoff
        assert next(store.query("SELECT count(*) FROM events WHERE kind = 'created' AND snapshot IS NULL"))[0] == 0
        assert 0 < next(store.query("SELECT count(*) FROM snapshots"))[0] <= len(builtin_entries())
    finally:
        store.close()
    # one replica never stamps two events alike
    assert query(home, "SELECT count(*) - count(DISTINCT hlc) FROM events")[0][0] == 0
    # the projection written in bulk is the one a rebuild computes
    before = query(home, "SELECT * FROM handoffs ORDER BY id")
    tally = "SELECT * FROM report_tally WHERE n != 0 OR m != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7"
    kept = query(home, tally)  # the report's running counts, added up chunk by chunk
    store = Store(home / "baton.db")
    store.rebuild()
    store.close()
    assert query(home, "SELECT * FROM handoffs ORDER BY id") == before
    assert query(home, tally) == kept


def test_baton_reads_it(home: Path) -> None:
    env = {**os.environ, "BATON_HOME": str(home)}
    listed = subprocess.run(
        [str(BATON), "list", "--all", "--json"], env=env, capture_output=True, text=True, check=True
    )
    rows = json.loads(listed.stdout)
    assert len(rows) == 205
    ready = query(home, "SELECT id FROM handoffs WHERE sender = 'maya' AND status = 'draft' AND blockers = 0")
    assert len(ready) >= 5
    sent = subprocess.run([str(BATON), "send", ready[0][0]], env=env, capture_output=True, text=True)
    assert sent.returncode == 0, sent.stderr
    assert query(home, f"SELECT status FROM handoffs WHERE id = '{ready[0][0]}'")[0][0] == "sent"


def test_same_seed_same_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", 30, seed=9)
    generate(tmp_path / "b", 30, seed=9)
    sql = "SELECT id, kind, author, payload FROM events ORDER BY id"
    assert query(tmp_path / "a", sql) == query(tmp_path / "b", sql)


def test_refuses_an_existing_home(home: Path) -> None:
    before = query(home, "SELECT count(*) FROM events")
    result = subprocess.run(
        [sys.executable, "-m", "bench.generate", "--home", str(home), "--handoffs", "10"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "already holds a replica" in result.stderr and "Traceback" not in result.stderr
    assert query(home, "SELECT count(*) FROM events") == before
