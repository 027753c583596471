"""A damaged shared folder never blocks, crashes or poisons a replica.

Each class of damage found when a folder was broken on purpose: the victim's
state before, after the damaging sync (unchanged, or exactly the good events
applied), and after the repair (everything in). Another teammate's good
segments always come in alongside.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from sync_support import event_ids, fill, own_folder, projection, sync_once, teammate

from baton.core.replica import Replica
from baton.sync import segment
from baton.sync.folder import REPLICA_FILE

DEEP = 100_000


@pytest.fixture
def trio(tmp_path, shared):
    """ana (whose folder gets damaged), cal (a good teammate) and ben (the victim, who reads both)."""
    ana, cal, ben = (teammate(tmp_path, user, shared) for user in ("ana", "cal", "ben"))
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    return ana, cal, ben, handoff


def forge(replica: Replica, lines: list[bytes], seq: int = 50) -> str:
    path, _ = segment.write(own_folder(replica), seq, lines)
    return str(path)


def line_of(event: dict) -> bytes:
    return json.dumps(event, separators=(",", ":")).encode()


def good_news_from(cal: Replica) -> str:
    """cal writes a handoff of his own and syncs: the good segment the victim must still get."""
    handoff = cal.create("relay", "Cal's good news", "ben")
    sync_once(cal)
    return handoff


def deep(inner: str = "1") -> str:
    return '{"a":' * DEEP + inner + "}" * DEEP


def state(replica: Replica) -> tuple[set[str], dict[str, list[tuple]]]:
    return event_ids(replica), projection(replica)


def comment_event(replica: Replica, handoff: str, text: str) -> dict:
    """A real comment of `replica`'s, taken back out of its store so only the forged copy travels."""
    event = replica.comment(handoff, text).model_dump()
    replica.store.conn.execute("DELETE FROM events WHERE id = ?", (event["id"],))
    return event


@pytest.mark.parametrize("where", ["line", "payload", "trailer", "replica.json"])
def test_deep_nesting_anywhere_is_one_reported_problem_and_the_rest_comes_in(trio, where):
    ana, cal, ben, handoff = trio
    before = state(ben)
    good = ana.comment(handoff, "a good comment")
    sync_once(ana)
    ana_good = good.id
    news = good_news_from(cal)
    bad = comment_event(ana, handoff, "bad")
    folder = own_folder(ana)
    if where == "line":
        target = forge(ana, [deep().encode()])
    elif where == "payload":
        text = line_of({**bad, "payload": {"text": "x"}}).decode()
        target = forge(ana, [text.replace('{"text":"x"}', '{"text":"x","deep":' + deep() + "}").encode()])
    elif where == "trailer":
        target = str(folder / "000050-0badf00d.jsonl")
        (folder / "000050-0badf00d.jsonl").write_bytes(line_of(bad) + b"\n" + deep().encode() + b"\n")
    else:
        saved = (folder / REPLICA_FILE).read_bytes()
        target = str(folder / REPLICA_FILE)
        (folder / REPLICA_FILE).write_text(deep())
    report = sync_once(ben)
    assert any(p.file.startswith(target) for p in report.problems), report.problems
    assert not any("RecursionError" in p.reason for p in report.problems)
    ids, _ = state(ben)
    assert news in {r[0] for r in ben.store.query("SELECT id FROM handoffs")}
    if where == "replica.json":
        assert ana_good not in ids  # ana's folder waits until replica.json is readable again
        (folder / REPLICA_FILE).write_bytes(saved)
        sync_once(ben)
    assert ana_good in event_ids(ben)
    assert event_ids(ben) - before[0] == event_ids(cal) - {e for e in before[0]} | {ana_good}


@pytest.mark.parametrize(
    "kind,payload,reason",
    [
        ("send_blocked", {"items": 5}, "payload.items: not a list"),
        ("commented", {"text": ["a", "list"]}, "payload.text: not a text"),
        ("item_set", {"item": "seats", "value": {"nested": 1}}, "payload.value"),
        ("item_set", {"item": 12, "value": 1}, "payload.item"),
        ("waived", {"item": "seats"}, "payload.reason: missing"),
        ("reassigned", {"to": ["ben"]}, "payload.to"),
        ("commented", {"text": "x" * 500_001}, "longer than"),
        ("returned", {"reason": None}, "payload.reason"),
        ("comment_retracted", {"comment": 7}, "payload.comment"),
    ],
)
def test_a_payload_of_the_wrong_type_is_skipped_with_its_line_and_the_rest_comes_in(trio, kind, payload, reason):
    ana, cal, ben, handoff = trio
    before = state(ben)
    bad = {**comment_event(ana, handoff, "x"), "kind": kind, "payload": payload}
    real = comment_event(ana, handoff, "a real one")
    forged = forge(ana, [line_of(bad), line_of(real)])
    news = good_news_from(cal)
    report = sync_once(ben)
    [problem] = report.problems
    assert problem.file == f"{forged}:1" and reason in problem.reason and "\n" not in problem.reason
    assert event_ids(ben) == before[0] | {real["id"]} | (event_ids(cal))
    assert ben.store.handoff_row(news)["title"] == "Cal's good news"


