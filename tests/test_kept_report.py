"""The report's figures kept on write equal a full recount from the projection tables, whatever happened.

Teammates edit offline on two transitions, their files travel through the shared
folder in any order (events arrive late, out of order, twice; sends race answers
into conflicts; handoffs are folded again as news arrives), the clock moves on by
minutes or days. At each pause, on every replica, `report()` from the kept
figures (core/kept_figures.py) equals `report(recount=True)` at several moments
(before and after deadlines, with short and long lists); the running counts equal
what the projection gives when the kept tables are filled again from it, folded
again from the events (`doctor --rebuild`) or rebuilt for a new projection layout.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from conftest import GOOD_VALUES, RELAY_TOML, Wall, write_relay
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from sync_support import sync_once, teammate

from baton.core import report_tables
from baton.core.checkup import rebuild
from baton.core.errors import BatonError
from baton.core.metrics import report
from baton.core.schema import PROJECTION_LAYOUT
from baton.core.store import Store
from baton.core.store_moves import bring_up_to_date
from baton.core.times import DAY, HOUR, WEEK

ONWARD_TOML = (
    RELAY_TOML.replace('id = "relay"', 'id = "onward"')
    .replace('from_stage = "alpha"', 'from_stage = "beta"')
    .replace('to_stage = "beta"', 'to_stage = "gamma"')
    .replace("accept_within_hours = 24", "accept_within_hours = 4")
)
"""A second transition (beta → gamma) with a shorter window."""
PEOPLE = (("ana", "member", ""), ("ben", "member", "-desk"), ("ben", "member", "-laptop"), ("lea", "lead", ""))
N = len(PEOPLE)
ITEMS = sorted(GOOD_VALUES)
ACTIONS = ["create", "fill", "send", "send", "accept", "return", "accept", "return", "set", "clear", "waive"]
ACTIONS += ["reassign", "cancel", "undo"]
REASONS = ["Missing the project code.", "missing the project code", "Wrong plan!", "No kickoff date"]
TEMPLATES = ("relay", "onward", "sales-to-onboarding")
SALES = {
    "crm-record": "https://crm.example.com/deals/48213",
    "plan": "growth",
    "seats": "40",
    "client-goals": '"Close the books in 3 days, not 8, without hiring" (Dana Ruiz, CFO, on the demo call of 4 Nov)',
    "scope": "Setup of 2 entities and bank feeds; not included: payroll and data before 2024.",
    "promised-go-live": "2099-01-15",
    "promises": "none",
    "stakeholders": "Dana Ruiz, CFO, sponsor, dana@northwind.example; Omar Haddad, day-to-day, omar@northwind.example",
    "client-introduced": None,
}
VAGUE = {"scope": "see the email thread, it has the full list of everything", "promises": "n/a."}
"""Answers the built-in checklist's answer checks flag as vague (a warning: the send goes through)."""

edit = st.tuples(
    st.just("edit"), st.integers(0, N - 1), st.sampled_from(ACTIONS), st.integers(0, 5), st.sampled_from(ITEMS)
)
relay = st.tuples(st.just("relay"), st.integers(0, N - 1), st.integers(0, N - 1))
tick = st.tuples(st.just("tick"), st.sampled_from([60_000, 3 * HOUR, 20 * HOUR, 2 * DAY, 9 * DAY]))
race = st.tuples(st.just("race"), st.integers(0, 5))
"""ana sends one to ben, whose two devices answer it apart from each other: one answer becomes a conflict."""
step = st.one_of(edit, edit, edit, edit, relay, relay, tick, race, st.tuples(st.just("check")))


def fill(replica, handoff: str, pick: int) -> None:
    if replica.store.handoff_row(handoff)["template_id"] == "sales-to-onboarding":
        values = {**SALES, **(VAGUE if pick % 2 == 0 else {})}
    else:
        values = GOOD_VALUES
    for item_id, raw in values.items():
        replica.set_item(handoff, item_id, raw)


