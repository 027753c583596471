"""A shared folder baton may not read or write, met by a real `baton sync` process of another user.

Permissions do not stop root, so when the suite runs as root each sync here runs as
`nobody` (setpriv), over a team's folder and home handed to that user; otherwise as
the user running the tests. Whatever cannot be read is one line naming it, read again
next time; a folder that cannot be written keeps this replica's changes here, and
everything else still comes in. Once the permissions are put back, one more sync
reaches the undamaged state.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BATON, run
from test_sync_hostile_folder import World, no_traceback, sound, state

AS_ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
pytestmark = pytest.mark.skipif(AS_ROOT and SETPRIV is None, reason="root reads anything, and setpriv is missing")
OTHER = [SETPRIV or "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if AS_ROOT else []


def handed_over(root: Path) -> None:
    """Everything under `root` made the user's who runs the syncs here (nobody, when the tests run as root)."""
    if not AS_ROOT:
        return
    import pwd

    who = pwd.getpwnam("nobody")
    for path in [root, *root.rglob("*")]:
        os.chown(path, who.pw_uid, who.pw_gid, follow_symlinks=False)


def sync_as_other(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BATON_HOME": str(home), "BATON_READ_AHEAD": "0"}
    env.pop("BATON_DEBUG", None)
    return subprocess.run([*OTHER, str(BATON), "sync"], env=env, capture_output=True, text=True, timeout=120, cwd=home)


def other_can_run_baton() -> bool:
    """Whether the other user may run this checkout's `baton` at all (a checkout in a private folder: not)."""
    if not AS_ROOT:
        return True
    ran = subprocess.run([*OTHER, str(BATON), "--version"], capture_output=True, text=True, timeout=60, cwd="/")
    return ran.returncode == 0


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    if not other_can_run_baton():
        pytest.skip("nobody may not run baton from this checkout (it sits in a folder only its owner can enter)")
    root = Path(tempfile.mkdtemp(prefix="baton-permissions-"))  # under /tmp: a place nobody may reach
    os.chmod(root, 0o755)
    try:
        made = World(root)
        deal = sqlite3.connect(made.home / "baton.db").execute("SELECT id FROM handoffs LIMIT 1").fetchone()[0]
        assert run("comment", deal, "cleo's own news", home=made.home).returncode == 0
        made.measure()  # cleo now has a change of her own to send
        yield made
    finally:
        for path in [root, *root.rglob("*")]:
            if not path.is_symlink():
                os.chmod(path, 0o700)
        shutil.rmtree(root)


def teammates_folders(world: World) -> list[Path]:
    replicas = world.shared / "baton" / "v1" / "replicas"
    return sorted(p for p in replicas.iterdir() if p.name != world.victim)


def newest_segment(folder: Path) -> Path:
    return sorted(folder.glob("0*.jsonl"))[-1]


@pytest.mark.parametrize("what", ["segment", "replica.json", "teammate's folder", "replica folders", "read-only"])
def test_what_cannot_be_read_or_written_is_one_line_and_comes_in_once_it_can(world, what):
    world.reset()
    events_before = state(world.home)["events"]
    folders = teammates_folders(world)
    if what == "segment":
        target, mode = newest_segment(folders[0]), 0
    elif what == "replica.json":
        target, mode = folders[0] / "replica.json", 0
    elif what == "teammate's folder":
        target, mode = folders[0], 0
    elif what == "replica folders":
        target, mode = world.shared / "baton" / "v1" / "replicas", 0
    else:
        target, mode = world.shared, 0o555
    handed_over(world.shared.parent)
    changed = [target, *target.rglob("*")] if what == "read-only" else [target]
    for path in reversed(changed):
        os.chmod(path, mode if path.is_dir() or what != "read-only" else 0o444)
    try:
        ran = sync_as_other(world.home)
    finally:
        for path in changed:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
    no_traceback(ran)
    assert ran.returncode == 0, ran.stderr
    problems = [line for line in ran.stdout.splitlines() if line.startswith("problem: ")]
    assert problems and all(line.endswith("(will retry)") for line in problems), ran.stdout
    assert any(str(target) in line and "ermission denied" in line for line in problems), ran.stdout
    after = state(world.home)
    assert events_before <= after["events"] <= world.expected["events"]
    if what == "read-only":  # nothing could go out, but everything came in
        assert after["events"] == world.expected["events"]
    else:
        assert after["events"] < world.expected["events"]
    sound(world.home)
    world.recovers()