@pytest.mark.parametrize(
    "template",
    [
        {"id": "relay"},
        {"id": "relay", "version": 1, "title": "Relay", "from_stage": "a", "to_stage": "b", "trigger": "now"},
        "not a checklist",
        ["a", "list"],
        None,
    ],
)
def test_a_created_event_with_an_incomplete_checklist_is_skipped(trio, template):
    ana, cal, ben, handoff = trio
    before = state(ben)
    created = ana.store.state(handoff).applied[0]
    bad = {
        **created,
        "v": 1,
        "id": "e" * 32,
        "handoff": "f" * 32,
        "payload": {**created["payload"], "template": template},
    }
    forged = forge(ana, [line_of(bad)])
    news = good_news_from(cal)
    report = sync_once(ben)
    assert [p.file for p in report.problems] == [f"{forged}:1"]
    assert "payload.template" in report.problems[0].reason
    assert event_ids(ben) == before[0] | event_ids(cal)
    assert ben.store.handoff_row(news)["status"] == "draft"


def test_an_at_no_calendar_holds_is_refused_and_the_event_imports_once_repaired(trio):
    ana, cal, ben, handoff = trio
    before = state(ben)
    event = comment_event(ana, handoff, "from the far future")
    forged = forge(ana, [line_of({**event, "at": 9223372036854775807})])
    report = sync_once(ben)
    assert [(p.file, "time out of range" in p.reason) for p in report.problems] == [(f"{forged}:1", True)]
    assert state(ben) == before
    os.unlink(forged)
    forge(ana, [line_of(event)], seq=51)  # put right: the same event with its real time
    assert sync_once(ben).imported_events == 1
    assert event["id"] in event_ids(ben)


def test_a_file_whose_content_does_not_match_its_name_is_kept_aside_until_the_real_one_comes(trio):
    ana, cal, ben, handoff = trio
    before = state(ben)
    real = comment_event(ana, handoff, "the real one")
    data, digest = segment.encode([line_of(real)])
    name = segment.segment_name(60, digest)
    impostor, _ = segment.encode([line_of(comment_event(ana, handoff, "an impostor"))])
    (own_folder(ana) / name).write_bytes(impostor)
    for _ in range(2):  # kept aside, and looked at again each time
        report = sync_once(ben)
        assert [(p.file, p.retry) for p in report.problems] == [(str(own_folder(ana) / name), True)]
        assert "does not match the hash in its name" in report.problems[0].reason
        assert state(ben) == before
    (own_folder(ana) / name).write_bytes(data)  # the real file arrives
    report = sync_once(ben)
    assert report.problems == [] and report.imported_events == 1
    assert real["id"] in event_ids(ben)


@pytest.mark.parametrize("change", ["names another user", "changes its user later"])
def test_a_replica_json_that_was_wrong_for_a_while_loses_nothing_once_put_right(trio, change):
    ana, cal, ben, handoff = trio
    info = own_folder(ana) / REPLICA_FILE
    saved = info.read_bytes()
    wrong = {**json.loads(saved), "user": "zed"}
    if change == "names another user":
        info.write_text(json.dumps(wrong))
    first = ana.comment(handoff, "written while replica.json said zed")
    said = sync_once(ana)
    if change == "names another user":  # ana's own sync puts it right, and says so
        assert said.warnings == ["your replica.json was damaged or replaced in the shared folder: written again"]
        assert info.read_bytes() == saved
    info.write_text(json.dumps(wrong))  # (again: a sync engine brings a stale copy back)
    before = state(ben)
    for _ in range(2):
        report = sync_once(ben)
        assert state(ben) == before
        assert report.problems == [] or all("zed's folder" in p.reason for p in report.problems)
    info.write_bytes(saved)  # put right
    report = sync_once(ben)
    assert first.id in event_ids(ben)
    assert projection(ben)["comments"] == projection(ana)["comments"]


