"""A newcomer starts from a teammate's signed starter and ends with exactly what the segments give; any starter
it cannot trust is passed over with one line, and every event is imported as before."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest
from sync_support import event_ids, own_folder, projection, sync_once, teammate
from test_sync_retire_watermark import Wall, join

from baton.core.demo import fill
from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.sync import starter
from baton.sync.joining import join_team, waiting_for_record
from baton.sync.run import import_only


@pytest.fixture
def crew(tmp_path, shared):
    """ana (lead, founder) and ben, with handoffs between them in every state, synced; ana's starter written."""
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, shared, ana, "ben", wall)
    sync_once(ana)
    for n in range(6):
        handoff = ana.create("sales-to-onboarding", f"Case {n}", "ben")
        fill(ana, handoff, ana.state(handoff).template, random.Random(n))
        if n % 2:
            ana.send(handoff)
    sync_once(ana)
    sync_once(ben)
    return ana, ben, wall


def newcomer(tmp_path, shared, ana, wall, user="cleo"):
    """`user` invited by ana, whose sync (with a fold) leaves a starter; the join as the app and CLI make it."""
    code = membership.invite(ana, user, stages=["beta"]).code()
    sync_once(ana, fold=True)
    mate = teammate(tmp_path, user, shared, wall=wall)
    join_team(mate, code)
    return mate


def same_as(mate, other):
    assert event_ids(mate) - {e for e in event_ids(mate) if e not in event_ids(other)} == event_ids(other)
    assert projection(mate) == projection(other)


def test_a_newcomer_starts_from_the_starter_and_holds_what_the_team_holds(tmp_path, shared, crew):
    ana, ben, wall = crew
    cleo = newcomer(tmp_path, shared, ana, wall)
    found = starter.started_from(cleo)
    assert found is not None and found["user"] == "ana" and found["checked"] is False
    assert found["copied"] == found["events"] > 0
    sync_once(cleo)
    for replica in (ana, ben, cleo, ana, ben):
        sync_once(replica)
    assert event_ids(cleo) == event_ids(ana) == event_ids(ben)
    assert projection(cleo) == projection(ana)
    assert cleo.store.roster().member("cleo") is not None
    assert ana.store.roster().member("cleo") is not None  # cleo's join went out and counted


def test_without_a_starter_the_newcomer_imports_every_event(tmp_path, shared, crew):
    ana, ben, wall = crew
    code = membership.invite(ana, "cleo", stages=["beta"]).code()
    sync_once(ana)  # no fold: no starter
    cleo = teammate(tmp_path, "cleo", shared, wall=wall)
    join_team(cleo, code)
    assert starter.started_from(cleo) is None
    assert event_ids(cleo) >= event_ids(ben)


def _taken_by(tmp_path, shared, ana, wall, spoil) -> tuple[object, list[str]]:
    """A newcomer after `spoil(ana's folder)`: (the replica, the warnings of its first import)."""
    code = membership.invite(ana, "cleo", stages=["beta"])
    sync_once(ana, fold=True)
    spoil(own_folder(ana))
    cleo = teammate(tmp_path, "cleo", shared, wall=wall)
    membership.adopt_team(cleo, code)
    report = import_only(cleo)
    return cleo, report.warnings


def _sign_again(folder: Path, key: DeviceKey, **changes: object) -> None:
    body = json.loads((folder / starter.STARTER_FILE).read_text())
    body.update(changes)
    body["sig"] = key.sign(starter.message(body))
    (folder / starter.STARTER_FILE).write_text(json.dumps(body))


def _rehash(folder: Path, key: DeviceKey) -> None:
    digest, size = starter._hash(folder / starter.STARTER_DB)
    _sign_again(folder, key, sha256=digest, bytes=size)


def _flip_byte(folder: Path) -> None:
    path = folder / starter.STARTER_DB
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _forged_key(folder: Path) -> None:
    _sign_again(folder, DeviceKey.generate())


def _append(folder: Path) -> None:
    with open(folder / starter.STARTER_DB, "ab") as handle:
        handle.write(b"x")


