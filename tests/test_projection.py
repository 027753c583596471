"""Projection: the state is a function of the *set* of events.

Each person here has their own store (their replica) and their own, skewed, wall
clock; "sync" copies event rows from one store to another with `Store.append`, the
same call the folder import makes. Whatever the order, the fold agrees.
"""

from __future__ import annotations

import sqlite3

import pytest
from conftest import GOOD_VALUES, PEOPLE, Team, projection_rows, replica_for, write_relay
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from baton.core.errors import BatonError
from baton.core.events import Event
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.projection import fold
from baton.core.record import fields
from baton.core.store import PROJECTION_LAYOUT, PROJECTION_TABLES, Store


def canonical(state) -> dict:
    """Everything a fold computes, field by field: each compares by value (the nested ones are records too),
    without converting every nested record into a dict."""
    data = {f.name: getattr(state, f.name) for f in fields(state)}
    data["template"] = state.template.as_dict() if state.template else None
    data["undone"] = sorted(state.undone)
    return data


def rows(store: Store) -> list[dict]:
    return store.event_rows()


def projection(store: Store) -> dict[str, list[tuple]]:
    return {table: projection_rows(store.conn, table) for table in PROJECTION_TABLES}


def events_of(store: Store, handoff: str) -> list[dict]:
    return store.events_of([handoff])[handoff]


class Dial:
    def __init__(self, base: list[int], offset: int) -> None:
        self.base, self.offset = base, offset

    def __call__(self) -> int:
        return self.base[0] + self.offset


@pytest.fixture(scope="module")
def relay_home(tmp_path_factory) -> Home:
    home = Home(tmp_path_factory.mktemp("relay-home"))
    write_relay(home.templates)
    return home


class World:
    """Four people, each with their own store and a clock skewed by up to a day."""

    def __init__(self, home: Home, offsets: dict[str, int]) -> None:
        self.base = [1_763_740_000_000]
        self.stores = {user: Store(":memory:") for user in PEOPLE}
        self.people = {
            user: replica_for(home, self.stores[user], user, role, Dial(self.base, offsets[user]))
            for user, role in PEOPLE.items()
        }

    def sync(self, source: str, target: str) -> None:
        self.stores[target].append(rows(self.stores[source]))

    def sync_all(self) -> None:
        for _ in range(2):
            for source in PEOPLE:
                for target in PEOPLE:
                    if source != target:
                        self.sync(source, target)


ITEMS = list(GOOD_VALUES) + ["security", "notes"]
RAW = [
    "",
    "yes",
    "ACM-42",
    "ACM",
    "2026-12-03",
    "https://example.com/a",
    "40",
    "0",
    "enterprise",
    "growth",
    "Dana Ruiz, reviewer",
    "Hm",
]
USERS = list(PEOPLE)
EVERY_MOVE = {
    "set": [("set", u, i, r) for u in USERS for i in ITEMS for r in RAW],
    "one": [(a, u) for a in ("fill", "comment", "send", "accept", "undo", "return", "cancel") for u in USERS],
    "item": [(a, u, i) for a in ("clear", "waive") for u in USERS for i in ITEMS],
    "pair": [(a, u, v) for a in ("reassign", "sync") for u in USERS for v in USERS],
    "tick": [("tick", ms) for ms in (1, 60_000, 3_600_000)],
}
STORY = [
    ("fill", "ana"),
    ("sync", "ana", "lea"),
    ("send", "ana"),
    ("sync", "ana", "ben"),
    ("return", "ben"),
    ("sync", "ben", "ana"),
    ("fill", "ana"),
    ("send", "ana"),
    ("sync", "ana", "ben"),
    ("accept", "ben"),
    ("reassign", "ben", "cal"),
    ("sync", "ben", "cal"),
    ("undo", "ben"),
]
"""A handoff's typical life; sessions follow it for a while, with other moves mixed in."""


def moves(rng) -> list[tuple]:
    """The story up to a random point, each step with up to three random moves before it."""
    steps: list[tuple] = []
    for step in STORY[: rng.randint(0, len(STORY))]:
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            steps.append(rng.choice(rng.choice(list(EVERY_MOVE.values()))))
        if rng.random() < 0.3:
            step = rng.choice(STORY)
        steps.append(step)
    return steps


