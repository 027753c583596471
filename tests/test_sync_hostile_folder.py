"""Any damage to a real team's shared folder, met by `baton sync`: it survives, loses nothing, and converges.

A team (ana founded it; ben and cleo joined through the folder) does real handoff work;
cleo takes in part of it, then the others go on. The folder is then damaged in a random
combination of the ways folder_damage.py knows, and cleo runs `baton sync`. Whatever the
damage: an exit code the README documents, no traceback, a database sound by its own
checks (`baton doctor`'s), no event she held lost. Once the folder is put back, one more
sync leaves her exactly where an undamaged sync does.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import projection_rows, run, run_process
from folder_damage import DAMAGES, Scene, restore
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_support import sync_once, teammate
from test_sync_trust import join

from baton.core import checkup
from baton.core.store import PROJECTION_TABLES, Store
from baton.core.team import membership

EXIT_CODES = {0, 1, 2, 3, 4, 5}


def team_at_work(root: Path) -> tuple[Path, dict[str, tuple[Path, str]]]:
    """The shared folder after real work, and the home and replica id of two who sync next: cleo, who has
    taken in part of it, and dee, a new device that has taken in nothing yet."""
    import random

    from baton.core.demo import fill

    shared = root / "shared"
    shared.mkdir()
    ana = teammate(root, "ana", shared, role="lead")
    membership.found(ana)
    sync_once(ana)
    ben = join(root, shared, ana, "ben")
    cleo = join(root, shared, ana, "cleo")
    deal = ana.create("sales-to-onboarding", "Acme deal", "ben")
    fill(ana, deal, ana.state(deal).template, random.Random(1))
    ana.send(deal)
    ana.comment(deal, "budget 10k")
    for replica in (ana, ben, cleo, ana, ben):
        sync_once(replica)
    ben.accept(deal)
    ben.comment(deal, "kickoff on Monday")
    sync_once(ben)
    cleo.comment(deal, "cleo's first note")
    sync_once(cleo)  # cleo has all of that; what follows is news to her (and her own note, to them)
    draft = ana.create("relay", "Globex renewal", "cleo")
    ana.comment(draft, "numbers by Friday")
    ben.comment(deal, "first week went well")
    for replica in (ana, ben):
        sync_once(replica)
    cleo.comment(deal, "cleo's note, not sent yet")  # so every sync below has something to send too
    dee = teammate(root, "dee", shared)
    dee.create("relay", "Dee's first draft", "ben")
    victims = {r.user: (r.home.root, r.config.replica_id) for r in (cleo, dee)}
    for replica in (ana, ben, cleo, dee):
        replica.close()
    return shared, victims


def state(home: Path) -> dict[str, Any]:
    """Every event id and every projection row of a home's database."""
    conn = sqlite3.connect(home / "baton.db")
    try:
        found: dict[str, Any] = {"events": {r[0] for r in conn.execute("SELECT id FROM events")}}
        for table in PROJECTION_TABLES:
            found[table] = projection_rows(conn, table)
        return found
    finally:
        conn.close()


def sound(home: Path) -> None:
    """The database passes SQLite's own checks and doctor's: screens in step with the log."""
    conn = sqlite3.connect(home / "baton.db")
    try:
        assert [line for line in conn.execute("PRAGMA integrity_check") if not _false_null(conn, line[0])] in (
            [("ok",)],
            [],
        )
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    store = Store(home / "baton.db")
    try:
        assert checkup.drift(store) == []
    finally:
        store.close()


def _false_null(conn: sqlite3.Connection, said: str) -> bool:
    """SQLite 3.40's integrity check names a NOT NULL column of a WITHOUT ROWID table that sits between its
    key's columns as NULL when it is not (fixed in later releases): such a line counts only if a NULL is there."""
    found = re.fullmatch(r"NULL value in (\w+)\.(\w+)", said)
    if found is None:
        return False
    table, column = found.groups()
    return conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} IS NULL").fetchone()[0] == 0


def no_traceback(ran: Any) -> None:
    """A documented exit code, no traceback, and one line per problem: each said once, on stderr as `baton: …`."""
    said = ran.stdout + ran.stderr
    assert ran.returncode in EXIT_CODES, said
    assert "Traceback" not in said and "unexpected error" not in said, said
    assert all(line.startswith("baton: ") for line in ran.stderr.splitlines() if line.strip()), ran.stderr
    problems = [line for line in ran.stdout.splitlines() if line.startswith("problem: ")]
    assert len(problems) == len(set(problems)), said
    assert all(line.split(": ")[1].split()[0] for line in problems)  # each names a file or folder


def untouched(world: World) -> None:
    """Nothing written outside the shared folder, whatever links inside it point at."""
    assert [p.name for p in world.outside.iterdir()] == ["private.txt"]
    assert (world.outside / "private.txt").read_text() == "not for the team\n"


