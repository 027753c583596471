"""A file that is in the wrong place or under the wrong name is one line on every copy, never a tampering alarm.

A segment renamed (its bytes under a name whose hash is not theirs) or a teammate's segment copied into another
member's folder holds no second content anybody wrote for that folder: each copy of the team says the file once,
what it is and that it is kept aside. Two different contents under one number signed by the folder's own key
stay loud, under whatever name. A file where a replica folder belongs is said by every copy, once.
"""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from sync_support import own_folder, segments, sync_once
from test_sync_attacks import crew  # noqa: F401  (fixture)
from test_sync_copied import clash
from test_sync_trust import team  # noqa: F401  (fixture)

from baton.core.team.keys import DeviceKey
from baton.sync import segment
from baton.sync.report import Problem, SyncReport
from baton.tui.cli.base import cli
from baton.tui.cli.doctor import _by_file
from baton.tui.cli.fit import wrap

ALARMS = ("TAMPERING", "another device is writing", "another content under number")


def said(report) -> list[str]:
    """Every line of trouble a sync says (warnings and problems)."""
    return report.notes()


def assert_one_line(report, path, words: str) -> None:
    assert [p.file for p in report.problems] == [str(path)], report.problems
    assert words in report.problems[0].reason
    assert report.warnings == [], report.warnings
    assert not any(alarm in line for line in said(report) for alarm in ALARMS)
    assert not [t for t in report.trust if t.kind == "tampering"]


def test_a_renamed_segment_is_one_misnamed_line_on_every_copy_its_owners_too(crew):  # noqa: F811
    ana, ben, cleo, _ = crew
    genuine = segments(ben)[-1]
    seq = segment.parse_name(genuine.name).seq
    renamed = genuine.with_name(f"{seq:06d}-0badf00d.jsonl")
    shutil.copy(genuine, renamed)  # the same bytes under a name whose hash is not theirs
    for reader in (ana, cleo, ben, ana):
        assert_one_line(sync_once(reader), renamed, "its content does not match the hash in its name")


def test_a_second_content_signed_by_the_owners_key_stays_loud_under_a_wrong_name(tmp_path, shared, team):  # noqa: F811
    ana, ben = team
    forged, seq = clash(ana, ben, DeviceKey.load(ana.home.device_key))
    hidden = forged.rename(forged.with_name(f"{seq:06d}-0badf00d.jsonl"))
    report = sync_once(ben)
    [warning] = [w for w in report.warnings if "TAMPERING" in w]
    assert f"segment {seq:06d} has 2 contents" in warning and "ana's profile was copied" in warning
    assert any(p.file == str(hidden) and "does not match the hash in its name" in p.reason for p in report.problems)


def test_a_teammates_segment_copied_into_another_folder_is_one_line_before_and_after_that_number_is_written(
    crew,  # noqa: F811
):
    ana, ben, cleo, handoff = crew
    for words in ("two", "three", "four"):
        ben.comment(handoff, words)
        sync_once(ben)
    original = segments(ben)[-1]
    seq = segment.parse_name(original.name).seq
    assert len(segments(cleo)) < seq  # a number cleo's folder does not hold yet
    copy = own_folder(cleo) / original.name
    shutil.copy(original, copy)
    for reader in (ana, cleo, ben):
        assert_one_line(
            sync_once(reader), copy, f"a copy of segment {seq:06d} of ben's folder (replica {ben.config.replica_id})"
        )
    while len(segments(cleo)) < seq:  # cleo's own segment of that number lands beside the copy
        cleo.comment(handoff, "from cleo")
        report = sync_once(cleo)
        assert_one_line(report, copy, "it was copied here, nobody wrote it for this folder")
    for reader in (ana, cleo, ben, cleo):
        assert_one_line(sync_once(reader), copy, "the copy can be deleted")


def test_doctor_names_each_file_kept_aside_once_and_raises_no_alarm(crew, monkeypatch):  # noqa: F811
    ana, ben, cleo, _ = crew
    genuine = segments(ben)[-1]
    seq = segment.parse_name(genuine.name).seq
    renamed = genuine.with_name(f"{seq:06d}-0badf00d.jsonl")
    shutil.copy(genuine, renamed)
    copy = own_folder(cleo) / genuine.name
    shutil.copy(genuine, copy)
    for reader in (ana, cleo, ben):
        sync_once(reader)
    for reader in (ana, cleo):
        monkeypatch.setenv("BATON_HOME", str(reader.home.root))
        out = CliRunner().invoke(cli, ["doctor"]).output
        assert "2 kept aside" in out
        assert [line.count(str(renamed)) for line in out.splitlines() if str(renamed) in line] == [1]
        assert [line.count(str(copy)) for line in out.splitlines() if str(copy) in line] == [1]
        assert "warning:" not in out


def test_doctor_joins_every_reason_a_sync_gives_for_one_file():
    report = SyncReport()
    report.problem("/f/000001-aaaaaaaa.jsonl", "first reason")
    report.problem("/f/000001-aaaaaaaa.jsonl", "second reason", retry=True)
    report.problem("/f/000001-aaaaaaaa.jsonl:3", "a line")
    assert _by_file(report.problems) == [
        {"file": "/f/000001-aaaaaaaa.jsonl", "reason": "first reason; second reason", "retry": True},
        {"file": "/f/000001-aaaaaaaa.jsonl:3", "reason": "a line", "retry": False},
    ]
    assert _by_file([Problem("x", "y")]) == [{"file": "x", "reason": "y", "retry": False}]


def test_a_file_where_a_teammates_folder_belongs_is_one_line_on_every_copy(crew):  # noqa: F811
    ana, ben, cleo, _ = crew
    folder = own_folder(cleo)
    folder.rename(folder.with_name("cleo.bak"))
    folder.write_text("junk\n")
    for reader in (ana, ben, cleo):
        report = sync_once(reader)
        assert [p.file for p in report.problems] == [str(folder)], report.problems
        assert report.problems[0].reason.startswith("a file where ")
        assert "folder belongs" in report.problems[0].reason


def test_a_problem_line_at_80_columns_hangs_every_later_line_at_one_column():
    """A path too long to go under `problem: ` starts further left, and the text after it goes under it."""
    for width in (60, 66, 71, 72, 76, 79):
        path = ("/home/ana/Shared/baton/v1/replicas/0123456789abcdef/" + "d" * 80)[
            : width - 24
        ] + "/000003-0badf00d.jsonl:"
        line = f"problem: {path} its content does not match the hash in its name (sha256 68e2846a…): kept aside"
        lines = wrap(line, 80)
        assert "".join(lines).replace(" ", "") == line.replace(" ", "")
        assert all(len(part) <= 80 for part in lines), lines
        indents = {len(part) - len(part.lstrip(" ")) for part in lines[1:]}
        assert len(indents) == 1, lines