def _link(folder: Path) -> None:
    path = folder / starter.STARTER_DB
    os.replace(path, folder.parent / "elsewhere.db")
    path.symlink_to(folder.parent / "elsewhere.db")


def _folder_instead(folder: Path) -> None:
    (folder / starter.STARTER_DB).unlink()
    (folder / starter.STARTER_DB).mkdir()


def _missing(folder: Path) -> None:
    (folder / starter.STARTER_DB).unlink()


def _garbage_json(folder: Path) -> None:
    (folder / starter.STARTER_FILE).write_bytes(b"\x00{not json")


SPOILED = {
    "one byte changed": _flip_byte,
    "signed by a key that is not the folder's": _forged_key,
    "a byte added": _append,
    "a link to a file elsewhere": _link,
    "a folder in its place": _folder_instead,
    "the database missing": _missing,
    "its description garbage": _garbage_json,
}


@pytest.mark.parametrize("spoil", SPOILED.values(), ids=SPOILED.keys())
def test_a_starter_that_is_not_what_was_signed_is_passed_over_and_every_event_imported(tmp_path, shared, crew, spoil):
    ana, ben, wall = crew
    cleo, warnings = _taken_by(tmp_path, shared, ana, wall, spoil)
    assert starter.started_from(cleo) is None
    assert event_ids(cleo) >= event_ids(ben)
    assert projection(cleo) == projection(ben)
    assert not (cleo.home.root / starter.PART).exists()
    assert len([w for w in warnings if "starter not used" in w]) == 1


def test_a_signed_file_that_is_not_a_database_is_said_and_passed_over(tmp_path, shared, crew):
    ana, ben, wall = crew
    key = membership.device_key(ana.home)

    def garbage(folder: Path) -> None:
        (folder / starter.STARTER_DB).write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
        _rehash(folder, key)

    cleo, warnings = _taken_by(tmp_path, shared, ana, wall, garbage)
    assert starter.started_from(cleo) is None
    assert any("ana's starter not used" in w and "not a readable database" in w for w in warnings)
    assert projection(cleo) == projection(ben)


def _edit_starter(folder: Path, key: DeviceKey, *statements: str) -> None:
    with sqlite3.connect(folder / starter.STARTER_DB) as conn:
        for statement in statements:
            conn.execute(statement)
    _rehash(folder, key)


def test_a_starter_of_another_layout_is_passed_over(tmp_path, shared, crew):
    ana, ben, wall = crew
    key = membership.device_key(ana.home)
    cleo, warnings = _taken_by(
        tmp_path, shared, ana, wall, lambda f: _edit_starter(f, key, "ALTER TABLE handoffs DROP COLUMN answer_by")
    )
    assert starter.started_from(cleo) is None
    assert any("other columns" in w for w in warnings)
    assert projection(cleo) == projection(ben)


def test_a_planted_trigger_or_index_in_a_signed_starter_does_nothing_here(tmp_path, shared, crew):
    ana, ben, wall = crew
    key = membership.device_key(ana.home)
    cleo, _ = _taken_by(
        tmp_path,
        shared,
        ana,
        wall,
        lambda f: _edit_starter(
            f,
            key,
            "CREATE TRIGGER planted AFTER INSERT ON names BEGIN DELETE FROM handoffs; END",
            "CREATE INDEX planted_index ON handoffs (title) WHERE title = 'nothing'",
        ),
    )
    assert starter.started_from(cleo) is not None
    assert projection(cleo) == projection(ben)
    names = {r[0] for r in cleo.store.conn.execute("SELECT name FROM sqlite_schema")}
    assert "planted" not in names and "planted_index" not in names


def test_a_starter_signed_by_a_removed_member_is_passed_over(tmp_path, shared, crew):
    ana, ben, wall = crew
    sync_once(ben, fold=True)  # ben's starter
    assert (own_folder(ben) / starter.STARTER_FILE).exists()
    membership.remove(ana, "ben")
    code = membership.invite(ana, "cleo", stages=["beta"]).code()
    sync_once(ana)  # no starter of ana's: only ben's is offered
    (own_folder(ana) / starter.STARTER_FILE).unlink(missing_ok=True)
    cleo = teammate(tmp_path, "cleo", shared, wall=wall)
    join_team(cleo, code)
    assert starter.started_from(cleo) is None
    assert cleo.store.roster().member("ben") is None
    assert cleo.store.roster().member("cleo") is not None


