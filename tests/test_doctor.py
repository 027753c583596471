"""`baton doctor`, and nothing in the database making a command fail (defence in depth).

The database of a replica that took in a damaged event before imports checked
events whole (an `at` of 2**63 - 1, a payload of the wrong type) must still show,
list, brief, report and export; `doctor` names what is wrong and `--rebuild`
folds everything again from the events.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_relay
from sync_support import own_folder, sync_once, teammate

from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.times import OUT_OF_RANGE
from baton.core.times import iso as iso_utc
from baton.core.timezones import format_time, local_clock
from baton.sync import segment
from baton.tui.cli import cli

HUGE = 9223372036854775807


@pytest.fixture
def ana(home) -> Replica:
    replica = Replica.init(Home(home), "ana", tz="Asia/Tokyo")
    write_relay(Home(home).templates)
    return replica


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def poison(replica: Replica, handoff: str, sql: str, *params) -> None:
    """Change the stored log behind the import's back, as an older baton could have let in."""
    replica.store.conn.execute(sql, params)


@pytest.mark.parametrize("at", [HUGE, -HUGE, 253402300799999, 2.5e300, "soon"])
def test_a_stored_time_no_calendar_holds_never_fails_a_command(ana, at):
    handoff = ana.create("relay", "Acme deal", "ben")
    comment = ana.comment(handoff, "from a broken clock")
    poison(ana, handoff, "UPDATE events SET at = ? WHERE id = ?", at, comment.id)
    if type(at) is int:  # a created event whose time is not even a number is a conflict: no handoff
        poison(ana, handoff, "UPDATE events SET at = ? WHERE kind = 'created'", at)
    ana.store.rebuild()
    short = handoff[:8]
    for args in (
        ["show", short],
        ["show", short, "--json"],
        ["history", short],
        ["brief", short],
        ["list", "--all"],
        ["list", "--all", "--json"],
        ["report"],
        ["report", "--json"],
        ["export", "--format", "json"],
        ["export", "--format", "csv"],
    ):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "out of range" not in result.output or OUT_OF_RANGE in result.output
        assert "year" not in result.output.lower() or "is out of range" not in result.output
        if "--json" in args or "json" in args:
            json.loads(result.output)
    shown = invoke("show", short, "--json").output
    if isinstance(at, int) and at in (HUGE, -HUGE):
        assert OUT_OF_RANGE in shown


def test_the_time_helpers_are_total():
    for value in (HUGE, -HUGE, 253402300799999, float("inf"), float("nan"), "x", None, [1]):
        for zone in ("UTC", "Pacific/Kiritimati", "Not/AZone"):
            assert isinstance(format_time(value, zone), str)
            assert isinstance(local_clock(zone, value), str)
        assert iso_utc(value) in (None, OUT_OF_RANGE) or re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", iso_utc(value)
        )
    assert format_time(HUGE, "UTC") == OUT_OF_RANGE
    assert local_clock("Not/AZone", 0) == "--:--"


def test_doctor_on_a_healthy_copy(ana):
    ana.create("relay", "Acme deal", "ben")
    result = invoke("doctor")
    assert result.exit_code == 0, result.output
    assert "in step (1 handoff)" in result.output and "every event is whole" in result.output


def test_doctor_finds_a_projection_out_of_step_and_rebuild_puts_it_right(ana):
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.store.conn.execute("UPDATE handoffs SET title = 'tampered' WHERE id = ?", (handoff,))
    result = invoke("doctor")
    assert result.exit_code == 1 and handoff[:8] in result.output and "--rebuild" in result.output
    fixed = invoke("doctor", "--rebuild")
    assert fixed.exit_code == 0, fixed.output
    assert "rebuilt: 1 handoffs folded again from 1 events" in fixed.output
    assert ana.store.handoff_row(handoff)["title"] == "Acme deal"


def test_doctor_finds_a_checklist_text_out_of_step_and_rebuild_puts_it_right(ana):
    """An item's text is kept once per checklist, beside the projection: a rebuild writes it again too."""
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.store.conn.execute("UPDATE checklist_items SET text = 'tampered'")
    assert invoke("doctor").exit_code == 1
    fixed = invoke("doctor", "--rebuild")
    assert fixed.exit_code == 0, fixed.output
    texts = {r[0] for r in ana.store.query("SELECT text FROM items WHERE handoff_id = ?", (handoff,))}
    assert texts and "tampered" not in texts


def test_doctor_lists_events_no_import_would_take_and_the_fold_survives_them(ana):
    handoff = ana.create("relay", "Acme deal", "ben")
    comment = ana.comment(handoff, "fine")
    blocked = ana.comment(handoff, "to be broken")
    poison(ana, handoff, "UPDATE events SET at = ? WHERE id = ?", HUGE, comment.id)
    poison(ana, handoff, "UPDATE events SET kind = 'send_blocked', payload = '{\"items\": 5}' WHERE id = ?", blocked.id)
    ana.store.rebuild()
    result = invoke("doctor", "--json")
    assert result.exit_code == 1
    found = json.loads(result.output)
    assert not found["healthy"] and found["projection_differs"] == []
    reasons = {u["event_id"]: u["reason"] for u in found["unusable_events"]}
    assert "time out of range" in reasons[comment.id] and "payload.items" in reasons[blocked.id]
    assert invoke("show", handoff[:8]).exit_code == 0
    [conflict] = ana.store.state(handoff).conflicts
    assert conflict.event_id == blocked.id