class World:
    """The team's folder and a victim's home (cleo's, or dee's) as the work left them, kept aside to put back
    between examples."""

    def __init__(self, root: Path, who: str = "cleo") -> None:
        self.shared, victims = team_at_work(root)
        self.home, self.victim = victims[who]
        self.outside = root / "outside"
        self.outside.mkdir()
        (self.outside / "private.txt").write_text("not for the team\n")
        self.saved_shared, self.saved_home = root / "saved-shared", root / "saved-home"
        shutil.copytree(self.shared, self.saved_shared, symlinks=True)
        self.measure()

    def measure(self) -> None:
        """Keep the victim's home as it is now aside, and what an undamaged sync makes of it."""
        shutil.rmtree(self.saved_home, ignore_errors=True)
        shutil.copytree(self.home, self.saved_home, symlinks=True)
        self.before = state(self.home)
        ran = run("sync", home=self.home)
        assert ran.returncode == 0 and "problem" not in ran.stdout, ran.stdout
        self.expected = state(self.home)
        assert self.expected["events"] > self.before["events"]  # the undamaged sync brings news
        self.reset()

    def scene(self) -> Scene:
        return Scene(self.shared, self.outside, self.victim)

    def reset(self) -> None:
        restore(self.saved_shared, self.shared)
        restore(self.saved_home, self.home)

    def recovers(self) -> None:
        """The folder put back, one more sync reaches the undamaged state; a second changes nothing."""
        restore(self.saved_shared, self.shared)
        ran = run("sync", home=self.home)
        no_traceback(ran)
        assert ran.returncode == 0, ran.stderr
        assert state(self.home) == self.expected
        assert "problem" not in run("sync", home=self.home).stdout
        sound(self.home)


@pytest.fixture(scope="module", params=["cleo", "dee"])
def world(tmp_path_factory, request) -> World:
    """cleo has taken in part of the team's work; dee, a new device, nothing yet (a first import)."""
    return World(tmp_path_factory.mktemp("hostile"), request.param)


@pytest.fixture
def fresh(world: World) -> World:
    world.reset()
    return world


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_damage_to_the_folder_is_survived_and_undone_by_a_later_sync(fresh, data):
    world = fresh
    world.reset()
    damages = data.draw(st.lists(st.sampled_from(DAMAGES), min_size=1, max_size=3), label="damages")
    scene = world.scene()
    for damage in damages:
        said = damage(scene, lambda options: data.draw(st.sampled_from(list(options))))
        data.draw(st.just(said), label=damage.__name__)  # shown with a failing example
    how = data.draw(st.sampled_from([(), ("--json",), ("--compact",)]), label="sync")
    ran = run("sync", *how, home=world.home)
    no_traceback(ran)
    untouched(world)
    assert ran.returncode in (0, 1)
    if how == ("--json",):
        assert all(json.loads(line) for line in ran.stdout.splitlines())
    after = state(world.home)
    assert world.before["events"] <= after["events"]
    assert after["events"] <= world.expected["events"]  # nothing that is not the team's real work
    sound(world.home)
    for command in (("doctor", "--json"), ("teammates",)):  # they read the damaged folder too
        looked = run(*command, home=world.home)
        no_traceback(looked)
        assert looked.returncode == 0, looked.stdout
    world.recovers()


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.__name__)
def test_each_damage_alone_is_survived_and_undone(fresh, damage):
    """Every kind of damage on its own, with its first choice of target (the hypothesis test mixes them)."""
    world = fresh
    print(damage(world.scene(), lambda options: next(iter(options))))
    ran = run("sync", home=world.home)
    no_traceback(ran)
    untouched(world)
    assert world.before["events"] <= state(world.home)["events"]
    sound(world.home)
    world.recovers()


@pytest.mark.parametrize(
    "name", ["shared_folder_gone", "layout_replaced", "replace_with_fifo", "bad_replica_json", "odd_names"]
)
def test_a_real_baton_process_survives_damage(fresh, name):
    """The same, through the installed `baton` in its own process: its real exit status and stderr."""
    world = fresh
    [damage] = [d for d in DAMAGES if d.__name__ == name]
    damage(world.scene(), lambda options: list(options)[-1])
    ran = run_process("sync", "--json", home=world.home)
    no_traceback(ran)
    untouched(world)
    assert ran.returncode in (0, 1)
    for line in ran.stdout.splitlines():
        json.loads(line)
    assert world.before["events"] <= state(world.home)["events"]
    sound(world.home)
    world.recovers()


def test_the_victims_own_folder_damaged_is_written_again(fresh):
    world = fresh
    own = world.shared / "baton" / "v1" / "replicas" / world.victim
    for path in own.glob("*.jsonl"):
        path.write_bytes(b"")
    ran = run("sync", home=world.home)
    no_traceback(ran)
    assert ran.returncode == 0
    assert state(world.home) == world.expected
    assert all(path.stat().st_size for path in own.glob("*.jsonl"))
