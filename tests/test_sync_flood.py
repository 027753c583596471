"""A folder flooded with files that look like segments (thousands of empty or damaged ones), or the shared
folder flooded with replica folders, is a few lines.

Anyone who shares the folder can drop them there; each was one problem line, on every sync, so `baton sync`
printed one line per file and the app's sync screen laid out every one of them.
"""

from __future__ import annotations

import json
import os

from click.testing import CliRunner
from sync_support import event_ids, own_folder, projection, sync_once
from test_sync_attacks import crew  # noqa: F401

from baton.sync.ledger import Ledger
from baton.sync.report import ALL_FILES_SAID, FILES_SAID, SyncReport
from baton.tui.cli import cli

FLOOD = 2_000


def test_past_a_few_files_a_folders_problems_are_counted_in_one_line(tmp_path):
    report = SyncReport()
    folder, other = tmp_path / "a", tmp_path / "b"
    for n in range(FILES_SAID + 5):
        report.problem(folder / f"{n:06d}-deadbeef.jsonl", "still arriving", retry=n % 2 == 0)
    report.problem(folder / "000001-deadbeef.jsonl:7", "a line of a file said already is said too")
    report.problem(folder / f"{FILES_SAID + 1:06d}-deadbeef.jsonl", "still arriving", retry=False)  # counted once
    report.problem(other / "000001-deadbeef.jsonl", "another folder has its own count")
    files = [p.file for p in report.problems]
    assert files[:FILES_SAID] == [str(folder / f"{n:06d}-deadbeef.jsonl") for n in range(FILES_SAID)]
    assert report.problems[FILES_SAID].file == str(folder)
    assert report.problems[FILES_SAID].reason == "and 5 more files here that cannot be used either"
    assert report.problems[FILES_SAID].retry  # one of them is read again next time
    assert files[FILES_SAID + 1 :] == [str(folder / "000001-deadbeef.jsonl:7"), str(other / "000001-deadbeef.jsonl")]


def test_past_a_hundred_files_in_all_the_others_are_counted_in_one_line_for_the_shared_folder(tmp_path):
    report = SyncReport(sync_dir=str(tmp_path))
    folders = [tmp_path / f"{n:016x}" for n in range(30)]
    for folder in folders:
        for n in range(5):
            report.problem(folder / f"{n:06d}-deadbeef.jsonl", "still arriving", retry=True)
    assert len(report.problems) == ALL_FILES_SAID + 1
    assert [p.file for p in report.problems[:ALL_FILES_SAID]] == [
        str(folder / f"{n:06d}-deadbeef.jsonl") for folder in folders[:20] for n in range(5)
    ]
    assert report.problems[-1] == type(report.problems[-1])(
        str(tmp_path), "and 50 more files in other folders here that cannot be used either", True
    )


def test_thousands_of_files_named_like_segments_are_a_few_lines_and_change_nothing(crew, monkeypatch):  # noqa: F811
    ana, ben, cleo, handoff = crew
    flooded = own_folder(ana)
    for n in range(FLOOD):
        with open(flooded / f"{100 + n:06d}-deadbeef.jsonl", "wb") as handle:
            handle.write(b"" if n % 2 else b"\x00 garbage\n")
    news = cleo.create("relay", "Cleo's news", "ben")
    sync_once(cleo)
    before = event_ids(ana)
    monkeypatch.setenv("BATON_HOME", str(ben.home.root))
    for _ in range(2):  # said the same way while it lasts
        result = CliRunner().invoke(cli, ["sync"])
        assert result.exit_code == 0 and result.exception is None, result.output
        said = [line for line in result.output.splitlines() if str(flooded) in line]
        assert len(said) == FILES_SAID + 1
        assert said[-1] == (
            f"problem: {flooded}: and {FLOOD - FILES_SAID:,} more files here that cannot be used either (will retry)"
        )
    assert ben.store.handoff_row(news)["title"] == "Cleo's news"
    assert event_ids(cleo) | before <= event_ids(ben)
    for name in os.listdir(flooded):
        if name.endswith("-deadbeef.jsonl"):
            os.unlink(flooded / name)
    assert [p for p in sync_once(ben).problems if p.file.startswith(str(flooded))] == []
    for replica in (ana, cleo, ben, ana):
        sync_once(replica)
    assert projection(ana) == projection(ben) == projection(cleo)


def test_hundreds_of_replica_folders_without_a_replica_json_are_a_hundred_lines(crew, monkeypatch):  # noqa: F811
    ana, ben, cleo, handoff = crew
    replicas = own_folder(ana).parent
    for n in range(300):
        (replicas / f"{n:016x}").mkdir()
        (replicas / f"{n:016x}" / "000001-deadbeef.jsonl").write_bytes(b"")
    news = cleo.create("relay", "Cleo's news", "ben")
    sync_once(cleo)
    report = sync_once(ben)
    assert len(report.problems) == ALL_FILES_SAID + 1
    assert report.problems[-1].file == str(ana.config.sync_dir)
    assert report.problems[-1].reason == "and 200 more files in other folders here that cannot be used either"
    assert ben.store.handoff_row(news)["title"] == "Cleo's news"


def test_files_dropped_in_a_replicas_own_folder_are_not_remembered_as_its_own(crew):  # noqa: F811
    """The owner remembers how its own segments looked (restore.py), never the files anyone drops beside them."""
    ana, ben, cleo, handoff = crew
    for n in range(300):
        (own_folder(ana) / f"{100 + n:06d}-deadbeef.jsonl").write_bytes(b"")
    sync_once(ana)
    remembered = json.loads(ana.store.meta("sync.own_files"))
    assert set(remembered) == {name for _, name, _, _ in Ledger(ana.store).own_segments(ana.config.replica_id)}
