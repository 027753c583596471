"""`baton sync --watch` as a person reads it: trouble that lasts is said once (again when it changes or comes back
after a clean pass), and each pass is stamped in the person's own time zone, not the machine's."""

from __future__ import annotations

import time

from conftest import run

from baton.sync.report import Problem, SyncReport

NOON_UTC = 1_796_212_800_000  # 2026-12-02 12:00:00 UTC: 17:45:00 in Kathmandu (UTC+05:45)


def test_watch_says_lasting_trouble_once_and_stamps_passes_in_your_zone(tmp_path, monkeypatch) -> None:
    home, shared = tmp_path / "home", tmp_path / "shared"
    shared.mkdir()
    assert run("init", "--user", "ana", "--tz", "Asia/Kathmandu", "--sync-dir", shared, home=home).returncode == 0
    arriving = Problem("ben/000002-0badf00d.jsonl", "still arriving", retry=True)
    damaged = Problem("ben/000002-0badf00d.jsonl", "damaged: the trailer's count is not a number")
    passes = [
        SyncReport(problems=[arriving]),
        SyncReport(problems=[arriving]),  # the same: nothing new, nothing said
        SyncReport(exported_events=1, exported_segments=1, problems=[arriving]),  # news, without the old trouble
        SyncReport(),  # a clean pass: what was said is cleared
        SyncReport(problems=[arriving]),  # back after clearing: said again
        SyncReport(problems=[damaged]),  # changed: said
    ]

    def watch(replica, on_report, stop, *args, **kwargs) -> None:
        for report in passes:
            on_report(report)

    monkeypatch.setattr("baton.sync.watch.watch", watch)
    monkeypatch.setattr("baton.core.hlc.now_ms", lambda: NOON_UTC)
    monkeypatch.setenv("TZ", "UTC")  # the machine's zone is not the person's
    time.tzset()
    try:
        result = run("sync", "--watch", home=home)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert result.returncode == 0, result.stderr
    said = "problem: ben/000002-0badf00d.jsonl: still arriving (will retry)"
    assert result.stdout.splitlines() == [
        "17:45:00",
        "  out: 0 events in 0 segments",
        "  in:  0 events from 0 segments",
        f"  {said}",
        "17:45:00",
        "  out: 1 event in 1 segment",
        "  in:  0 events from 0 segments",
        "17:45:00",
        "  out: 0 events in 0 segments",
        "  in:  0 events from 0 segments",
        f"  {said}",
        "17:45:00",
        "  out: 0 events in 0 segments",
        "  in:  0 events from 0 segments",
        "  problem: ben/000002-0badf00d.jsonl: damaged: the trailer's count is not a number (skipped)",
    ]
