"""A home whose config.json was lost, its baton.db intact: `baton init` for the same person takes the database up
again (its replica id, its person's name), so work not synced yet reaches the team and no teammate is told of
another device writing as this replica. Another person's database, or one copied from another device, is still
refused, with nothing written."""

from __future__ import annotations

import json

from conftest import run, run_process
from test_home_owner import copy_database, folder_files
from test_sync_lost_database import _alarmed, _team

from baton.core.config import load_config
from baton.core.home import Home


def _files(home) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.iterdir()) if p.is_file()}


def _clean(ran) -> bool:
    return ran.returncode == 0 and not _alarmed(ran.stdout + ran.stderr)


def test_init_after_config_json_was_lost_takes_the_database_up_again_and_nothing_is_lost(tmp_path):
    team, handoff = _team(tmp_path)
    ben = team.home("ben")
    own = load_config(Home(ben)).replica_id
    assert team("ben", "sync").exit_code == 0  # ana's handoff
    assert team("ben", "comment", handoff, "sent before").exit_code == 0
    assert team("ben", "sync").exit_code == 0
    assert team("ben", "comment", handoff, "not sent yet").exit_code == 0  # only in ben's database
    (ben / "config.json").unlink()
    lost = run("list", home=ben)
    assert lost.returncode != 0 and lost.stderr.splitlines() == [
        f"baton: {ben / 'config.json'} is missing, {ben / 'baton.db'} is still there: `baton init --user USER` "
        "(your user name) writes it again and keeps your work"
    ], lost

    wrong = run_process("init", "--user", "ana", "--sync-dir", team.shared, home=ben)  # not ben's database
    assert wrong.returncode == 1 and wrong.stdout == "", wrong
    assert wrong.stderr.startswith(f"baton: {ben / 'baton.db'} is another home's database: replica {own}"), wrong
    assert "written by ben, not ana" in wrong.stderr and "`baton init --user ben`" in wrong.stderr
    assert len(wrong.stderr.splitlines()) == 1
    assert not (ben / "config.json").exists()

    again = run_process("init", "--user", "ben", "--sync-dir", team.shared, home=ben)
    assert again.returncode == 0 and again.stderr == "", again
    assert "config.json was missing: written again for replica" in again.stdout
    config = load_config(Home(ben))
    assert (config.replica_id, config.user, config.display_name, config.sync_dir) == (
        own,
        "ben",
        "Ben",
        str(team.shared),
    )
    for user in ("ben", "ana", "ben", "ana"):
        synced = run_process("sync", home=team.home(user))
        assert _clean(synced), (user, synced)
    comments = [c["text"] for c in json.loads(team("ana", "show", handoff, "--json").stdout)["comments"]]
    assert comments == ["sent before", "not sent yet"]
    assert team("ben", "comment", handoff, "after init").exit_code == 0  # ben's writes count on the team
    assert _clean(run_process("sync", home=ben)) and _clean(run_process("sync", home=team.home("ana")))
    comments = [c["text"] for c in json.loads(team("ana", "show", handoff, "--json").stdout)["comments"]]
    assert comments == ["sent before", "not sent yet", "after init"]
    for user in ("ana", "ben"):
        checked = run_process("doctor", home=team.home(user))
        assert _clean(checked) and "nothing kept aside" in checked.stdout, (user, checked)


def test_a_database_copied_from_another_device_is_still_refused_and_left_as_it_was(tmp_path):
    team, _ = _team(tmp_path)
    home = tmp_path / "bens-other-laptop"
    home.mkdir()
    copy_database(team.home("ben"), home)
    before, shared = _files(home), folder_files(team.shared)
    refused = run_process("init", "--user", "ben", "--sync-dir", team.shared, home=home)
    assert refused.returncode == 1 and refused.stdout == "", refused
    assert "is another home's database" in refused.stderr and "copied in from another device" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    assert _files(home) == before and folder_files(team.shared) == shared  # nothing written here or there


def test_a_home_that_never_wrote_takes_its_database_up_again_for_its_person(tmp_path):
    home = tmp_path / "solo"
    made = run("init", "--user", "cleo", "--name", "Cleo Park", "--role", "lead", "--tz", "Asia/Tokyo", home=home)
    assert made.returncode == 0, made
    before = load_config(Home(home))
    (home / "config.json").unlink()
    again = run("init", "--user", "cleo", home=home)  # her name, role and zone as the database holds them
    assert again.returncode == 0, again
    assert load_config(Home(home)) == before


def _two_without_a_team(tmp_path):
    """ann and cat sharing a folder before any team: ann's segments are signed, but by no team event."""
    shared = tmp_path / "shared"
    shared.mkdir()
    for user in ("ann", "cat"):
        home = tmp_path / user
        assert run("init", "--user", user, "--sync-dir", shared, home=home).returncode == 0
        to = "cat" if user == "ann" else "ann"
        assert run("new", "sales-to-onboarding", "--title", f"From {user}", "--to", to, home=home).returncode == 0
        assert run("sync", home=home).returncode == 0
    return shared


def test_a_database_from_before_a_team_copied_to_another_device_is_refused_too(tmp_path):
    """With no team event to name its device, the database still names the key it was made with (or, older,
    its own segments say a device signed them): a home holding another key, or none, is refused."""
    shared = _two_without_a_team(tmp_path)
    for other, with_key in (("bare", False), ("keyed", True)):
        home = tmp_path / other
        home.mkdir()
        if with_key:
            assert run("init", "--user", "dora", home=tmp_path / "dora").returncode == 0
            (home / "device.key").write_bytes((tmp_path / "dora" / "device.key").read_bytes())
        copy_database(tmp_path / "ann", home)
        before, files = _files(home), folder_files(shared)
        refused = run_process("init", "--user", "ann", "--sync-dir", shared, home=home)
        assert refused.returncode == 1 and refused.stdout == "", refused
        assert "is another home's database" in refused.stderr and len(refused.stderr.splitlines()) == 1, refused
        assert _files(home) == before and folder_files(shared) == files


def test_ann_s_own_home_after_losing_config_json_without_a_team_takes_it_up_again(tmp_path):
    shared = _two_without_a_team(tmp_path)
    ann = tmp_path / "ann"
    own = load_config(Home(ann)).replica_id
    (ann / "config.json").unlink()
    again = run("init", "--user", "ann", "--sync-dir", shared, home=ann)
    assert again.returncode == 0, again
    assert load_config(Home(ann)).replica_id == own
    synced = run("sync", home=tmp_path / "cat")
    assert synced.returncode == 0 and not _alarmed(synced.stdout + synced.stderr), synced


def test_a_role_given_again_is_the_one_taken_not_the_one_the_database_recorded(tmp_path):
    home = tmp_path / "solo"
    assert run("init", "--user", "cleo", "--role", "lead", "--tz", "Asia/Tokyo", home=home).returncode == 0
    (home / "config.json").unlink()
    again = run("init", "--user", "cleo", "--role", "member", home=home)
    assert again.returncode == 0, again
    assert load_config(Home(home)).role == "member" and "(member, Asia/Tokyo)" in again.stdout