def test_a_home_that_already_holds_events_never_takes_a_starter(tmp_path, shared, crew):
    ana, ben, _ = crew
    sync_once(ana, fold=True)
    before = event_ids(ben)
    sync_once(ben)
    assert starter.started_from(ben) is None
    assert event_ids(ben) >= before


def test_the_next_sync_checks_the_starter_and_finds_it_matches(tmp_path, shared, crew):
    ana, ben, wall = crew
    cleo = newcomer(tmp_path, shared, ana, wall)
    report = sync_once(cleo)
    assert starter.started_from(cleo)["checked"] is True
    assert "matches the team's segments" in report.history and not report.warnings
    assert not list(cleo.home.root.glob(".starter-check-*"))
    report = sync_once(cleo)
    assert not report.history and not report.warnings


FORGERIES = {
    "an event's text": "UPDATE event_log SET payload = replace(payload, 'Case 2', 'Forged 2')",
    "a projection row": "UPDATE handoffs SET title = 'Forged title' WHERE title = 'Case 4'",
    "the report's figures": "UPDATE report_tally SET n = n + 7",
    "an event taken out": "DELETE FROM event_log WHERE payload LIKE '%Case 3%'",
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_member_forging_history_in_a_signed_starter_is_repaired_on_the_next_sync(tmp_path, shared, crew, forgery):
    """ana, a genuine member, changes a title in her starter's events and another in its projection: the newcomer
    uses them until the next sync, which makes its copy the segments' again, keeping what cleo wrote meanwhile."""
    ana, ben, wall = crew
    code = membership.invite(ana, "cleo", stages=["beta"]).code()
    sync_once(ana, fold=True)
    key = membership.device_key(ana.home)
    handoff = next(iter(ana.store.query("SELECT id FROM handoffs WHERE status = 'sent'")))[0]
    with sqlite3.connect(own_folder(ana) / starter.STARTER_DB) as conn:
        assert conn.execute(forgery).rowcount > 0
    _rehash(own_folder(ana), key)
    cleo = teammate(tmp_path, "cleo", shared, wall=wall)
    join_team(cleo, code)
    assert starter.started_from(cleo) is not None
    cleo.comment(handoff, "cleo's own note")  # her own event stays through the repair
    report = sync_once(cleo)
    assert any("did not match the team's segments" in p.reason for p in report.problems), (
        report.warnings,
        report.problems,
    )
    assert starter.started_from(cleo)["checked"] is True
    for replica in (ana, ben, cleo, ana, ben):
        sync_once(replica)
    assert event_ids(cleo) == event_ids(ana) == event_ids(ben)
    assert projection(cleo) == projection(ben)
    assert "cleo's own note" in {r[0] for r in ben.store.query("SELECT text FROM comments")}


def test_a_starter_without_the_invitation_record_leaves_the_join_waiting_until_the_check(tmp_path, shared, crew):
    ana, ben, wall = crew
    code = membership.invite(ana, "cleo", stages=["beta"]).code()
    sync_once(ana, fold=True)
    with sqlite3.connect(own_folder(ana) / starter.STARTER_DB) as conn:
        invited = "(SELECT ref FROM names WHERE name = 'member_invited')"
        assert conn.execute(f"DELETE FROM event_log WHERE kind = {invited} AND payload LIKE '%cleo%'").rowcount == 1
    _rehash(own_folder(ana), membership.device_key(ana.home))
    cleo = teammate(tmp_path, "cleo", shared, wall=wall)
    join_team(cleo, code)
    assert waiting_for_record(cleo)
    report = sync_once(cleo)
    assert any("did not match" in p.reason for p in report.problems)
    assert not waiting_for_record(cleo)
    for replica in (cleo, ana, ben, cleo):
        sync_once(replica)
    assert ana.store.roster().member("cleo") is not None
    assert projection(cleo) == projection(ben)


def test_a_starter_with_events_stamped_far_in_the_future_is_passed_over(tmp_path, shared, crew):
    ana, ben, wall = crew
    key = membership.device_key(ana.home)
    far = "UPDATE event_log SET at = 4102444800000, hlc = NULL WHERE seq = (SELECT max(seq) FROM event_log)"
    cleo, warnings = _taken_by(tmp_path, shared, ana, wall, lambda f: _edit_starter(f, key, far))
    assert starter.started_from(cleo) is None
    assert any("stamped further in the future" in w for w in warnings)
    assert projection(cleo) == projection(ben)


def test_what_the_newcomer_writes_while_the_check_compares_is_kept_and_blames_nobody(
    tmp_path, shared, crew, monkeypatch
):
    """The comparison holds no lock the app waits on: a comment written meanwhile stays, and is no difference."""
    from baton.sync import starter_check

    ana, ben, wall = crew
    cleo = newcomer(tmp_path, shared, ana, wall)
    handoff = next(iter(cleo.store.query("SELECT id FROM handoffs WHERE status = 'sent'")))[0]
    real = starter_check.first_difference
    written = []

    def meanwhile(one, other):
        if not written:
            written.append(cleo.comment(handoff, "written during the check"))
        return real(one, other)

    monkeypatch.setattr(starter_check, "first_difference", meanwhile)
    report = sync_once(cleo)
    assert written and not report.problems, report.problems
    assert "matches the team's segments" in report.history
    for replica in (cleo, ana, ben):
        sync_once(replica)
    assert "written during the check" in {r[0] for r in ben.store.query("SELECT text FROM comments")}


def test_the_founders_starter_comes_first_whatever_size_another_claims(tmp_path, shared, crew):
    ana, ben, wall = crew
    sync_once(ben, fold=True)
    _sign_again(own_folder(ben), membership.device_key(ben.home), events=10**9)  # ben claims a huge one
    cleo = newcomer(tmp_path, shared, ana, wall)
    assert starter.started_from(cleo)["user"] == "ana"


def test_a_starter_of_another_team_is_passed_over(tmp_path, shared, crew):
    """mallory founds a team of her own elsewhere and drops her folder, starter and all, into this one."""
    import shutil

    ana, ben, wall = crew
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    mallory = teammate(tmp_path, "mallory", elsewhere, role="lead", wall=wall)
    membership.found(mallory)
    sync_once(mallory, fold=True)
    shutil.copytree(own_folder(mallory), own_folder(ana).parent / mallory.config.replica_id)
    invite = membership.invite(ana, "cleo", stages=["beta"])
    sync_once(ana)  # no starter of ana's
    cleo = teammate(tmp_path, "cleo", shared, wall=wall)
    starter.expect_team(cleo, invite.team, invite.founder)  # as join_team does before its import
    report = import_only(cleo)
    assert starter.started_from(cleo) is None
    assert any("mallory's starter not used: it is another team's history" in w for w in report.warnings)
    join_team(cleo, invite.code())
    assert cleo.store.roster().team == ana.store.roster().team
    assert event_ids(cleo) >= event_ids(ben)


def test_a_starter_whose_report_counted_a_draft_and_then_its_send_matches(tmp_path, shared):
    """The report's running counts went up for the draft and back down at its send, leaving a row at zero that a
    store folded at once never had: an honest lead's starter was said not to match, to every newcomer."""
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, shared, ana, "ben", wall)
    handoff = ana.create("sales-to-onboarding", "Clean one", "ben")
    fill(ana, handoff, ana.state(handoff).template, random.Random(9))
    sync_once(ana)
    ana.send(handoff)  # the only draft of its kind: its count goes back to zero
    sync_once(ana)
    sync_once(ben)
    cleo = newcomer(tmp_path, shared, ana, wall)
    report = sync_once(cleo)
    assert "matches the team's segments" in report.history and not report.problems, report.lines()
    same_as(cleo, ana)
