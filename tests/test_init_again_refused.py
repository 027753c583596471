"""`init` again on a home set up already, refused, leaves its shared folder as it was.

`baton init --role lead --sync-dir OTHER` on a lead's home that had founded its team said "you founded this team
already" (exit 5) and still saved OTHER as the home's shared folder: every later sync went to a folder nobody
else read, and the team was split without a word. The same on a member's home ("on it already"), and for a join
refused after the folder was read.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run


def _folder(home: Path) -> str:
    return json.loads((home / "config.json").read_text())["sync_dir"]


def test_a_founder_founding_again_elsewhere_is_refused_and_keeps_its_folder(tmp_path):
    ours, other, home = tmp_path / "ours", tmp_path / "other", tmp_path / "ana"
    ours.mkdir()
    other.mkdir()
    assert run("init", "--user", "ana", "--role", "lead", "--sync-dir", ours, home=home).returncode == 0
    for named in (other, tmp_path / "new-folder"):  # one there, one init would have created
        refused = run("init", "--user", "ana", "--role", "lead", "--sync-dir", named, home=home)
        assert refused.returncode == 5, refused.stderr
        assert (
            refused.stderr.strip()
            == "baton: you founded this team already: invite teammates with `baton team invite USER`"
        )
        assert refused.stdout == ""  # not even "Created shared folder"
        assert _folder(home) == str(ours)
    assert not (tmp_path / "new-folder").exists() and list(other.iterdir()) == []
    synced = run("sync", home=home)
    assert synced.returncode == 0 and "had no folder of yours" not in synced.stdout


def test_a_member_asking_to_found_is_refused_and_keeps_their_folder(tmp_path):
    ours, other = tmp_path / "ours", tmp_path / "other"
    ours.mkdir()
    other.mkdir()
    ana, ben = tmp_path / "ana", tmp_path / "ben"
    assert run("init", "--user", "ana", "--role", "lead", "--sync-dir", ours, home=ana).returncode == 0
    code = run("team", "invite", "ben", home=ana).stdout.split()[-1]
    run("sync", home=ana)
    assert run("init", "--user", "ben", "--invite", code, "--sync-dir", ours, home=ben).returncode == 0
    refused = run("init", "--user", "ben", "--role", "lead", "--sync-dir", other, home=ben)
    assert refused.returncode == 5 and "you are on it already" in refused.stderr, refused.stderr
    assert _folder(ben) == str(ours) and list(other.iterdir()) == []


def test_a_join_refused_after_reading_the_new_folder_puts_the_old_folder_back(tmp_path):
    """A used code is only known from the folder, so the folder is read first; refused, it is not kept."""
    ours, home = tmp_path / "ours", tmp_path / "cal"
    ours.mkdir()
    ana = tmp_path / "ana"
    assert run("init", "--user", "ana", "--role", "lead", "--sync-dir", ours, home=ana).returncode == 0
    code = run("team", "invite", "cal", home=ana).stdout.split()[-1]
    run("sync", home=ana)
    assert (
        run("init", "--user", "cal", "--invite", code, "--sync-dir", ours, home=tmp_path / "cal-first").returncode == 0
    )
    run("sync", home=tmp_path / "cal-first")
    run("sync", home=ana)
    alone = tmp_path / "alone"
    assert run("init", "--user", "cal", "--sync-dir", alone, home=home).returncode == 0
    refused = run("init", "--user", "cal", "--invite", code, "--sync-dir", ours, home=home)
    assert refused.returncode != 0 and refused.stderr.startswith("baton: "), refused
    assert "Traceback" not in refused.stderr
    assert _folder(home) == str(alone)
