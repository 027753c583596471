"""Attacks and damage dropped into a real team's shared folder, each met by `baton sync` on every teammate.

For each: one clear line naming the file (or folder), no traceback, nothing applied that
should not be, no genuine event lost, and every replica ends the same.
"""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_support import event_ids, own_folder, projection, segments, sync_once, teammate
from test_sync_trust import join

from baton.core.events import Event
from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.sync import segment
from baton.tui.cli import cli


@pytest.fixture
def crew(tmp_path, shared):
    """ana (lead), ben and cleo (members) on one team; a handoff from ana to ben with a comment."""
    ana = teammate(tmp_path, "ana", shared, role="lead")
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, shared, ana, "ben")
    cleo = join(tmp_path, shared, ana, "cleo")
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.comment(handoff, "budget 10k")
    for replica in (ana, ben, cleo, ana):
        sync_once(replica)
    return ana, ben, cleo, handoff


def baton_sync(replica, monkeypatch):
    """`baton sync` in-process for `replica`'s home: its output lines; never a traceback."""
    monkeypatch.setenv("BATON_HOME", str(replica.home.root))
    result = CliRunner().invoke(cli, ["sync"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output.splitlines()


def settle(*replicas):
    for _ in range(2):
        for replica in replicas:
            sync_once(replica)


def same_everywhere(*replicas):
    first = replicas[0]
    for other in replicas[1:]:
        assert projection(other) == projection(first), other.user
        assert event_ids(other) == event_ids(first), other.user


def mentions(lines, name):
    return [line for line in lines if name in line]


def next_seq(replica):
    return max(segment.parse_name(p.name).seq for p in segments(replica)) + 1


def damaged(kind, folder, seq, genuine):
    """A damaged or hostile file under a segment's name in `folder`."""
    path = folder / f"{seq:06d}-deadbeef.jsonl"
    if kind == "truncated":
        data = genuine.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "random-bytes":
        path.write_bytes(os.urandom(4096))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "symlink-passwd":
        os.symlink("/etc/passwd", path)
    elif kind == "symlink-folder":
        os.symlink("/etc", path)
    elif kind == "utf16":
        lines = [line.decode().encode("utf-16") for line in segment.read(genuine).lines]
        path, _ = segment.write(folder, seq, lines)
    elif kind == "nul-bytes":
        lines = [
            line.replace(b'"ana"', b'"a\\u0000na"').replace(b"budget", b"bud\\u0000get")
            for line in segment.read(genuine).lines
        ]
        path, _ = segment.write(folder, seq, lines)
    return path


KINDS = ["truncated", "random-bytes", "empty", "symlink-passwd", "symlink-folder", "utf16", "nul-bytes"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_file_in_a_teammates_folder_is_one_line_and_changes_nothing(crew, monkeypatch, kind):
    ana, ben, cleo, handoff = crew
    before = (event_ids(ben), projection(ben))
    path = damaged(kind, own_folder(ana), next_seq(ana), segments(ana)[-1])
    lines = baton_sync(ben, monkeypatch)
    assert len(mentions(lines, path.name)) >= 1
    assert all("\0" not in line for line in lines)
    assert (event_ids(ben), projection(ben)) == before
    ana.comment(handoff, "still in step")  # ana goes on writing past the damaged file
    settle(ana, ben, cleo)
    same_everywhere(ana, ben, cleo)
    assert "still in step" in [r[0] for r in ben.store.query("SELECT text FROM comments")]


def test_an_enormous_segment_file_is_never_read(crew, monkeypatch):
    ana, ben, cleo, handoff = crew
    path = own_folder(ana) / f"{next_seq(ana):06d}-deadbeef.jsonl"
    with open(path, "wb") as handle:
        handle.truncate(segment.MAX_BYTES * 4)  # a sparse file: a gigabyte by its size
    opened = []
    real_open = os.open

    def watching(name, *args, **kwargs):
        opened.append(str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(segment.os, "open", watching)
    lines = baton_sync(ben, monkeypatch)
    assert str(path) not in opened  # judged by its size alone
    [said] = mentions(lines, path.name)
    assert "larger than baton writes there" in said


def test_a_file_name_in_a_wrong_encoding_is_one_line(crew, monkeypatch):
    ana, ben, cleo, handoff = crew
    folder = os.fsencode(own_folder(ana))
    with open(os.path.join(folder, b"000077-deadbeef\xff\xfe.jsonl"), "wb") as handle:
        handle.write(b"\xff\xfe")
    before = projection(ben)
    lines = baton_sync(ben, monkeypatch)
    assert len([line for line in lines if "000077-deadbeef" in line]) == 1
    assert projection(ben) == before
    settle(ana, ben, cleo)
    same_everywhere(ana, ben, cleo)


def test_a_folder_whose_name_and_replica_json_are_garbage_is_skipped(crew, monkeypatch, shared):
    ana, ben, cleo, handoff = crew
    replicas = shared / "baton" / "v1" / "replicas"
    os.mkdir(os.path.join(os.fsencode(replicas), b"\xff\xfe-not-a-replica"))
    stranger = replicas / "0123456789abcdef"
    stranger.mkdir()
    os.symlink("/etc/passwd", stranger / "replica.json")
    (stranger / "000001-deadbeef.jsonl").write_bytes(os.urandom(100))
    before = projection(ben)
    lines = baton_sync(ben, monkeypatch)
    assert len(mentions(lines, "0123456789abcdef")) == 1
    assert projection(ben) == before


def test_a_forged_segment_with_a_new_key_claiming_a_teammate_is_one_line_everywhere(
    tmp_path, shared, crew, monkeypatch
):
    ana, ben, cleo, handoff = crew
    fake = teammate(tmp_path, "ben", shared, device="-forged")
    fake.store.append([r for r in ana.store.event_rows() if r["handoff_id"] == handoff])
    fake.comment(handoff, "ben says cancel it")
    sync_once(fake)
    for victim in (ana, cleo):
        lines = baton_sync(victim, monkeypatch)
        assert len(mentions(lines, "a device claiming to be ben is not on the team")) == 1
        assert "ben says cancel it" not in [r[0] for r in victim.store.query("SELECT text FROM comments")]
    settle(ana, ben, cleo)
    same_everywhere(ana, ben, cleo)


def test_an_old_segment_replayed_under_a_new_number_is_kept_aside(crew, monkeypatch):
    ana, ben, cleo, handoff = crew
    old = segments(ana)[1]
    sha8 = segment.parse_name(old.name).sha8
    replay = own_folder(ana) / f"{next_seq(ana):06d}-{sha8}.jsonl"
    shutil.copy(old, replay)
    before = (event_ids(cleo), projection(cleo))
    lines = baton_sync(cleo, monkeypatch)
    [said] = mentions(lines, replay.name)
    assert "signature does not match" in said or "missing" in said
    assert (event_ids(cleo), projection(cleo)) == before
    ana.comment(handoff, "after the replay")
    settle(ana, ben, cleo)
    same_everywhere(ana, ben, cleo)


def test_an_old_segment_deleted_and_put_back_changes_nothing(crew, monkeypatch):
    ana, ben, cleo, handoff = crew
    old = segments(ana)[1]
    kept = old.read_bytes()
    old.unlink()
    sync_once(cleo)
    old.write_bytes(kept)
    before = (event_ids(cleo), projection(cleo))
    lines = baton_sync(cleo, monkeypatch)
    assert mentions(lines, old.name) == []
    assert (event_ids(cleo), projection(cleo)) == before


def test_a_retired_members_valid_signature_after_the_retirement_is_kept_aside(crew, monkeypatch):
    ana, ben, cleo, handoff = crew
    [device] = ana.store.roster().devices_of("ben")
    membership.retire_device(ana, "ben", device.fingerprint)
    sync_once(ana)
    ben.comment(handoff, "written with a retired key")  # ben's copy has not heard: its key still signs
    sync_once(ben)
    for victim in (cleo, ana):
        lines = baton_sync(victim, monkeypatch)
        said = [line for line in lines if "ana retired" in line]
        assert len(said) == 1 and "ben" in said[0], lines  # kept aside, or taken in and then withdrawn
        assert "written with a retired key" not in [r[0] for r in victim.store.query("SELECT text FROM comments")]
    settle(ana, ben, cleo)
    assert projection(ana) == projection(cleo)


def raw(replica, kind, handoff, payload, key=None):
    """An event written straight into the replica's log, past every local check (a modified baton)."""
    event = {
        "id": os.urandom(16).hex(),
        "handoff": handoff,
        "kind": kind,
        "hlc": replica.clock.tick(),
        "at": replica.wall(),
        "author": replica.user,
        "replica": replica.config.replica_id,
        "payload": payload,
    }
    if key is not None:
        from baton.core.team.signing import sign_event

        event = sign_event(event, key)
    checked = Event.model_validate({"v": 1, **event})
    replica.store.append([checked.row()], clock=replica.clock.last)
    return event


OVERREACH = {
    "promotes itself": ("member_set", {"user": "ben", "role": "lead"}, "only a lead can change roles and stages"),
    "enrols a stranger's key": (
        "device_added",
        {"user": "ben", "enrol": DeviceKey.generate().public, "replica": "0123456789abcdef"},
        "only a lead can confirm a device",
    ),
    "removes the lead": ("member_removed", {"user": "ana"}, "only a lead can remove someone from the team"),
    "changes routing": (
        "stage_rule",
        {"stage": "beta", "rule": "round_robin"},
        "only a lead can change how a stage routes",
    ),
}


@pytest.mark.parametrize("attempt", sorted(OVERREACH))
def test_a_members_roster_overreach_counts_nowhere(crew, monkeypatch, attempt):
    """A member's modified baton signs a lead's roster change with the member's own enrolled key."""
    from baton.core.team.roster import TEAM_STREAM

    ana, ben, cleo, handoff = crew
    kind, payload, reason = OVERREACH[attempt]
    forged = raw(ben, kind, TEAM_STREAM, payload, DeviceKey.load(ben.home.device_key))
    baton_sync(ben, monkeypatch)
    for replica in (ana, cleo, ben):
        baton_sync(replica, monkeypatch)
        roster = replica.store.roster()
        assert not roster.is_lead("ben") and roster.is_lead("ana"), replica.user
        assert {m.user for m in roster.members()} == {"ana", "ben", "cleo"}
        assert [r.reason for r in roster.refused if r.event_id == forged["id"]] == [reason], replica.user
    same_everywhere(ana, ben, cleo)


def test_two_leads_demoting_each_other_at_the_same_instant_converge_with_a_lead_left(crew):
    ana, ben, cleo, handoff = crew
    membership.set_member(ana, "cleo", role="lead")
    settle(ana, ben, cleo)
    assert cleo.store.roster().is_lead("cleo")
    same = ana.wall()
    ana.wall = cleo.wall = lambda: same  # both clocks read the same instant
    from sync_support import use_wall

    use_wall(ana, lambda: same)
    use_wall(cleo, lambda: same)
    membership.set_member(ana, "cleo", role="member")
    membership.set_member(cleo, "ana", role="member")
    settle(ana, ben, cleo)
    rosters = [r.store.roster() for r in (ana, ben, cleo)]
    leads = [{m.user for m in roster.members() if m.role == "lead"} for roster in rosters]
    assert leads[0] == leads[1] == leads[2] and len(leads[0]) == 1
    assert len({roster.version() for roster in rosters}) == 1
    same_everywhere(ana, ben, cleo)


@pytest.mark.parametrize(
    "kind,payload",
    [("accepted", {}), ("cancelled", {"reason": "mine now"}), ("reassigned", {"to": "cleo"})],
)
def test_a_member_acting_on_a_handoff_they_never_owned_is_not_applied_anywhere(crew, monkeypatch, kind, payload):
    import random

    from baton.core.demo import fill

    ana, ben, cleo, _ = crew
    handoff = ana.create("sales-to-onboarding", "Known checklist", "ben")  # a built-in: known to the team
    fill(ana, handoff, ana.state(handoff).template, random.Random(1))
    ana.send(handoff)
    settle(ana, ben, cleo)
    before = ana.store.handoff_row(handoff)["status"]
    forged = raw(cleo, kind, handoff, payload)
    baton_sync(cleo, monkeypatch)
    for replica in (ana, ben, cleo):
        baton_sync(replica, monkeypatch)
        assert replica.store.handoff_row(handoff)["status"] == before, replica.user
        conflicts = [r[0] for r in replica.store.query("SELECT event_id FROM conflicts")]
        assert forged["id"] in conflicts, replica.user
    same_everywhere(ana, ben, cleo)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_a_genuine_segment_changes_nothing_and_never_raises(crew, data):
    """A genuine segment of ana's, cut, flipped, padded or spliced with random bytes, dropped under a new number or
    over the original: the reader takes nothing from it, loses nothing, and says something about that file."""
    ana, ben, cleo, handoff = crew
    genuine = segments(ana)[-1]
    raw_bytes = genuine.read_bytes()
    how = data.draw(st.sampled_from(["cut", "flip", "pad", "splice"]))
    if how == "cut":
        bad = raw_bytes[: data.draw(st.integers(0, len(raw_bytes) - 1))]
    elif how == "flip":
        at = data.draw(st.integers(0, len(raw_bytes) - 1))
        bad = raw_bytes[:at] + bytes([raw_bytes[at] ^ data.draw(st.integers(1, 255))]) + raw_bytes[at + 1 :]
    elif how == "pad":
        bad = raw_bytes + data.draw(st.binary(min_size=1, max_size=64))
    else:
        at = data.draw(st.integers(0, len(raw_bytes)))
        bad = raw_bytes[:at] + data.draw(st.binary(min_size=1, max_size=64)) + raw_bytes[at:]
    where = data.draw(st.sampled_from(["new number", "over the original"]))
    target = own_folder(ana) / f"{next_seq(ana):06d}-deadbeef.jsonl" if where == "new number" else genuine
    before = (event_ids(cleo), projection(cleo))
    target.write_bytes(bad)
    try:
        report = sync_once(cleo)
        assert (event_ids(cleo), projection(cleo)) == before
        if where == "new number":
            assert any(p.file == str(target) for p in report.problems)
    finally:
        if where == "new number":
            target.unlink()
        else:
            target.write_bytes(raw_bytes)


@pytest.mark.parametrize("to", ["/etc", "a teammate's folder"])
def test_a_replica_folder_that_is_a_symbolic_link_is_never_followed(crew, monkeypatch, shared, to):
    ana, ben, cleo, handoff = crew
    link = shared / "baton" / "v1" / "replicas" / "fedcba9876543210"
    os.symlink("/etc" if to == "/etc" else own_folder(ana), link)
    before = (event_ids(ben), projection(ben))
    lines = baton_sync(ben, monkeypatch)
    [said] = mentions(lines, "fedcba9876543210")
    assert "symbolic link" in said and "not followed" in said
    assert (event_ids(ben), projection(ben)) == before


def test_two_leads_removing_each_other_at_the_same_instant_leave_one_lead_everywhere(crew):
    from sync_support import use_wall

    ana, ben, cleo, handoff = crew
    membership.set_member(ana, "cleo", role="lead")
    settle(ana, ben, cleo)
    same = ana.wall()
    use_wall(ana, lambda: same)
    use_wall(cleo, lambda: same)
    membership.remove(ana, "cleo")
    membership.remove(cleo, "ana")
    settle(ana, ben, cleo)
    rosters = [r.store.roster() for r in (ana, ben, cleo)]
    members = [{m.user: m.role for m in roster.members()} for roster in rosters]
    assert members[0] == members[1] == members[2]
    assert list(members[0].values()).count("lead") == 1
    same_everywhere(ana, ben, cleo)