def act(replica, handoffs: list[str], action: str, pick: int, item: str) -> None:
    if action == "create" or not handoffs:
        to = ["ben", "lea", "ana", "cal"][pick % 4]
        handoff = replica.create(TEMPLATES[pick % 3], f"Deal {len(handoffs)}", to if to != replica.user else "cal")
        handoffs.append(handoff)
        try:
            if pick == 4:  # sent before its checklist is done: the gate blocks it, and the block is counted
                replica.send(handoff)
        except BatonError:
            pass
        if pick < 5:
            fill(replica, handoff, pick)
        if pick < 3:
            replica.send(handoff)
        return
    handoff = handoffs[pick % len(handoffs)]
    try:
        if action == "fill":
            fill(replica, handoff, pick)
        elif action == "set":
            replica.set_item(handoff, item, "Hm" if pick == 0 else GOOD_VALUES[item])
        elif action == "clear":
            replica.clear_item(handoff, item)
        elif action == "send":
            replica.send(handoff)
        elif action == "accept":
            replica.accept(handoff)
        elif action == "return":
            replica.return_(handoff, REASONS[pick % len(REASONS)])
        elif action == "waive":
            replica.waive(handoff, item, "Agreed on the call.")
        elif action == "reassign":
            replica.reassign(handoff, "cal" if pick % 2 else "ben")
        elif action == "cancel":
            replica.cancel(handoff, "The client walked away.")
        elif action == "undo":
            replica.undo(handoff)
    except BatonError:
        pass  # refused locally, as the app would: nothing written


def folder(replica) -> Path:
    return Path(replica.config.sync_dir) / "baton" / "v1" / "replicas"


def carry(team, src: int, dst: int) -> None:
    """src exports, all its files reach dst's view of the folder, dst imports."""
    sync_once(team[src])
    rid = team[src].config.replica_id
    source, target = folder(team[src]) / rid, folder(team[dst]) / rid
    if source.is_dir() and source != target:
        target.mkdir(parents=True, exist_ok=True)
        for path in source.iterdir():
            shutil.copyfile(path, target / path.name)
    sync_once(team[dst])


def tally(store: Store) -> list[tuple]:
    rows = [
        tuple(r)
        for r in store.conn.execute("SELECT * FROM report_tally WHERE n != 0 OR m != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7")
    ]
    assert all(r[-2] > 0 and r[-1] >= 0 for r in rows), rows  # a count below zero: a row taken out twice
    return rows


