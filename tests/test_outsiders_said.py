"""Someone writing in the team's folder without being on the team is said as such, once, with what to do.

`baton sync` listed a stranger among "teammates' folders read", and `baton teammates` said
"never seen, 1 device not on the team, not on the team" of them: the same fact twice, and
nothing a lead could act on.
"""

from __future__ import annotations

from conftest import run, write_relay

from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.people import seen_words


def _row(output: str, user: str) -> str:
    [line] = [line for line in output.splitlines() if line.startswith(f"{user} ")]
    return line


def test_a_strangers_folder_is_not_a_teammates_in_sync_teammates_or_the_seen_line(tmp_path):
    shared, ana, zed = tmp_path / "shared", tmp_path / "ana", tmp_path / "zed"
    assert run("init", "--user", "ana", "--role", "lead", "--sync-dir", shared, home=ana).returncode == 0
    assert run("init", "--user", "zed", "--sync-dir", shared, home=zed).returncode == 0
    write_relay(zed / "checklists")
    assert run("new", "relay", "--title", "Acme", "--to", "ana", home=zed).returncode == 0
    assert run("sync", home=zed).returncode == 0

    synced = run("sync", home=ana)
    assert "teammates' folders read" not in synced.stdout
    assert "folders of people not on the team: zed (nothing they write is applied)" in synced.stdout

    row = _row(run("teammates", home=ana).stdout, "zed")
    assert row.endswith("not on the team: nothing they write is applied; invite them with `baton team invite zed`")
    assert "device" not in row
    own = _row(run("teammates", home=zed).stdout, "zed")
    assert own.endswith("(you), not on the team: nothing you write is applied; ask a lead for `baton team invite zed`")

    replica = Replica.open(Home(ana))
    try:
        assert seen_words(replica) == "no teammates seen yet"
    finally:
        replica.close()


def test_a_member_is_told_a_lead_invites_a_stranger(tmp_path):
    shared, ana, ben, zed = (tmp_path / name for name in ("shared", "ana", "ben", "zed"))
    assert run("init", "--user", "ana", "--role", "lead", "--sync-dir", shared, home=ana).returncode == 0
    code = run("team", "invite", "ben", home=ana).stdout.split()[-1]
    assert run("sync", home=ana).returncode == 0
    joined = run("init", "--user", "ben", "--invite", code, "--sync-dir", shared, home=ben)
    assert joined.returncode == 0, joined.stderr
    assert run("init", "--user", "zed", "--sync-dir", shared, home=zed).returncode == 0
    for home in (zed, ana, ben):
        run("sync", home=home)
    teammates = run("teammates", home=ben).stdout
    assert _row(teammates, "zed").endswith("a lead invites them with `baton team invite zed`")
    assert "not on the team" not in _row(teammates, "ana")
    assert "zed" not in run("sync", home=ben).stdout.split("folders read:")[-1].split("\n")[0]


def test_a_newcomer_whose_join_comes_in_with_this_sync_is_a_teammate_at_once(tmp_path):
    """ben joined; the lead's next sync took his join in, yet said "folders of people not on the team: ben"
    (the verdict was made before his segments were read), as if the invitation had not worked."""
    shared, ana, ben = (tmp_path / name for name in ("shared", "ana", "ben"))
    assert run("init", "--user", "ana", "--role", "lead", "--sync-dir", shared, home=ana).returncode == 0
    code = run("team", "invite", "ben", home=ana).stdout.split()[-1]
    assert run("sync", home=ana).returncode == 0
    joined = run("init", "--user", "ben", "--invite", code, "--sync-dir", shared, home=ben)
    assert joined.returncode == 0, joined.stderr
    synced = run("sync", home=ana)
    assert synced.returncode == 0, synced.stderr
    assert "not on the team" not in synced.stdout + synced.stderr
    assert "teammates' folders read: ben" in synced.stdout
