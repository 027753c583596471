"""A home a lead confirmed, whose person accepted the team they recognised, then meets a founding stamped before
it (a forger's, enrolling every device by the keys replica.json publishes): it is asked to choose again, with both
foundings offered, as a home that had accepted nothing is, never told to ask the earlier founder for an
invitation. A home a lead confirmed with an older baton, which pinned its team without asking, is asked too."""

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


def confirmed(tmp_path, shared):
    """ana founds the team and confirms ben's home from before teams; ben's copy follows it, not yet accepted."""
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    for replica in (ana, ben, ana):
        sync_once(replica)
    membership.found(ana)
    membership.confirm(ana, "ben", membership.device_key(ben.home).public, ben.config.replica_id)
    sync_once(ana)
    sync_once(ben)
    return ana, ben, handoff


def forged_earlier(tmp_path, shared, ana, ben, handoff):
    """A founding stamped an hour before ana's, calling itself ana, enrolling ben's device."""
    forger = teammate(tmp_path, "ana", shared, role="lead", device="-forged")
    use_wall(forger, lambda: ana.store.roster().founded_ms - 3_600_000)
    membership.found(forger)
    membership.confirm(forger, "ben", membership.device_key(ben.home).public, ben.config.replica_id)
    forger.create("relay", "The forger's work", "ben")
    sync_once(forger)
    return fingerprint(forger.store.roster().founder_key)


def test_an_earlier_founding_after_acceptance_asks_again_and_the_same_answer_holds(tmp_path, shared, monkeypatch):
    ana, ben, handoff = confirmed(tmp_path, shared)
    real = fingerprint(ana.store.roster().founder_key)
    assert command(ben, monkeypatch, "team", "accept", real).exit_code == 0
    assert not acceptance.unconfirmed(ben.store)
    fake = forged_earlier(tmp_path, shared, ana, ben, handoff)
    lines = command(ben, monkeypatch, "sync").output.splitlines()
    asked = [line for line in lines if ACCEPT in line]
    assert len(asked) == 1 and real in asked[0], lines  # it still follows ana's, and is asked about it
    assert not [line for line in lines if "ask its founder for an invitation" in line], lines
    assert acceptance.unconfirmed(ben.store)
    offered = {a.target for a in acceptance.accept_actions(ben.store)}
    assert offered == {real, fake}
    assert command(ben, monkeypatch, "team", "accept", real).exit_code == 0
    lines = command(ben, monkeypatch, "sync").output.splitlines()
    assert not [line for line in lines if ACCEPT in line or "ask its founder" in line], lines
    assert ben.store.roster().founder_key == ana.store.roster().founder_key
    sync_once(ana)
    assert "The forger's work" not in [r[0] for r in ben.store.query("SELECT title FROM handoffs")]
    assert projection(ben) == projection(ana)


def test_a_later_founding_after_acceptance_asks_nothing(tmp_path, shared, monkeypatch):
    ana, ben, handoff = confirmed(tmp_path, shared)
    assert command(ben, monkeypatch, "team", "accept", fingerprint(ana.store.roster().founder_key)).exit_code == 0
    late = teammate(tmp_path, "cleo", shared, role="lead")
    membership.found(late)  # the folder already has a team: ana's is the earlier one
    sync_once(late)
    lines = command(ben, monkeypatch, "sync").output.splitlines()
    assert not [line for line in lines if ACCEPT in line], lines
    assert not acceptance.unconfirmed(ben.store)


def test_a_home_an_older_baton_pinned_by_confirmation_is_asked(tmp_path, shared, monkeypatch):
    """An older baton pinned the team a lead's confirmation put the home on, and never asked."""
    ana, ben, _ = confirmed(tmp_path, shared)
    with ben.store.lock, ben.store.writing():
        ben.store.conn.execute("DELETE FROM meta WHERE key = ?", (acceptance.UNCONFIRMED,))
    assert acceptance.unconfirmed(ben.store)
    real = fingerprint(ana.store.roster().founder_key)
    assert command(ben, monkeypatch, "team", "accept", real).exit_code == 0
    assert not acceptance.unconfirmed(ben.store)


def test_homes_that_founded_or_joined_with_a_code_are_never_asked(tmp_path, shared, monkeypatch):
    ana, ben, handoff = confirmed(tmp_path, shared)
    cleo = teammate(tmp_path, "cleo", shared)
    code = membership.invite(ana, "cleo")
    sync_once(ana)
    sync_once(cleo)
    membership.join(cleo, code)
    sync_once(cleo)
    forged_earlier(tmp_path, shared, ana, ben, handoff)
    for replica in (ana, cleo):
        sync_once(replica)
        assert not acceptance.unconfirmed(replica.store), replica.user


def test_the_question_asked_again_says_what_arrived(tmp_path, shared, monkeypatch):
    ana, ben, handoff = confirmed(tmp_path, shared)
    assert command(ben, monkeypatch, "team", "accept", fingerprint(ana.store.roster().founder_key)).exit_code == 0
    fake = forged_earlier(tmp_path, shared, ana, ben, handoff)
    sync_once(ben)
    said = acceptance.said(ben.store)
    assert said.startswith("a founding stamped before the team you accepted reached the shared folder since") and (
        fake in said and ACCEPT in said
    ), said
    explained = acceptance.explained(ben.store)
    assert explained[0].startswith("A founding stamped before the team you accepted") and fake in explained[0]
    assert explained[0].endswith(")."), explained[0]


def test_a_home_joined_with_a_code_is_told_to_check_the_earlier_founder_before_asking_for_an_invitation(
    tmp_path, shared
):
    """cleo joined ana's team with a code; a forged earlier founding must not read as a plain 'ask its founder'."""
    ana, ben, handoff = confirmed(tmp_path, shared)
    cleo = teammate(tmp_path, "cleo", shared)
    code = membership.invite(ana, "cleo")
    sync_once(ana)
    sync_once(cleo)
    membership.join(cleo, code)
    sync_once(cleo)
    fake = forged_earlier(tmp_path, shared, ana, ben, handoff)
    said = [w for w in sync_once(cleo).warnings if "the folder's team is" in w]
    assert len(said) == 1 and fake in said[0], said
    assert "check that fingerprint with ana by another channel" in said[0], said