def apply(world: World, handoff: str, step: tuple) -> None:
    action = step[0]
    if action == "tick":
        world.base[0] += step[1]
        return
    if action == "sync":
        if step[1] != step[2]:
            world.sync(step[1], step[2])
        return
    world.base[0] += 1
    person = world.people[step[1]]
    try:
        if action == "set":
            person.set_item(handoff, step[2], step[3] or None)
        elif action == "fill":
            for item_id, raw in GOOD_VALUES.items():
                person.set_item(handoff, item_id, raw)
        elif action == "clear":
            person.clear_item(handoff, step[2])
        elif action == "waive":
            person.waive(handoff, step[2], "Agreed with the receiver on a call.")
        elif action == "comment":
            person.comment(handoff, f"A note from {step[1]}.")
        elif action == "send":
            person.send(handoff)
        elif action == "accept":
            person.accept(handoff)
        elif action == "undo":
            person.undo(handoff)
        elif action == "return":
            person.return_(handoff, "Missing the project code.")
        elif action == "cancel":
            person.cancel(handoff, "The client walked away.")
        elif action == "reassign":
            person.reassign(handoff, step[2])
    except BatonError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    offsets=st.fixed_dictionaries({u: st.integers(-86_400_000, 86_400_000) for u in PEOPLE}),
    rng=st.randoms(use_true_random=False),
    data=st.data(),
)
def test_every_order_of_the_same_events_folds_to_the_same_state(relay_home, offsets, rng, data):
    steps = moves(rng)
    world = World(relay_home, offsets)
    handoff = world.people["ana"].create("relay", "Acme — 40 seats", "ben")
    for step in steps:
        apply(world, handoff, step)
    world.sync_all()

    # Every replica holds the same events and shows the same projection.
    reference = projection(world.stores["ana"])
    for user in PEOPLE:
        assert projection(world.stores[user]) == reference, user

    events = events_of(world.stores["ana"], handoff)
    expected = canonical(fold(handoff, events))
    for _ in range(3):
        shuffled = data.draw(st.permutations(events))
        assert canonical(fold(handoff, shuffled)) == expected
    # Without its history lines a fold computes everything else the same.
    assert canonical(fold(handoff, events, history=False)) == {**expected, "history": []}
    # One owner, always one of the two people on the handoff.
    state = fold(handoff, events)
    event(f"status: {state.status}")
    event(f"conflicts: {bool(state.conflicts)}")
    assert state.owner in (state.sender, state.receiver)
    # Rebuilding from the log gives the projection already there.
    world.stores["ben"].rebuild()
    assert projection(world.stores["ben"]) == reference


def test_importing_the_same_events_twice_changes_nothing(team: Team):
    handoff = team.ready()
    team["ben"].comment(handoff, "Looks good so far.")
    team["ana"].send(handoff)
    log = rows(team.store)
    before = (rows(team.store), projection(team.store))
    assert team.store.append(log) == []
    assert team.store.append(log + log) == []
    assert (rows(team.store), projection(team.store)) == before

    other = Store(":memory:")
    assert len(other.append(log + list(reversed(log)))) == len(log)
    assert projection(other) == projection(team.store)


def test_an_event_before_its_handoff_waits_for_it(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "code", "ACM-1")
    log = sorted(rows(team.store), key=lambda r: r["hlc"])
    other = Store(":memory:")
    other.append([log[1]])
    assert list(other.query("SELECT * FROM handoffs")) == []
    assert [r["reason"] for r in other.query("SELECT reason FROM conflicts")] == [
        "its handoff has not arrived yet, or was created after its stamp (is its writer's clock behind?)"
    ]
    other.append([log[0]])
    assert other.state(handoff).values["code"] == "ACM-1"
    assert list(other.query("SELECT * FROM conflicts")) == []
    assert projection(other) == projection(team.store)


def test_send_whose_gate_a_concurrent_clear_broke_is_a_conflict(tmp_path):
    """lea (a lead) clears a required item; ana, not having seen it yet, sends a moment later."""
    home = Home(tmp_path)
    write_relay(home.templates)
    base = [1_763_740_000_000]
    ana_store, lea_store = Store(":memory:"), Store(":memory:")
    ana = replica_for(home, ana_store, "ana", "member", Dial(base, 1_000))
    lea = replica_for(home, lea_store, "lea", "lead", Dial(base, 0))
    handoff = ana.create("relay", "Acme — 40 seats", "ben")
    for item_id, raw in GOOD_VALUES.items():
        ana.set_item(handoff, item_id, raw)
    lea_store.append(rows(ana_store))
    base[0] += 10_000
    lea.clear_item(handoff, "code")
    ana.send(handoff)
    assert ana.state(handoff).status == "sent"

    ana_store.append(rows(lea_store))
    lea_store.append(rows(ana_store))
    for store in (ana_store, lea_store):
        state = store.state(handoff)
        assert state.status == "draft" and "code" not in state.values
        assert [(c.kind, c.author) for c in state.conflicts] == [("sent", "ana")]
        assert state.conflicts[0].reason == "the gate did not pass: code (missing)"
        row = store.handoff_row(handoff)
        assert (row["status"], row["conflicts"], row["next_actor"]) == ("draft", 1, "ana")
        assert [r["kind"] for r in store.query("SELECT kind FROM conflicts")] == ["sent"]
        assert [e.applied for e in state.history][-2:] == [True, False]
    assert projection(ana_store) == projection(lea_store)


def test_accept_of_a_never_sent_handoff_is_kept_as_a_conflict(team: Team):
    handoff = team.ready()
    forged = Event(
        id=new_id(),
        handoff=handoff,
        kind="accepted",
        hlc=team["ben"].clock.tick(),
        at=team.wall(),
        author="ben",
        replica=team["ben"].config.replica_id,
    )
    assert team.store.append([forged.row()]) == [forged.id]
    state = team.store.state(handoff)
    assert state.status == "draft" and state.owner == "ana"
    assert [(c.kind, c.reason) for c in state.conflicts] == [
        ("accepted", "the handoff is still a draft: only a sent handoff can be accepted")
    ]
    assert team.store.handoff_row(handoff)["conflicts"] == 1
    assert forged.id in {r["id"] for r in team.store.query("SELECT id FROM events")}