@pytest.mark.parametrize("order", ["forged first", "real first"])
def test_one_id_with_two_contents_is_settled_the_same_way_whatever_the_order(tmp_path, shared, order):
    ana = teammate(tmp_path, "ana", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    event = comment_event(ana, handoff, "the words ana wrote")
    twin = {**event, "payload": {"text": "words ana never wrote"}}
    lines = [line_of(twin), line_of(event)] if order == "forged first" else [line_of(event), line_of(twin)]
    readers = []
    for name, (first, second) in (("ben", lines), ("cal", lines[::-1])):
        reader = teammate(tmp_path, name, shared)
        forge(ana, [first], seq=70)
        one = sync_once(reader)
        forge(ana, [second], seq=71)
        two = sync_once(reader)
        for path in own_folder(ana).glob("00007*"):
            path.unlink()
        problems = one.problems + two.problems
        assert len(problems) == 1 and f"event {event['id'][:8]}" in problems[0].reason
        readers.append(reader)
    ben, cal = readers
    assert projection(ben)["comments"] == projection(cal)["comments"]
    assert len(projection(ben)["comments"]) == 1
    both = teammate(tmp_path, "dee", shared)
    forge(ana, lines, seq=72)
    report = sync_once(both)
    assert [p.file.endswith(":1") or p.file.endswith(":2") for p in report.problems] == [True]
    assert projection(both)["comments"] == projection(ben)["comments"]


def test_an_id_reused_for_another_handoff_does_not_block_the_import(trio):
    ana, cal, ben, handoff = trio
    stored = comment_event(ana, handoff, "the first copy")
    forge(ana, [line_of(stored)], seq=80)
    sync_once(ben)
    elsewhere = cal.create("relay", "Cal's", "ben")
    moved = {**stored, "handoff": elsewhere}
    forge(ana, [line_of(moved)], seq=81)
    news = good_news_from(cal)
    report = sync_once(ben)
    assert len([p for p in report.problems if stored["id"][:8] in p.reason]) == 1
    assert ben.store.handoff_row(news)["title"] == "Cal's good news"
    kept = {r[0] for r in ben.store.query("SELECT handoff_id FROM events WHERE id = ?", (stored["id"],))}
    assert len(kept) == 1


@pytest.mark.parametrize("kind", ["fifo", "socket", "symlink", "folder", "huge"])
def test_only_regular_files_are_opened_and_sync_never_hangs(trio, kind, tmp_path):
    ana, cal, ben, handoff = trio
    path = own_folder(ana) / "000090-deadbeef.jsonl"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        import socket

        sock = socket.socket(socket.AF_UNIX)
        short = tmp_path / "s"
        sock.bind(str(short))
        shutil.move(str(short), path)
    elif kind == "symlink":
        os.symlink("/dev/zero", path)
    elif kind == "folder":
        path.mkdir()
    else:
        with open(path, "wb") as handle:
            handle.truncate(segment.MAX_BYTES + 1)
    news = good_news_from(cal)
    report = sync_once(ben)
    assert [(p.file, p.retry) for p in report.problems] == [(str(path), True)]
    assert ben.store.handoff_row(news)["title"] == "Cal's good news"


def test_a_full_team_stays_in_step_after_all_that(trio):
    ana, cal, ben, handoff = trio
    fill(ana, handoff)
    ana.send(handoff)
    forge(ana, [deep().encode(), b"\xff", b"[]"], seq=99)
    sync_once(ana)
    sync_once(ben)
    ben.accept(handoff)
    sync_once(ben)
    sync_once(ana)
    assert projection(ana) == projection(ben)


def test_an_at_far_after_its_own_clock_stamp_is_refused(trio):
    ana, cal, ben, handoff = trio
    before = state(ben)
    event = comment_event(ana, handoff, "dated in the year 5000")
    forged = forge(ana, [line_of({**event, "at": 95_617_584_000_000})])
    report = sync_once(ben)
    assert [(p.file, "after its own clock stamp" in p.reason) for p in report.problems] == [(f"{forged}:1", True)]
    assert state(ben) == before


def test_a_sequence_number_too_long_for_the_ledger_is_not_a_segment_name(trio):
    ana, cal, ben, handoff = trio
    event = comment_event(ana, handoff, "numbered beyond any integer")
    data, digest = segment.encode([line_of(event)])
    path = own_folder(ana) / f"{'9' * 30}-{digest[:8]}.jsonl"
    path.write_bytes(data)
    news = good_news_from(cal)
    report = sync_once(ben)
    assert [(p.file, "not a segment name" in p.reason) for p in report.problems] == [(str(path), True)]
    assert ben.store.handoff_row(news)["title"] == "Cal's good news"


def test_a_display_name_with_control_characters_is_printed_without_them(trio):
    ana, cal, ben, handoff = trio
    info = own_folder(ana) / REPLICA_FILE
    info.write_text(
        json.dumps({**json.loads(info.read_text()), "display_name": "Ana\x1b[2J\x07 Weber", "tz": "Mars/Base"})
    )
    ana.comment(handoff, "news")
    sync_once(ana)
    sync_once(ben)
    mate = ben.store.teammates()["ana"]
    assert (mate["display_name"], mate["tz"]) == ("Ana[2J Weber", "UTC")
