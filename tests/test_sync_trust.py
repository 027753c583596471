"""Attacks on the shared folder of a team, each with the victim's view checked: not applied, and said so.

A team here is real homes sharing one folder: ana founds it, teammates join with
her invitations, and everything travels through `sync_once`.
"""

from __future__ import annotations

import json

import pytest
from sync_support import own_folder, projection, segments, sync_once, teammate, use_wall

from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.sync import segment, verify
from baton.sync.exporter import export, sealer
from baton.sync.folder import SyncFolder
from baton.sync.ledger import Ledger
from baton.tui.cli import cli


def join(tmp_path, shared, lead, user):
    """A teammate who joins with `lead`'s invitation, through the folder only."""
    mate = teammate(tmp_path, user, shared)
    code = membership.invite(lead, user, stages=["beta"])
    sync_once(lead)
    membership.join(mate, code)
    sync_once(mate)
    return mate


@pytest.fixture
def team(tmp_path, shared):
    ana = teammate(tmp_path, "ana", shared, role="lead")
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, shared, ana, "ben")
    for replica in (ana, ben):
        sync_once(replica)
    return ana, ben


def comments(replica):
    return sorted(r[0] for r in replica.store.query("SELECT text FROM comments"))


def status(replica, handoff):
    return replica.store.handoff_row(handoff)["status"]


def test_a_newcomer_takes_in_the_whole_team_in_one_sync(tmp_path, shared, team):
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    ben_comment_target = handoff
    sync_once(ana)
    sync_once(ben)
    ben.comment(ben_comment_target, "on it")
    sync_once(ben)
    cleo = join(tmp_path, shared, ana, "cleo")  # her first segment carries her invitation
    dan = join(tmp_path, shared, ana, "dan")
    report = sync_once(dan)  # ana's, ben's and cleo's enrolments arrive with their segments
    assert report.problems == [] and report.trust == []
    assert comments(dan) == ["on it"]
    assert {m.user for m in dan.store.roster().members()} == {"ana", "ben", "cleo", "dan"}
    sync_once(cleo)
    assert projection(dan)["handoffs"] == projection(cleo)["handoffs"]


def forger(tmp_path, shared, victim, handoff):
    """`baton init --user ana` on someone else's machine, with ana's handoff copied in."""
    fake = teammate(tmp_path, victim.user, shared, device="-forged", name="Not Ana", tz="Asia/Tokyo")
    rows = [r for r in victim.store.event_rows() if r["handoff_id"] == handoff]
    fake.store.append(rows)
    return fake


def test_a_device_claiming_to_be_ana_is_kept_aside_and_named_once(tmp_path, shared, team):
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    fake = forger(tmp_path, shared, ana, handoff)
    fake.comment(handoff, "ana says hello")
    fake.cancel(handoff, "not needed any more")
    export(fake, SyncFolder(shared).prepare(fake.config), Ledger(fake.store), batch=1)  # two segments
    assert len(segments(fake)) == 2
    for victim in (ben, ana):
        report = sync_once(victim)
        assert status(victim, handoff) == "draft" and comments(victim) == []
        said = [p for p in report.problems if "a device claiming to be ana is not on the team" in p.reason]
        assert len(said) == 1 and said[0].file == str(own_folder(fake)) and said[0].retry
        assert [t.kind for t in report.trust] == [verify.DEVICE]
        lines = report.lines()
        assert sum("a device claiming to be ana is not on the team" in line for line in lines) == 1
        assert json.loads(json.dumps(report.as_json()))["trust"][0]["file"] == str(own_folder(fake))
    assert (ben.store.teammates()["ana"]["display_name"], ben.store.teammates()["ana"]["tz"]) == ("Ana", "UTC")


def test_sync_json_names_the_stranger(tmp_path, shared, team, monkeypatch):
    from click.testing import CliRunner

    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    fake = forger(tmp_path, shared, ana, handoff)
    fake.comment(handoff, "hello from a stranger")
    sync_once(fake)
    monkeypatch.setenv("BATON_HOME", str(ben.home.root))
    result = CliRunner().invoke(cli, ["sync", "--json"])
    data = json.loads(result.output)
    [problem] = [p for p in data["problems"] if "not on the team" in p["reason"]]
    assert problem["file"] == str(own_folder(fake))
    plain = CliRunner().invoke(cli, ["sync"])
    assert plain.output.count("a device claiming to be ana is not on the team") == 1
    assert comments(ben) == []