def test_concurrent_values_go_to_the_last_writer_by_stamp(tmp_path):
    home = Home(tmp_path)
    write_relay(home.templates)
    base = [1_763_740_000_000]
    ana_store, lea_store = Store(":memory:"), Store(":memory:")
    ana = replica_for(home, ana_store, "ana", "member", Dial(base, 0))
    lea = replica_for(home, lea_store, "lea", "lead", Dial(base, 5))
    handoff = ana.create("relay", "Acme — 40 seats", "ben")
    lea_store.append(rows(ana_store))
    base[0] += 100
    lea.set_item(handoff, "seats", "12")
    ana.set_item(handoff, "seats", "40")
    ana_store.append(rows(lea_store))
    lea_store.append(rows(ana_store))
    assert ana_store.state(handoff).values["seats"] == 12 == lea_store.state(handoff).values["seats"]
    assert ana_store.state(handoff).value_meta["seats"][0] == "lea"


def test_store_refuses_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "baton.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(BatonError) as info:
        Store(path)
    assert "is damaged or not baton's" in str(info.value)
    assert isinstance(info.value.__cause__, (type(None), sqlite3.DatabaseError))


def test_a_store_of_an_older_projection_layout_is_rebuilt_on_open(team: Team):
    """A database written before items (and friends) were WITHOUT ROWID tables gets them, with the same rows."""
    handoff = team.ready()
    team["ana"].clear_item(handoff, "summary")  # a filled item is not waived (waivable.py)
    team["lea"].waive(handoff, "summary", "The client sent it by post.")
    team["ben"].comment(handoff, "Looks good so far.")
    team["ana"].send(handoff)
    team["ben"].return_(handoff, "The kickoff date is a Sunday.")
    expected, log = projection(team.store), rows(team.store)
    path = team.store.path
    with team.store.writing():  # the layout as version 1 wrote it: a rowid table, no layout mark
        team.store.conn.execute("DROP VIEW items")
        team.store.conn.execute("DROP TABLE item_rows")
        team.store.conn.execute(
            "CREATE TABLE items (handoff_id TEXT NOT NULL, item_id TEXT NOT NULL, position INTEGER NOT NULL, "
            "kind TEXT NOT NULL, required INTEGER NOT NULL, counts INTEGER NOT NULL, text TEXT NOT NULL, value TEXT, "
            "set_by TEXT, set_at INTEGER, waived INTEGER NOT NULL, waiver_reason TEXT, waived_by TEXT, "
            "problem TEXT, PRIMARY KEY (handoff_id, item_id))"
        )
        team.store.conn.execute("DELETE FROM meta WHERE key = 'projection_layout'")
    team.store.close()

    reopened = Store(path)
    layout = {name: sql for name, sql in reopened.query("SELECT name, sql FROM sqlite_schema WHERE type = 'table'")}
    assert "WITHOUT ROWID" in layout["item_rows"] and "WITHOUT ROWID" in layout["rounds"]
    assert reopened.meta("projection_layout") == PROJECTION_LAYOUT
    assert projection(reopened) == expected
    assert rows(reopened) == log
    assert list(reopened.query("SELECT handoff_id, reason FROM returns")) != []
    assert next(reopened.query("PRAGMA freelist_count"))[0] == 0  # the vacuum policy: a relayout gives pages back
    reopened.close()


@given(
    st.text() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.lists(st.text(max_size=5), max_size=3)
)
def test_an_item_value_is_stored_as_json_dumps_writes_it(value):
    import json

    from baton.core.projection_rows import _value_json

    assert _value_json(value) == json.dumps(value)


@pytest.mark.parametrize("command", [["list", "--all"], ["report"], ["export", "--format", "csv"], ["remind"]])
def test_the_readers_that_skip_the_store_bring_an_older_layout_up_to_date(cli_team, command):
    """`list`, `report`, `export` and `remind` read with plain sqlite3; a database of the layout
    before `handoffs.answer_by` is rebuilt on their first open, as every other command does."""
    import sqlite3

    handoff = cli_team.prepared(sent=True)
    with sqlite3.connect(cli_team.home / "baton.db") as conn:  # the layout as version 3 wrote it
        conn.execute("ALTER TABLE handoffs DROP COLUMN answer_by")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'projection_layout'")
    conn.close()
    result = cli_team("ana", *command)
    assert result.returncode == 0, result.stderr
    if command[0] in ("list", "export"):
        assert handoff[:6] in result.stdout
    with sqlite3.connect(cli_team.home / "baton.db") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'projection_layout'").fetchone()[0] == PROJECTION_LAYOUT
        assert conn.execute("SELECT COUNT(*) FROM handoffs WHERE answer_by IS NOT NULL").fetchone()[0] == 1
    conn.close()
