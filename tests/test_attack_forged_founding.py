"""Someone with only the shared folder founds a team stamped before the real one and enrols every device in the
folder by the public keys replica.json publishes, calling themself by the lead's name. Homes from before teams
that a lead confirmed have no invitation code to tell the teams apart: each is told, once a sync, with the
founder's fingerprint, until its person accepts the team they recognise; accepting the real one leaves the
forger's work counting nowhere there."""

from __future__ import annotations

from click.testing import CliRunner
from sync_support import projection, sync_once, teammate, use_wall

from baton.core.team import acceptance, membership
from baton.core.team.keys import fingerprint
from baton.tui.cli import cli

ACCEPT = "by a lead's confirmation, not an invitation code"


def command(replica, monkeypatch, *args):
    monkeypatch.setenv("BATON_HOME", str(replica.home.root))
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_a_forged_earlier_founding_enrolling_everyone_is_said_and_the_real_one_can_be_accepted(
    tmp_path, shared, monkeypatch
):
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    for replica in (ana, ben, ana):
        sync_once(replica)
    forger = teammate(tmp_path, "ana", shared, role="lead", device="-forged")  # calls itself ana
    sync_once(forger)
    early = ana.wall() - 3_600_000
    use_wall(forger, lambda: early)  # stamped an hour before anything ana does next
    membership.found(forger)
    membership.confirm(forger, "ben", membership.device_key(ben.home).public, ben.config.replica_id)
    forger.store.append([r for r in ana.store.event_rows() if r["handoff_id"] == handoff])
    forger.comment(handoff, "ana (really the forger) says cancel")
    sync_once(forger)
    membership.found(ana)  # the real lead, who had not synced the forgery yet
    membership.confirm(ana, "ben", membership.device_key(ben.home).public, ben.config.replica_id)
    sync_once(ana)
    real = fingerprint(ana.store.roster().founder_key)
    fake = fingerprint(forger.store.roster().founder_key)
    lines = command(ben, monkeypatch, "sync").output.splitlines()
    said = [line for line in lines if ACCEPT in line]
    assert len(said) == 1 and fake in said[0], lines  # ben follows the earliest founding, and is told so
    assert acceptance.unconfirmed(ben.store)
    assert ACCEPT in command(ben, monkeypatch, "team").output
    wrong = command(ben, monkeypatch, "team", "accept", "0000-0000")
    assert wrong.exit_code == 4 and "no team in the shared folder has founder fingerprint" in wrong.output
    accepted = command(ben, monkeypatch, "team", "accept", real)
    assert accepted.exit_code == 0, accepted.output
    assert ben.store.roster().founder_key == ana.store.roster().founder_key
    assert not acceptance.unconfirmed(ben.store)
    lines = command(ben, monkeypatch, "sync").output.splitlines()
    assert not [line for line in lines if ACCEPT in line], lines
    sync_once(ana)
    comments = [r[0] for r in ben.store.query("SELECT text FROM comments")]
    assert "ana (really the forger) says cancel" not in comments
    assert projection(ben) == projection(ana)


def test_a_home_accepting_the_team_it_follows_stops_being_told(tmp_path, shared, monkeypatch):
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    ana.create("relay", "Acme deal", "ben")
    for replica in (ana, ben, ana):
        sync_once(replica)
    membership.found(ana)
    membership.confirm(ana, "ben", membership.device_key(ben.home).public, ben.config.replica_id)
    sync_once(ana)
    first = [w for w in sync_once(ben).warnings if ACCEPT in w]
    assert len(first) == 1
    real = fingerprint(ana.store.roster().founder_key)
    assert command(ben, monkeypatch, "team", "accept", real.upper()).exit_code == 0
    assert [w for w in sync_once(ben).warnings if ACCEPT in w] == []
    assert ben.store.roster().is_enrolled("ben", membership.device_key(ben.home).public)
    joined = teammate(tmp_path, "cleo", shared)  # a home that joins with a code is never asked
    code = membership.invite(ana, "cleo")
    sync_once(ana)
    sync_once(joined)
    membership.join(joined, code)
    assert [w for w in sync_once(joined).warnings if ACCEPT in w] == []
