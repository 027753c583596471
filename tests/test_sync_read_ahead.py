"""A large import reads segments in a second process (sync/reading.py): it takes in exactly what an import
reading them itself takes in, reports the same problems at the same lines, and goes on alone if that process
goes away."""

from __future__ import annotations

import json
import sys

import pytest
from sync_support import event_ids, event_line, own_folder, projection, sync_once, teammate

from baton.sync import reading, segment
from baton.sync.reading import check_lines
from baton.sync.snapshots import Snapshots


@pytest.fixture
def team(tmp_path, shared):
    """ana's folder: several segments of good events, one of damaged lines, one still arriving."""
    ana = teammate(tmp_path, "ana", shared)
    for n in range(3):
        handoff = ana.create("relay", f"Deal {n}", "ben")
        sync_once(ana)
        ana.comment(handoff, f"note {n}")
        sync_once(ana)
    good = ana.comment(handoff, "a good comment").model_dump()
    lines = [
        b"\x00\xff\xfe not json",
        b"[1,2,3]",
        event_line(**{**good, "id": "0" * 32, "kind": "teleported"}),
        event_line(**{k: v for k, v in good.items() if k != "at"}),
        event_line(**{**good, "extra": 1}),
        event_line(**{**good, "author": "zed"}),
        json.dumps(good).encode(),
    ]
    segment.write(own_folder(ana), 50, lines)
    data, digest = segment.encode([json.dumps(good).encode()])
    (own_folder(ana) / segment.segment_name(60, digest)).write_bytes(data[:-5])
    return tmp_path, shared


def imported(tmp_path, shared, user, monkeypatch, ahead: bool):
    monkeypatch.setattr(reading, "READ_AHEAD_BYTES", 0 if ahead else 1 << 60)
    reader = teammate(tmp_path, user, shared)
    report = sync_once(reader)
    problems = sorted((p.file, p.reason, p.retry) for p in report.problems)
    return report.imported_events, problems, projection(reader), event_ids(reader)


def test_reading_ahead_takes_in_and_reports_exactly_what_reading_alone_does(team, monkeypatch):
    started = []
    real = reading.ReadAhead.__init__

    def spy(self, jobs, now):
        started.append(len(jobs))
        real(self, jobs, now)

    monkeypatch.setattr(reading.ReadAhead, "__init__", spy)
    answered = []
    unpack = reading._unpacked
    monkeypatch.setattr(reading, "_unpacked", lambda packed: answered.append(1) or unpack(packed))
    alone = imported(*team, "ben", monkeypatch, ahead=False)
    assert started == []
    ahead = imported(*team, "cy", monkeypatch, ahead=True)
    assert started and started[0] >= 3
    assert len(answered) >= 2  # segments read and checked by the second process
    assert ahead == alone
    events, problems, _, _ = ahead
    assert events == 7
    reasons = [reason for _, reason, _ in problems]
    assert "not JSON (not UTF-8 text)" in reasons
    assert any("unknown event kind" in r for r in reasons)
    assert any("extra" in r for r in reasons)
    assert any("event by zed" in r for r in reasons)
    assert any("still arriving" in r for r in reasons)


def test_when_the_second_process_is_gone_the_import_reads_the_rest_itself(team, monkeypatch):
    alone = imported(*team, "ben", monkeypatch, ahead=False)
    monkeypatch.setattr(sys, "executable", "/bin/false")  # exits at once: no answer ever comes
    assert imported(*team, "cy", monkeypatch, ahead=True) == alone


def test_a_second_process_gone_before_its_next_jobs_are_sent_changes_nothing(team, monkeypatch):
    alone = imported(*team, "ben", monkeypatch, ahead=False)
    real = reading.ReadAhead._send

    def late(self, upto):
        if self.process is not None and self.sent > 1:  # after the first jobs went
            self.process.kill()
            self.process.wait()
        real(self, upto)

    monkeypatch.setattr(reading.ReadAhead, "_send", late)
    assert imported(*team, "cy", monkeypatch, ahead=True) == alone


def test_a_small_import_starts_no_second_process(tmp_path):
    assert reading.read_ahead([(tmp_path / "a", "r", "u"), (tmp_path / "b", "r", "u")], [1000, 1000], 0) is None
    assert reading.read_ahead([(tmp_path / "a", "r", "u")], [1 << 40], 0) is None


def test_lines_checked_against_their_folder_keep_their_numbers_and_reasons():
    line = event_line(v=1)
    found = check_lines([line, b"{}", line], "abc", "ana", 0, Snapshots())
    assert [number for number, _, _ in found.problems] == [1, 2, 3]
    assert found.rows == [] and not found.retry