def test_a_device_of_ben_writing_as_ana_is_kept_aside(tmp_path, shared, team):
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    fake = forger(tmp_path, shared, ana, handoff)
    fake.home.device_key.write_bytes(ben.home.device_key.read_bytes())  # ben's own key, a folder saying ana
    fake.home.device_key.chmod(0o600)
    fake.comment(handoff, "ana agrees")
    sync_once(fake)
    report = sync_once(ana)
    assert comments(ana) == []
    assert any("a device of ben's claims to be ana" in p.reason for p in report.problems)


def rewrite(path, replica_id, seq, key, change):
    """An old segment rewritten with a recomputed trailer: new lines, a new hash, a seal by `key`."""
    found = segment.read(path)
    lines = [change(line) for line in found.lines]
    prev = found.seal.prev if found.seal else ""
    path.unlink()
    written, _ = segment.write(path.parent, seq, lines, sealer(key, replica_id, seq, prev))
    return written


def test_an_old_segment_rewritten_in_place_is_believed_by_nobody(tmp_path, shared, team):
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    ana.comment(handoff, "the budget is 10k")
    sync_once(ana)
    ana.comment(handoff, "kickoff on Tuesday")
    code = membership.invite(ana, "cleo")
    sync_once(ana)
    sync_once(ben)
    [old] = [path for path in segments(ana) if b"10k" in path.read_bytes()]
    seq = segment.parse_name(old.name).seq
    forged = rewrite(old, ana.config.replica_id, seq, DeviceKey.generate(), lambda line: line.replace(b"10k", b"99k"))
    assert forged.name != old.name and not old.exists()

    before = sync_once(ben)  # had the original
    cleo = teammate(tmp_path, "cleo", shared)  # joins after the rewrite, while ana is away
    membership.join(cleo, code)
    after = sync_once(cleo)
    for report, replica in ((before, ben), (after, cleo)):
        assert "the budget is 99k" not in comments(replica)
        assert any(p.file == str(forged) and "kept aside" in p.reason for p in report.problems)
    assert any("TAMPERING" in w for w in before.warnings)
    [tampered] = [t for t in before.trust if t.kind == "tampering"]
    assert tampered.file == str(forged) and f"{old.name[:15]} was taken in before" in tampered.reason
    assert comments(ben) == ["kickoff on Tuesday", "the budget is 10k"]
    assert comments(cleo) == []  # the segment after it names the original: it waits for it

    sync_once(ana)  # ana finds her segment changed and writes it again
    assert old.exists()
    again = sync_once(cleo)
    assert comments(cleo) == ["kickoff on Tuesday", "the budget is 10k"]
    assert any("TAMPERING" in w for w in again.warnings) and any("TAMPERING" in w for w in sync_once(ben).warnings)
    assert projection(cleo)["comments"] == projection(ben)["comments"]


def test_an_old_segment_rewritten_under_its_own_name_is_put_back_by_its_writer(tmp_path, shared, team):
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.comment(handoff, "the budget is 10k")
    sync_once(ana)
    sync_once(ben)
    path = segments(ana)[-1]
    genuine = path.read_bytes()
    path.write_bytes(genuine.replace(b"10k", b"99k"))  # same name; the trailer no longer matches, nor the seal
    cleo = join(tmp_path, shared, ana, "cleo")
    sync_once(cleo)
    assert "the budget is 99k" not in comments(cleo) and "the budget is 99k" not in comments(ben)
    sync_once(ana)
    assert path.read_bytes() == genuine
    sync_once(cleo)
    assert comments(cleo) == comments(ben) == ["the budget is 10k"]


@pytest.mark.parametrize("signed", [True, False])
def test_two_segments_under_one_number_the_genuine_one_wins_everywhere(tmp_path, shared, team, signed):
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    ana.comment(handoff, "genuine")
    sync_once(ana)
    genuine = segments(ana)[-1]
    seq = segment.parse_name(genuine.name).seq
    found = segment.read(genuine)
    lines = [line.replace(b"genuine", b"forged!") for line in found.lines]
    seal = sealer(DeviceKey.generate(), ana.config.replica_id, seq, found.seal.prev) if signed else None
    forged, _ = segment.write(genuine.parent, seq, lines, seal)
    assert forged != genuine and genuine.exists()
    cleo = join(tmp_path, shared, ana, "cleo")
    for replica in (ben, cleo, ana):
        report = sync_once(replica)
        assert "forged!" not in comments(replica) and "genuine" in comments(replica)
        assert any("TAMPERING" in w and f"{seq:06d}" in w for w in report.warnings)
        assert any(p.file == str(forged) and "kept aside" in p.reason for p in report.problems)