def kept_rows(store: Store) -> dict[str, list[tuple]]:
    rows = {
        table: [tuple(r) for r in store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        for table in report_tables.REPORT_TABLES
    }
    return {**rows, "report_tally": tally(store)}


def assert_kept_equals_recount(store: Store, now: int) -> None:
    for moment in (now, now + 5 * HOUR, now + 2 * DAY, now + 13 * WEEK):
        for limit in (2, 50):
            kept = report(store.conn, moment, limit=limit)
            counted = report(store.conn, moment, limit=limit, recount=True)
            assert kept == counted, (moment, limit)  # dataclass equality: every field, nested ones too


def check(store: Store, now: int) -> None:
    """The kept figures equal a recount; and what was kept on write is what filling them afresh gives."""
    assert report_tables.ready(store.conn)
    assert_kept_equals_recount(store, now)
    before = tally(store)
    with store.writing():
        report_tables.refill(store.conn)
    assert tally(store) == before


@pytest.mark.long
@given(steps=st.lists(step, min_size=15, max_size=45))
@settings(
    max_examples=8,  # every CI run explores afresh; more examples here cost the whole suite seconds
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)  # a failure prints its example; shrinking here takes minutes
def test_kept_figures_equal_a_recount_through_sync_refolds_and_rebuilds(steps):
    with tempfile.TemporaryDirectory() as raw:
        root = Path(raw)
        walls = [Wall(1_763_740_000_000 + offset) for offset in (0, 7, 3, 3_600_000)]
        team = [
            teammate(root, user, root / f"view-{user}{device}", walls[i], role=role, device=device)
            for i, (user, role, device) in enumerate(PEOPLE)
        ]
        for replica in team:
            Path(replica.config.sync_dir).mkdir()
            write_relay(replica.home.templates, ONWARD_TOML, "onward.toml")
        try:
            known: list[list[str]] = [[] for _ in team]
            for current in steps:
                if current[0] == "edit":
                    _, who, action, pick, item = current
                    act(team[who], known[who], action, pick, item)
                elif current[0] == "relay":
                    _, src, dst = current
                    carry(team, src, dst)
                    seen = {r[0] for r in team[dst].store.query("SELECT id FROM handoffs")}
                    known[dst] += sorted(seen - set(known[dst]))
                elif current[0] == "race":
                    handoff = team[0].create(TEMPLATES[current[1] % 3], "Raced deal", "ben")
                    fill(team[0], handoff, current[1])
                    team[0].send(handoff)
                    known[0].append(handoff)
                    for device in (1, 2):
                        carry(team, 0, device)
                        known[device].append(handoff)
                    team[1].accept(handoff)
                    team[2].return_(handoff, REASONS[current[1] % len(REASONS)])
                elif current[0] == "tick":
                    for wall in walls:
                        wall.advance(current[1])
                else:
                    for replica, wall in zip(team, walls, strict=True):
                        check(replica.store, wall.now)
            for src in range(N):
                for dst in range(N):
                    carry(team, src, dst)
            views = []
            for replica, wall in zip(team, walls, strict=True):
                check(replica.store, wall.now)
                views.append(tally(replica.store))
            assert all(view == views[0] for view in views)  # every replica keeps the same counts
            rounds = [r for r in views[0] if r[0].startswith("round:")]
            event(f"sends: {min(sum(r[-2] for r in rounds), 5)}")
            event(f"vague: {sum(r[-1] for r in rounds) > 0}")
            event(f"late or waiting: {any(r[0].endswith('1') or not r[6] for r in rounds)}")
            event(f"blocks: {any(r[0] == 'block' for r in views[0])}")
            event(f"conflicts: {min(team[0].store.conn.execute('SELECT COUNT(*) FROM conflicts').fetchone()[0], 2)}")

            store, now = team[0].store, walls[0].now
            kept = kept_rows(store)
            rebuild(store)  # doctor --rebuild: every handoff folded again from its events
            assert kept_rows(store) == kept
            assert_kept_equals_recount(store, now)
            with store.writing():  # a store of an older projection layout, as it is opened
                store.set_meta("projection_layout", "3")
            bring_up_to_date(store)
            assert store.meta("projection_layout") == PROJECTION_LAYOUT
            assert kept_rows(store) == kept
            assert_kept_equals_recount(store, now)
        finally:
            for replica in team:
                replica.store.close()


def test_a_store_from_before_the_kept_figures_fills_them_on_open(tmp_path):
    """A store written before the kept tables (or with an older REPORT_LAYOUT): the report counts afresh
    until the store is opened, which fills them from the projection without folding anything again."""
    wall = Wall()
    ana = teammate(tmp_path, "ana", None, wall)
    handoff = ana.create("relay", "Acme", "ben")
    for item_id, raw in GOOD_VALUES.items():
        ana.set_item(handoff, item_id, raw)
    ana.send(handoff)
    path = ana.store.path
    expected = dataclasses.asdict(report(ana.store.conn, wall.now + DAY))
    with ana.store.writing():
        for table in (*report_tables.REPORT_TABLES, "report_tally"):
            ana.store.conn.execute(f"DROP TABLE {table}")
        ana.store.conn.execute("DELETE FROM meta WHERE key = 'report_layout'")
    ana.store.close()
    conn = sqlite3.connect(path)
    assert not report_tables.ready(conn)
    assert dataclasses.asdict(report(conn, wall.now + DAY)) == expected  # counted afresh
    reopened = Store(path)
    assert report_tables.ready(reopened.conn)
    assert reopened.conn.execute("SELECT SUM(n) FROM report_tally WHERE kind = 'open'").fetchone()[0] == 1
    assert dataclasses.asdict(report(conn, wall.now + DAY)) == expected  # kept
    conn.close()
    reopened.close()


def test_report_command_fills_the_kept_figures_of_an_older_store(tmp_path, monkeypatch):
    """`baton report` reads the projection without opening the store; on a store from before the kept
    figures it fills them once (as opening the store does), and prints the same report as a recount."""
    from click.testing import CliRunner

    from baton.core.home import Home
    from baton.core.replica import Replica
    from baton.tui.cli import cli

    home = Home(tmp_path / "home")
    monkeypatch.setenv("BATON_HOME", str(home.root))
    ana = Replica.init(home, "ana", tz="UTC")
    handoff = ana.create("sales-to-onboarding", "Northwind", "ben")
    for item_id, raw in SALES.items():
        ana.set_item(handoff, item_id, raw)
    ana.send(handoff)
    with ana.store.writing():
        for table in (*report_tables.REPORT_TABLES, "report_tally"):
            ana.store.conn.execute(f"DROP TABLE {table}")
        ana.store.conn.execute("DELETE FROM meta WHERE key = 'report_layout'")
    ana.close()
    counted = CliRunner().invoke(cli, ["report", "--json", "--since", "2000-01-01"])
    kept = CliRunner().invoke(cli, ["report", "--json"])
    assert kept.exit_code == 0, kept.output
    conn = sqlite3.connect(home.database)
    assert report_tables.ready(conn)
    assert conn.execute("SELECT SUM(n) FROM report_tally WHERE kind = 'open'").fetchone()[0] == 1
    conn.close()
    shown, recounted = json.loads(kept.stdout), json.loads(counted.stdout)
    for figures in (shown, recounted):
        figures.pop("since", None)
        figures.pop("now", None)
    assert shown == recounted