def test_doctor_lists_files_kept_aside_without_writing_anything(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben = teammate(tmp_path, "ana", shared), teammate(tmp_path, "ben", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    bad = {**ana.comment(handoff, "x").model_dump(), "at": HUGE}
    path, _ = segment.write(own_folder(ana), 40, [json.dumps(bad).encode()])
    (own_folder(ana) / "000041-00000000.jsonl").write_bytes(segment.encode([])[0])
    monkeypatch.setenv("BATON_HOME", str(ben.home.root))
    before = ben.store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    result = invoke("doctor", "--json")
    assert result.exit_code == 0, result.output  # the folder's files kept aside are findings, not this copy's fault
    assert json.loads(result.output)["healthy"] is True
    aside = {Path(p["file"]).name: p["reason"] for p in json.loads(result.output)["kept_aside"]}
    assert "time out of range" in aside[f"{path.name}:1"]
    assert "does not match the hash in its name" in aside["000041-00000000.jsonl"]
    assert ben.store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
    assert ben.store.conn.execute("SELECT COUNT(*) FROM sync_segments WHERE name = ?", (path.name,)).fetchone()[0] == 0
    text = invoke("doctor")
    assert text.exit_code == 0 and "kept aside" in text.output and path.name in text.output


def test_sync_json_is_json_even_when_the_sync_cannot_start(ana):
    result = invoke("sync", "--json")
    assert result.exit_code == 1
    assert "no shared folder" in json.loads(result.stdout.splitlines()[0])["error"]


def test_sync_json_is_json_with_problems_and_odd_file_names(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben = teammate(tmp_path, "ana", shared), teammate(tmp_path, "ben", shared)
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    folder = own_folder(ana)
    (folder / "000007-deadbeef.jsonl").write_bytes(("{" * 50_000).encode() + b"\n" + b"[" * 50_000 + b"\n")
    Path(os.fsdecode(bytes(folder) + b"/000008-\xff\xfe.jsonl")).write_bytes(b"garbage\n")
    (folder / "000009-cafe\x1b[2J.jsonl").write_bytes(b"garbage\n")
    monkeypatch.setenv("BATON_HOME", str(ben.home.root))
    result = invoke("sync", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["imported_events"] == 1 and len(report["problems"]) == 3
    text = invoke("sync")
    assert text.exit_code == 0 and "\x1b" not in text.output


def test_every_doctor_option_is_in_the_readme():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert "baton doctor" in readme
    for param in cli.commands["doctor"].params:
        for option in param.opts:
            assert option in readme, option


def test_a_local_change_teammates_would_refuse_is_refused_here(ana):
    from baton.core.errors import InvalidValue

    handoff = ana.create("relay", "Acme deal", "ben")
    with pytest.raises(InvalidValue, match="longer than"):
        ana.comment(handoff, "x" * 500_001)
    result = invoke("comment", handoff[:8], "y" * 500_001)
    assert result.exit_code == 1 and result.output.startswith("baton: cannot record this comment")


def test_a_damaged_page_in_the_database_file_is_said_first_with_what_to_do(ana):
    import sqlite3

    for n in range(40):
        ana.create("relay", f"Deal number {n}", "ben")
    path = ana.home.database
    ana.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'handoffs_by_status' ORDER BY pageno").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (page - 1) * 4096
    data[start + 8 : start + 600] = b"\x07" * 592  # an index page: most commands still work, rows are wrong
    path.write_bytes(bytes(data))
    found = invoke("doctor", "--no-folder")
    assert found.exit_code == 1
    assert found.stderr.startswith(f"baton: the database {path} is damaged or not baton's (")
    assert "move it aside (to baton.db.damaged) and run `baton sync`" in found.stderr
    assert len(found.stderr.strip().splitlines()) == 1


def test_a_shared_folder_not_there_is_said_as_not_checked_not_as_a_file_kept_aside(tmp_path, monkeypatch):
    """An unmounted drive was "shared folder X: 1 kept aside (not applied here; …)", a finding about files."""
    home, shared = tmp_path / "ana", tmp_path / "unmounted"
    monkeypatch.setenv("BATON_HOME", str(home))
    Replica.init(Home(home), "ana", tz="UTC", sync_dir=str(shared)).close()
    result = invoke("doctor")
    assert result.exit_code == 0  # the copy is sound: `baton sync` is what says the folder cannot be reached
    assert f"shared folder: not checked: {shared}: the shared folder does not exist" in result.stdout
    assert "kept aside" not in result.stdout
    as_json = json.loads(invoke("doctor", "--json").stdout)
    assert as_json["kept_aside"] == [] and as_json["shared_folder"].startswith("not checked: ")
