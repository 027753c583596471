"""The shared folder's team hint, which anyone who shares the folder can write, is printed only in its forms
and read only from a real replica folder.

`baton init` prints a hint's founder and fingerprint when it refuses a second founding or notes a team: a
founder holding a newline printed a second line that looked like baton's own, and a fingerprint of a page of
text was printed whole. A link where a replica folder belongs was followed to read a hint from anywhere on
this machine, refusing a founding for a file outside the shared folder.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import run

from baton.sync.folder import LAYOUT
from baton.sync.team_hint import TEAM_FILE, team_hint

FORGED = {"team": "t", "founder": "eve\x1b]0;title\x07\nbaton: all good", "fingerprint": "x" * 5000}


def hint_in(folder, data) -> None:
    folder.mkdir(parents=True)
    (folder / TEAM_FILE).write_text(json.dumps(data))


@pytest.mark.parametrize("role,code", [("lead", 5), ("member", 0)])
def test_a_forged_hints_founder_and_fingerprint_are_one_line_of_question_marks(tmp_path, role, code):
    shared = tmp_path / "shared"
    hint_in(shared.joinpath(*LAYOUT, "0123456789abcdef"), FORGED)
    ran = run("init", "--user", "ana", "--role", role, "--sync-dir", shared, home=tmp_path / "home")
    assert ran.returncode == code, ran.stderr
    [said] = ran.stderr.splitlines()
    assert "(founded by ?" in said and "all good" not in said and "x" * 50 not in said
    assert "fingerprint ?" in said or role == "member"


def test_a_genuine_hint_reads_as_written(tmp_path):
    genuine = {"team": "t", "founder": "ana", "fingerprint": "9edc:6751:2855:29a2:9db6"}
    hint_in(tmp_path.joinpath(*LAYOUT, "0123456789abcdef"), genuine)
    assert team_hint(tmp_path) == genuine


@pytest.mark.parametrize("where", ["a replica folder", "the replica folders' folder"])
def test_a_hint_behind_a_link_is_not_read_and_founding_goes_ahead(tmp_path, where):
    shared = tmp_path / "shared"
    elsewhere = tmp_path / "elsewhere"
    replicas = shared.joinpath(*LAYOUT)
    genuine = {"team": "t", "founder": "ana", "fingerprint": "9edc:6751:2855:29a2:9db6"}
    if where == "a replica folder":
        hint_in(elsewhere, genuine)
        replicas.mkdir(parents=True)
        os.symlink(elsewhere, replicas / "0123456789abcdef")
    else:
        hint_in(elsewhere / "0123456789abcdef", genuine)
        replicas.parent.mkdir(parents=True)
        os.symlink(elsewhere, replicas)
    assert team_hint(shared) is None
    ran = run("init", "--user", "ana", "--role", "lead", "--sync-dir", shared, home=tmp_path / "home")
    assert "already has a team" not in ran.stderr, ran.stderr
    if where == "a replica folder":
        assert ran.returncode == 0, ran.stderr
    else:  # baton's own level is a link: no segment could be written there, so the folder is refused as it is
        assert ran.returncode == 1 and "a symbolic link where baton's folder belongs" in ran.stderr, ran.stderr
