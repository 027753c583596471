"""Shared fixtures: temp homes, a test checklist with every item kind, a team of
replicas over one store, and a runner for the real `baton` command.
"""

from __future__ import annotations

import gc
import inspect
import json
import os
import sqlite3
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from baton.core.config import Config, save_config
from baton.core.hlc import now_ms
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.replica import Replica
from baton.core.store import Store


def projection_rows(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    """A projection table's rows, sorted, with every handoff number (a store's own: event_log.Names) given back
    as the handoff's id, so two stores that hold the same handoffs compare equal."""
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    if "handoff" not in columns or table in ("item_rows", "comment_rows"):
        return sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {table}"))
    picked = ", ".join("n.name" if c == "handoff" else f"t.{c}" for c in columns)
    return sorted(tuple(r) for r in conn.execute(f"SELECT {picked} FROM {table} t JOIN names n ON n.ref = t.handoff"))


BATON = Path(sys.executable).parent / "baton"


@pytest.fixture(autouse=True)
def keep_every_notification(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record each notification an app shows, for `test_app_support.said`: a toast's own timer
    removes it from the app, which under load can happen before the test looks."""
    from textual.notifications import Notifications

    shown = Notifications.add

    def add(self: Notifications, notification: Any) -> Notifications:
        self.__dict__.setdefault("said", []).append(notification)
        return shown(self, notification)

    monkeypatch.setattr(Notifications, "add", add)


def pytest_configure(config: pytest.Config) -> None:
    """Collect cyclic garbage less often: each full collection walks every live object (Textual's
    modules and styles, Hypothesis's), and with CPython's default thresholds a worker runs one every
    few tests. Garbage is still collected, in larger batches."""
    gc.set_threshold(10_000, 10, 10)


@pytest.hookimpl(trylast=True)  # after pytest's own, which tears the session's fixtures down
def pytest_sessionfinish(session: pytest.Session) -> None:
    """One last collection, then nothing left to walk: pytest's own end-of-run check collects five
    times more (to report errors raised in finalizers, which this collection reports the same way),
    and each full walk of a worker's heap costs a fifth of a second."""
    gc.collect()
    gc.freeze()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two workers per core for `-n auto`: much of the suite waits (app frames, hooks, folder
    watchers, subprocesses), so one worker per core leaves the cores idle half the time."""
    return 2 * (os.cpu_count() or 1)


RELAY_TOML = """\
id = "relay"
version = 1
title = "Relay: alpha hands to beta"
from_stage = "alpha"
to_stage = "beta"
trigger = "Work is ready"
accept_within_hours = 24
description = "A checklist with every kind of item, for tests."

[[items]]
id = "signed"
text = "Contract signed"
why = "No work starts without it."
kind = "check"
required = true

[[items]]
id = "summary"
text = "Summary in the client's words"
why = "The receiver must not ask the client again."
kind = "text"
min_length = 10
required = true

[[items]]
id = "code"
text = "Project code"
why = "Billing files time under it."
kind = "text"
pattern = "[A-Z]{3}-[0-9]+"
required = true

[[items]]
id = "kickoff"
text = "Kickoff date"
why = "The receiver plans the first week around it."
kind = "date"
required = true

[[items]]
id = "folder"
text = "Shared folder"
why = "Every document lives there."
kind = "url"
required = true

[[items]]
id = "seats"
text = "Seats sold"
why = "Licences are provisioned per seat."
kind = "number"
min = 1
max = 500
required = true

[[items]]
id = "plan"
text = "Plan sold"
why = "The kickoff is scoped by plan."
kind = "choice"
choices = ["starter", "growth", "enterprise"]
required = true

[[items]]
id = "security"
text = "Security reviewer"
why = "Enterprise clients gate go-live on a review."
kind = "text"
required = true
when = { item = "plan", equals = "enterprise" }

[[items]]
id = "review-date"
text = "Security review date"
why = "Go-live waits for it."
kind = "date"
required = true
when = { item = "security", is_set = true }

[[items]]
id = "notes"
text = "Anything unusual"
why = "Surprises cost the receiver most."
kind = "text"
min_length = 5

[[items]]
id = "reviewed"
text = "Peer reviewed"
why = "A second pair of eyes catches gaps."
kind = "check"
"""

GOOD_VALUES = {
    "signed": None,
    "summary": "Close the books in three days, not eight.",
    "code": "ACM-42",
    "kickoff": "2026-12-03",
    "folder": "https://drive.example.com/acme",
    "seats": "40",
    "plan": "growth",
}
"""Raw inputs that pass the relay gate (a check item takes no value)."""


@pytest.fixture(autouse=True)
def close_databases(monkeypatch):
    """Close every SQLite connection a test opens (a Store's, a report's, the app's), as
    sqlite-utils' suite does for its databases: none is left for the garbage collector to
    close at some later moment, in some other test, with a ResourceWarning (Python 3.13)."""
    opened: list[sqlite3.Connection] = []
    original = sqlite3.connect

    def tracking(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = original(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(sqlite3, "connect", tracking)
    yield
    for conn in opened:
        try:
            conn.close()
        except sqlite3.ProgrammingError:  # made in a thread that owns it; that thread has ended
            pass


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty BATON_HOME for this test (also set for in-process code)."""
    root = tmp_path / "home"
    monkeypatch.setenv("BATON_HOME", str(root))
    monkeypatch.delenv("BATON_DEBUG", raising=False)
    return root


@pytest.fixture
def shared(tmp_path) -> Path:
    """The shared sync folder teammates' replicas write into and read from."""
    folder = tmp_path / "shared"
    folder.mkdir()
    return folder


@pytest.fixture
def pair(tmp_path, shared) -> tuple[Replica, Replica]:
    """ana and ben, each with their own home and store, sharing one sync folder."""
    from sync_support import teammate  # sync_support imports this module

    return teammate(tmp_path, "ana", shared), teammate(tmp_path, "ben", shared)


def write_relay(folder: Path, text: str = RELAY_TOML, name: str = "relay.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Ran:
    """What one `baton` command did: its exit code and what it printed on stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: object, home: Path, input: str | None = None) -> Ran:
    """Run `baton` in this process with BATON_HOME=home, through the script's own entry point.

    click's CliRunner isolation swaps stdin, stdout, stderr and the environment; `main()` then
    does exactly what the installed script does (its exit code is the SystemExit it raises).
    A process start per command would make the suite several times slower; the contract that
    needs a real process (exit status, stderr, what gets imported) is kept by `run_process`.
    """
    from click.testing import CliRunner

    from baton.tui.entry import main  # the console script's: the hot commands' simple forms skip click

    argv = ["baton", *map(str, args)]
    opened: list[Store] = []
    original = Store.__init__

    def tracking(self: Store, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        opened.append(self)

    with CliRunner().isolation(input=input, env={"BATON_HOME": str(home), "BATON_DEBUG": None}) as (out, err, _):
        saved_argv, sys.argv = sys.argv, argv
        Store.__init__ = tracking  # type: ignore[method-assign]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:  # as the interpreter would: a traceback on stderr and exit status 1
            traceback.print_exc(file=sys.stderr)
            code = 1
        finally:
            Store.__init__ = original  # type: ignore[method-assign]
            for store in opened:  # the process would end here, closing its database
                store.close()
            sys.argv = saved_argv
            sys.stdout.flush()
            sys.stderr.flush()
        return Ran(code, out.getvalue().decode(), err.getvalue().decode())


def run_process(*args: object, home: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `baton` console script in a new process with BATON_HOME=home."""
    env = {**os.environ, "BATON_HOME": str(home)}
    env.pop("BATON_DEBUG", None)
    return subprocess.run(
        [str(BATON), *map(str, args)], env=env, capture_output=True, text=True, input=input, timeout=60
    )


def dump(home: Path) -> dict[str, list[tuple]]:
    """Every row of the event log and the main projections, to prove a refusal wrote nothing."""
    conn = sqlite3.connect(home / "baton.db")
    try:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("events", "handoffs", "items", "comments")
        }
    finally:
        conn.close()


class Wall:
    """A wall clock a test controls: each reading moves it on by one millisecond."""

    def __init__(self, start: int = 1_763_740_000_000) -> None:
        self.now = start

    def __call__(self) -> int:
        self.now += 1
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms


PEOPLE = {"ana": "member", "ben": "member", "cal": "member", "lea": "lead"}


@dataclass
class Team:
    """Several people writing into one database, as it looks after sync."""

    home: Home
    store: Store
    wall: Wall
    people: dict[str, Replica] = field(default_factory=dict)

    def __getitem__(self, user: str) -> Replica:
        return self.people[user]

    def draft(self, title: str = "Acme — 40 seats", to: str = "ben", sender: str = "ana") -> str:
        return self.people[sender].create("relay", title, to)

    def fill(self, handoff: str, user: str = "ana", **overrides: object) -> None:
        for item_id, raw in {**GOOD_VALUES, **overrides}.items():
            self.people[user].set_item(handoff, item_id, raw)

    def ready(self, **kwargs: object) -> str:
        handoff = self.draft(**kwargs)
        self.fill(handoff, user=str(kwargs.get("sender", "ana")))
        return handoff


def replica_for(home: Home, store: Store, user: str, role: str, wall, replica_id: str | None = None) -> Replica:
    config = Config(user=user, display_name=user.title(), role=role, tz="UTC", replica_id=replica_id or new_id()[:16])
    return Replica(home, config, store, wall=wall)


@pytest.fixture
def team(tmp_path) -> Team:
    """ana and ben and cal (members) and lea (a lead) over one store, with the relay template."""
    home = Home(tmp_path / "team")
    write_relay(home.templates)
    store = Store(home.root / "baton.db")
    wall = Wall()
    result = Team(home, store, wall)
    for user, role in PEOPLE.items():
        result.people[user] = replica_for(home, store, user, role, wall)
    return result


def own_database(home: Home, replica_id: str) -> None:
    """Record `replica_id` as the home whose database this is: one database several people use in turn
    (CliTeam) is each one's in their turn. A real home's database is only ever its own."""
    from baton.core.home_owner import OWNER

    if home.database.exists():
        conn = sqlite3.connect(home.database)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (OWNER,)).fetchone()
            if row is None or row[0] != replica_id:  # written only when it changes: a test may hold the lock
                with conn:
                    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (OWNER, replica_id))
        finally:
            conn.close()


@dataclass
class CliTeam:
    """One home whose database several people use in turn through the real CLI.

    The home starts as ana's (as `baton init --user ana` makes it); acting as someone else rewrites
    config.json with that person's (stable) replica id before the run, which is
    exactly what their own device's config would say.
    """

    home: Path
    replica_ids: dict[str, str]

    def __call__(self, user: str, *args: object) -> Ran:
        self.become(user)
        return run(*args, home=self.home)

    def become(self, user: str) -> None:
        """Make the home `user`'s, as their own device's config.json would say, and its database too (as the
        database of their own home records it: core/home_owner.py)."""
        config = Config(
            user=user,
            display_name=user.title(),
            role=PEOPLE.get(user, "member"),
            tz="UTC",
            replica_id=self.replica_ids.setdefault(user, new_id()[:16]),
        )
        save_config(Home(self.home), config)
        own_database(Home(self.home), config.replica_id)

    def replica(self, user: str) -> Replica:
        """`user` working on this home's database in-process, to set the scene quickly."""
        return replica_for(
            Home(self.home),
            Store(self.home / "baton.db"),
            user,
            PEOPLE.get(user, "member"),
            now_ms,
            self.replica_ids.setdefault(user, new_id()[:16]),
        )

    def prepared(self, sent: bool = False) -> str:
        """A relay handoff from ana to ben with every required item done (and sent, if asked)."""
        ana = self.replica("ana")
        handoff = ana.create("relay", "Acme — 40 seats", "ben")
        for item_id, raw in GOOD_VALUES.items():
            ana.set_item(handoff, item_id, raw)
        if sent:
            ana.send(handoff)
        return handoff

    def new(self, user: str = "ana", to: str = "ben", title: str = "Acme — 40 seats") -> str:
        result = self("ana" if user is None else user, "new", "relay", "--title", title, "--to", to)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def ready(self, user: str = "ana", to: str = "ben") -> str:
        handoff = self.new(user, to)
        for item_id, raw in GOOD_VALUES.items():
            result = self(user, "set", handoff, item_id, *([] if raw is None else [raw]))
            assert result.returncode == 0, result.stderr
        return handoff


@pytest.fixture
def cli_team(home) -> CliTeam:
    # `baton init` itself is tested through the command line in test_cli.py.
    Replica.init(Home(home), "ana", tz="UTC").close()
    write_relay(home / "checklists")
    replica_id = json.loads((home / "config.json").read_text())["replica_id"]
    return CliTeam(home, {"ana": replica_id})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long stories start first (`@pytest.mark.long`): started last, one of them alone would keep
    the suite running for its own length after every other test is done."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's `snap_compare`, taking the picture only once the layout has settled
    (`test_app_support.laid_out`): after the test's own `run_before`, every worker done, nothing left
    to lay out or draw, and every widget's place, size and text unchanged three rounds running."""
    from test_app_support import laid_out

    def compare(app, *args, run_before=None, **kwargs):
        async def settled(pilot):
            if run_before is not None:
                done = run_before(pilot)
                if inspect.isawaitable(done):
                    await done
            await laid_out(pilot)

        return snap_compare(app, *args, run_before=settled, **kwargs)

    return compare


# Property tests judge behaviour, never speed: no per-example deadline on a shared, busy machine.
settings.register_profile("baton", deadline=None)
# CI (.ci/run) draws the same examples on every run, so a change is judged by the tests, not by the luck of a draw;
# a run anywhere else draws new ones and keeps finding what the fixed draw does not.
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("BATON_CI") else "baton")