def test_an_unsigned_segment_written_after_the_founding_waits(tmp_path, shared, team):
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    ben.comment(handoff, "from an older baton")
    rows = ben.store.conn.execute("SELECT MAX(seq) FROM logged_events").fetchone()
    from baton.sync.exporter import wire_line

    [row] = ben.store.conn.execute(
        "SELECT id, handoff_id, kind, hlc, at, author, replica, payload FROM logged_events WHERE seq = ?", rows
    ).fetchall()
    nxt = max(segment.parse_name(p.name).seq for p in segments(ben)) + 100
    path, _ = segment.write(own_folder(ben), nxt, [wire_line(tuple(row))])  # no seal, as the release before keys
    report = sync_once(ana)
    assert comments(ana) == []
    assert any(p.file == str(path) and "not signed" in p.reason for p in report.problems)


def test_a_folder_from_before_the_team_keeps_working_and_is_marked(tmp_path, shared):
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    ben_lines = []
    sync_once(ana)
    sync_once(ben)
    ben.comment(handoff, "written before keys")
    from baton.sync.exporter import wire_line

    [row] = ben.store.conn.execute(
        "SELECT id, handoff_id, kind, hlc, at, author, replica, payload FROM events WHERE kind = 'commented'"
    ).fetchall()
    ben_lines.append(wire_line(tuple(row)))
    segment.write(own_folder(ben), 1, ben_lines)  # unsigned: the current release's segments
    ben.store.conn.execute("UPDATE meta SET value = value WHERE key = 'clock'")
    sync_once(ana)
    membership.found(ana)
    sync_once(ana)
    cleo = join(tmp_path, shared, ana, "cleo")
    report = sync_once(cleo)
    assert comments(cleo) == ["written before keys"]
    assert not any("kept aside" in p.reason for p in report.problems)


def test_a_stranger_backdating_its_work_before_the_founding_is_still_a_stranger(tmp_path, shared, team):
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    founded = ana.store.roster().founded_at
    early = int(founded[:16]) - 86_400_000
    fake = teammate(tmp_path, "ana", shared, device="-backdated", wall=lambda: early)
    fake.store.append([r for r in ana.store.event_rows() if r["handoff_id"] == handoff])
    use_wall(fake, lambda: early)  # its clock a day before the founding
    backdated = fake.create("relay", "Backdated deal", "ben")
    assert all(e["hlc"] < founded for e in fake.store.events_of([backdated])[backdated])
    export(fake, SyncFolder(shared).prepare(fake.config), Ledger(fake.store))
    report = sync_once(ben)
    assert [r[0] for r in ben.store.query("SELECT title FROM handoffs")] == ["Acme deal"]
    assert sum("a device claiming to be ana is not on the team" in p.reason for p in report.problems) == 1


def test_a_device_a_lead_confirms_later_is_taken_in_within_one_import(tmp_path, shared, team, monkeypatch):
    from baton.sync import admission

    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    cleo = teammate(tmp_path, "cleo", shared)  # writing in the folder before anyone confirmed her device
    cleo.store.append([r for r in ana.store.event_rows() if r["handoff_id"] == handoff])
    for text in ("first", "second", "third"):
        cleo.comment(handoff, text)
        export(cleo, SyncFolder(shared).prepare(cleo.config), Ledger(cleo.store), batch=1)
    before = sync_once(ben)
    assert comments(ben) == [] and any("claiming to be cleo" in p.reason for p in before.problems)
    key = membership.device_key(cleo.home).public
    membership.confirm(ana, "cleo", key, cleo.config.replica_id)
    sync_once(ana)
    released = []
    real = admission.Admission.released

    def spy(self):
        for parsed in real(self):
            released.append(parsed.path)
            yield parsed

    monkeypatch.setattr(admission.Admission, "released", spy)
    dan = join(tmp_path, shared, ana, "dan")  # a newcomer reads cleo's folder before ana's confirmation
    assert comments(dan) == ["first", "second", "third"]
    assert sync_once(ben).problems == [] and comments(ben) == ["first", "second", "third"]
    assert released, "cleo's segments waited for the confirmation read later in the same import"
