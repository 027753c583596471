"""`baton sync` and `baton teammates` as commands, including a real process killed at any moment."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from conftest import BATON, GOOD_VALUES, run, write_relay

from baton.core.events import Event
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.replica import Replica
from baton.sync import segment


def init(home: Path, user: str, tz: str, shared: Path | None = None) -> None:
    args = ["init", "--user", user, "--tz", tz] + (["--sync-dir", shared] if shared else [])
    result = run(*args, home=home)
    assert result.returncode == 0, result.stderr
    write_relay(home / "checklists")


@pytest.fixture
def homes(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben = tmp_path / "ana", tmp_path / "ben"
    init(ana, "ana", "Europe/Berlin", shared)
    init(ben, "ben", "Asia/Singapore")
    return ana, ben, shared


def test_two_teammates_sync_through_the_cli(homes):
    ana, ben, shared = homes
    result = run("sync", "--dir", shared, home=ben)
    assert result.returncode == 0, result.stderr
    assert f"Shared folder set to {shared}" in result.stdout
    assert json.loads((ben / "config.json").read_text())["sync_dir"] == str(shared)
    handoff = run("new", "relay", "--title", "Acme deal", "--to", "ben", home=ana).stdout.strip()
    for item_id, raw in GOOD_VALUES.items():
        assert run("set", handoff, item_id, *([] if raw is None else [raw]), home=ana).returncode == 0
    assert run("send", handoff, home=ana).returncode == 0
    out = run("sync", home=ana)
    assert out.returncode == 0 and "out: 9 events in 1 segment" in out.stdout
    got = run("sync", home=ben)
    assert (
        "in:  9 events from 1 segment, 1 handoff changed" in got.stdout and "teammates' folders read: ana" in got.stdout
    )
    assert run("accept", handoff[:8], home=ben).returncode == 0
    run("sync", home=ben)
    back = run("sync", "--json", home=ana)
    report = json.loads(back.stdout)
    assert report["imported_events"] == 1 and report["changed"] == [handoff] and report["problems"] == []
    shown = run("show", handoff, "--json", home=ana)
    assert json.loads(shown.stdout)["status"] == "accepted"
    mates = run("teammates", home=ana)
    assert mates.returncode == 0
    lines = mates.stdout.splitlines()
    assert lines[0].startswith("ana") and "(you)" in lines[0] and "Europe/Berlin" in lines[0]
    assert lines[1].startswith("ben") and "Asia/Singapore" in lines[1] and "it is " in lines[1]
    listed = json.loads(run("teammates", "--json", home=ana).stdout)
    assert [m["user"] for m in listed] == ["ana", "ben"] and listed[1]["last_seen"] and not listed[1]["you"]
    assert listed[0]["you"] and listed[0]["last_seen"] is None  # as the table's "(you)": not when ana was seen


def test_a_sync_dir_holding_the_database_is_refused(homes, tmp_path):
    ana, ben, shared = homes
    for bad in (tmp_path, ben, ben / "sub" / ".."):
        result = run("sync", "--dir", bad, home=ben)
        assert result.returncode == 1
        assert "contains baton's own database" in result.stderr and "Traceback" not in result.stderr
    assert json.loads((ben / "config.json").read_text())["sync_dir"] is None
    refused = run("init", "--user", "cal", "--sync-dir", tmp_path, home=tmp_path / "cal")
    assert refused.returncode == 1 and "contains baton's own database" in refused.stderr
    assert not (tmp_path / "cal" / "config.json").exists()


def test_sync_without_a_folder_or_with_a_missing_one(homes, tmp_path):
    ana, ben, shared = homes
    result = run("sync", home=ben)
    assert result.returncode == 1 and "no shared folder set" in result.stderr
    gone = tmp_path / "unmounted"
    assert run("sync", "--dir", gone, home=ben).returncode == 0  # created: its parent exists
    shutil.rmtree(gone)  # the drive is unplugged later: sync waits for it
    result = run("sync", home=ben)  # nothing went out: a scheduled sync can tell
    assert result.returncode == 1 and "does not exist" in result.stdout and "will retry" in result.stdout
    assert "Traceback" not in result.stderr
    as_json = run("sync", "--json", home=ben)
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["unreachable"] is True
    gone.mkdir()  # mounted again
    assert run("sync", home=ben).returncode == 0


def test_an_empty_dir_is_refused_not_taken_for_no_change(homes):
    ana, ben, shared = homes
    before = (ana / "config.json").read_text()
    for empty in ("", "  "):
        result = run("sync", "--dir", empty, home=ana)
        assert result.returncode != 0 and result.stdout == ""
        assert (
            result.stderr == "baton: --dir needs the path of the folder your sync engine shares (nothing was changed)\n"
        )
    assert (ana / "config.json").read_text() == before


def test_problems_are_printed_with_file_and_reason(homes):
    ana, ben, shared = homes
    run("sync", home=ana)
    rid = json.loads((ana / "config.json").read_text())["replica_id"]
    bad = shared / "baton" / "v1" / "replicas" / rid / "000007-0badf00d.jsonl"
    bad.write_bytes(b'{"v":1,"id":"half a line')  # a segment being written in place
    result = run("sync", "--dir", shared, home=ben)
    assert result.returncode == 0
    assert f"problem: {bad}: still arriving" in result.stdout and "(will retry)" in result.stdout


def test_sync_watch_runs_until_ctrl_c(homes):
    ana, ben, shared = homes
    run("sync", "--dir", shared, home=ben)
    env = {**os.environ, "BATON_HOME": str(ben)}
    process = subprocess.Popen(
        [str(BATON), "sync", "--watch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr.readline().startswith(f"Watching {shared}")
        handoff = run("new", "relay", "--title", "Acme deal", "--to", "ben", home=ana).stdout.strip()
        run("sync", home=ana)
        lines = []
        while not any("in:  1 event" in line for line in lines):
            line = process.stdout.readline()
            assert line, "the watcher stopped early"
            lines.append(line)
        assert any("teammates' folders read: ana" in line for line in lines + [process.stdout.readline()])
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert "Stopped." in process.stderr.read()
    finally:
        process.kill()
    assert json.loads(run("show", handoff, "--json", home=ben).stdout)["title"] == "Acme deal"


# ---- killed at any moment ----------------------------------------------------


def fill_home(home: Path, handoffs: int, comments: int) -> int:
    """Many events written fast, as months of work would leave them; returns how many."""
    replica = Replica.open(Home(home))
    try:
        ids = [replica.create("relay", f"Deal {n}", "ben") for n in range(handoffs)]
        rows = []
        for n in range(comments):
            rows.append(
                Event(
                    id=new_id(),
                    handoff=ids[n % handoffs],
                    kind="commented",
                    hlc=replica.clock.tick(),
                    at=replica.wall(),
                    author="ana",
                    replica=replica.config.replica_id,
                    payload={"text": f"note {n}"},
                ).row()
            )
        replica.store.append(rows, clock=replica.clock.last)
        return handoffs + comments
    finally:
        replica.close()


def start(home: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "BATON_HOME": str(home)}
    return subprocess.Popen([str(BATON), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(home: Path, *args: str) -> float:
    began = time.monotonic()
    result = run(*args, home=home)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - began


def assert_folder_whole(shared: Path) -> None:
    """Every file under a segment name is a whole segment; anything else is a temp file readers ignore."""
    for path in shared.rglob("*"):
        if path.is_file() and segment.parse_name(path.name):
            segment.read(path)
        elif path.is_file():
            assert path.name in ("replica.json", "acks.json") or path.name.startswith(segment.TEMP_PREFIX), path


def assert_database_sound(home: Path) -> None:
    """Intact, and the bookkeeping agrees with the log: nothing counted but not applied, or the reverse."""
    conn = sqlite3.connect(home / "baton.db")
    rid = json.loads((home / "config.json").read_text())["replica_id"]
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_segments'").fetchone():
            return  # killed before the first sync got going
        taken_in = conn.execute("SELECT COALESCE(SUM(events), 0) FROM sync_segments WHERE own = 0").fetchone()[0]
        foreign = conn.execute("SELECT COUNT(*) FROM events WHERE replica != ?", (rid,)).fetchone()[0]
        assert taken_in == foreign
        sent = conn.execute("SELECT COALESCE(SUM(events), 0) FROM sync_segments WHERE own = 1").fetchone()[0]
        cursor = int((conn.execute("SELECT value FROM meta WHERE key = 'sync.export_rowid'").fetchone() or ["0"])[0])
        assert (
            sent
            == conn.execute(
                "SELECT COUNT(*) FROM logged_events WHERE replica = ? AND seq <= ?", (rid, cursor)
            ).fetchone()[0]
        )
        handoffs = conn.execute("SELECT COUNT(DISTINCT handoff_id) FROM events").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM handoffs").fetchone()[0] == handoffs  # projection kept up
    finally:
        conn.close()


@pytest.mark.long
def test_killing_sync_at_any_moment_breaks_nothing(homes):
    ana, ben, shared = homes
    total = fill_home(ana, handoffs=60, comments=25_000)
    run("sync", "--dir", shared, home=ben)
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    for home in (ana, ben):
        if home == ben:  # how long a whole import takes here, on a throwaway copy of ben's home
            probe = ben.parent / "ben-probe"
            shutil.copytree(ben, probe)
            span = timed(probe, "sync") + 0.2
            shutil.rmtree(probe)
        else:
            span = 1.5
        for _ in range(4):
            process = start(home, "sync")
            time.sleep(rng.uniform(0.15, span))
            process.send_signal(signal.SIGKILL)
            process.wait()
            assert_folder_whole(shared)
            assert_database_sound(home)
        if home == ana:
            assert timed(ana, "sync") >= 0
    timed(ben, "sync")
    assert_folder_whole(shared)
    conn = sqlite3.connect(ben / "baton.db")
    ana_rid = json.loads((ana / "config.json").read_text())["replica_id"]
    assert conn.execute("SELECT COUNT(*) FROM events WHERE replica = ?", (ana_rid,)).fetchone()[0] == total, seed
    assert conn.execute("SELECT COUNT(*) FROM handoffs").fetchone()[0] == 60
    assert conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 25_000
    conn.close()
    # No event was written twice into the folder, and every segment line is one of ana's events.
    lines = [
        line
        for path in sorted((shared / "baton" / "v1" / "replicas" / ana_rid).glob("*.jsonl"))
        for line in segment.read(path).lines
    ]
    assert len(lines) == len({json.loads(line)["id"] for line in lines}) == total, seed
    again = json.loads(run("sync", "--json", home=ben).stdout)
    assert (again["imported_events"], again["problems"], again["warnings"]) == (0, [], []), seed
    mine = json.loads(run("sync", "--json", home=ana).stdout)
    assert (mine["exported_events"], mine["warnings"]) == (0, []), seed  # no false "copied profile" alarm
