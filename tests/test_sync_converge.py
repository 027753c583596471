"""Convergence: replicas edit offline, files travel in any order, twice or late; everyone ends up identical.

Each replica has its own view of the shared folder, and a "sync engine" copies
files between views in the order hypothesis picks (duplicates and delays
included). After everything has been delivered and imported, every projection
is the same, it equals the projection of the union of all events, and no event
is lost.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import GOOD_VALUES, Wall
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from sync_support import event_ids, projection, sync_once, teammate

from baton.core.errors import BatonError
from baton.core.receiver_change import change_receiver
from baton.core.store import Store

PEOPLE = (("ana", "member", ""), ("ben", "member", "-desk"), ("ben", "member", "-laptop"), ("lea", "lead", ""))
"""ana sends, ben answers from two devices (so his accept and return can race), lea leads."""
N = len(PEOPLE)
ITEMS = sorted(GOOD_VALUES)

ROLE_ACTIONS = {
    "ana": ["send", "receiver", "set", "clear", "cancel", "comment", "undo", "create"],
    "ben": ["accept", "return", "accept", "return", "reassign", "comment", "undo", "cancel"],
    "lea": ["clear", "set", "waive", "reassign", "cancel", "send", "comment", "undo"],
}
"""What each person mostly does; lea (a lead) may also touch ana's checklist, which is where races come from."""
edit = st.tuples(st.just("edit"), st.integers(0, N - 1), st.integers(0, 7), st.integers(0, 3), st.sampled_from(ITEMS))
deliver = st.tuples(st.just("deliver"), st.integers(0, N - 1), st.integers(0, N - 1), st.integers(0, 50))
relay = st.tuples(st.just("relay"), st.integers(0, N - 1), st.integers(0, N - 1))
"""src exports, all its files reach dst, dst imports: a teammate's news arriving."""
KINDS = {
    "edit": edit,
    "relay": relay,
    "deliver": deliver,
    "export": st.tuples(st.just("export"), st.integers(0, N - 1)),
    "import": st.tuples(st.just("import"), st.integers(0, N - 1)),
    "tick": st.tuples(st.just("tick"), st.integers(0, 3)),
}
step = st.sampled_from(["edit"] * 6 + ["relay"] * 2 + ["deliver", "export", "import", "tick"]).flatmap(
    KINDS.__getitem__
)


def act(replica, handoffs: list[str], action: str, pick: int, item: str) -> None:
    if action == "create":
        to = "ben" if replica.user != "ben" else "ana"
        handoffs.append(replica.create("relay", f"Deal {len(handoffs)}", to))
        return
    if not handoffs:
        return
    handoff = handoffs[max(0, pick - 1) % len(handoffs)]  # the sent one (first) is picked twice as often
    try:
        if action == "set":
            replica.set_item(handoff, item, GOOD_VALUES[item])
        elif action == "clear":
            replica.clear_item(handoff, item)
        elif action == "send":
            replica.send(handoff)
        elif action == "accept":
            replica.accept(handoff)
        elif action == "return":
            replica.return_(handoff, "missing the project code")
        elif action == "reassign":
            replica.reassign(handoff, "cal" if pick % 2 else "ben")
        elif action == "receiver":
            change_receiver(replica, handoff, "cal" if pick % 2 else "dora")
        elif action == "comment":
            replica.comment(handoff, f"note {pick}")
        elif action == "cancel":
            replica.cancel(handoff, "client walked away")
        elif action == "waive":
            replica.waive(handoff, item, "agreed on the call")
        elif action == "undo":
            replica.undo(handoff)
    except BatonError:
        pass  # refused locally, as the app would: nothing written


def exchange(team, order) -> None:
    """Everyone exports, files travel in `order` (pairs src, dst as src * N + dst), everyone imports."""
    for replica in team:
        sync_once(replica)
    for index in order:
        src, dst = divmod(index, N)
        rid = team[src].config.replica_id
        copy_files(folder(team[src]) / rid, folder(team[dst]) / rid, None)
    for replica in team:
        sync_once(replica)


def folder(replica) -> Path:
    return Path(replica.config.sync_dir) / "baton" / "v1" / "replicas"


def copy_files(source: Path, target: Path, pick: int | None) -> None:
    """Deliver one file (by index) or every file of one replica folder, as a sync engine would."""
    if not source.is_dir() or source == target:
        return
    files = sorted(source.iterdir())
    if pick is not None and files:
        files = [files[pick % len(files)]]
    target.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copyfile(path, target / path.name)


@pytest.mark.long
@given(steps=st.lists(step, min_size=20, max_size=50), order=st.permutations(range(N * N)))
@settings(
    max_examples=10,  # every CI run explores afresh; more examples here cost the whole suite seconds
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)  # a failure prints its example; shrinking here takes minutes
def test_every_replica_converges_to_the_projection_of_all_events(steps, order):
    with tempfile.TemporaryDirectory() as raw:
        root = Path(raw)
        walls = [Wall(1_763_740_000_000 + offset) for offset in (0, 7, 3, 3_600_000)]  # lea's clock is an hour fast
        team = [
            teammate(root, user, root / f"view-{user}{device}", walls[i], role=role, device=device)
            for i, (user, role, device) in enumerate(PEOPLE)
        ]
        for replica in team:
            Path(replica.config.sync_dir).mkdir()
        try:
            # Common ground: one handoff sent, one ready to send, one half filled; everyone has seen them.
            ana = team[0]
            for title in ("Acme deal", "Beta deal"):
                handoff = ana.create("relay", title, "ben")
                for item_id, raw in GOOD_VALUES.items():
                    ana.set_item(handoff, item_id, raw)
                if title == "Acme deal":
                    ana.send(handoff)
            ana.set_item(ana.create("relay", "Gamma deal", "ben"), "plan", "growth")
            exchange(team, range(N * N))
            common = [r[0] for r in ana.store.query("SELECT id FROM handoffs ORDER BY title")]
            known = [list(common) for _ in team]
            for current in steps:
                kind = current[0]
                if kind == "edit":
                    _, who, action, pick, item = current
                    act(team[who], known[who], ROLE_ACTIONS[team[who].user][action], pick, item)
                elif kind == "export":
                    sync_once(team[current[1]])
                elif kind == "import":
                    who = current[1]
                    sync_once(team[who])
                    seen = {r[0] for r in team[who].store.query("SELECT id FROM handoffs")}
                    known[who] += sorted(seen - set(known[who]))
                elif kind == "relay":
                    _, src, dst = current
                    sync_once(team[src])
                    rid = team[src].config.replica_id
                    copy_files(folder(team[src]) / rid, folder(team[dst]) / rid, None)
                    sync_once(team[dst])
                elif kind == "deliver":
                    _, src, dst, pick = current
                    rid = team[src].config.replica_id
                    copy_files(folder(team[src]) / rid, folder(team[dst]) / rid, pick)
                else:
                    walls[current[1] % N].advance(current[1] * 997)
            # Settle: every file reaches everyone, in the drawn order, twice.
            exchange(team, list(order) + list(reversed(order)))
            reports = [sync_once(replica) for replica in team]
            assert not any(r.exported_events for r in reports)
            assert all(not r.problems for r in reports), [r.problems for r in reports]

            union = set().union(*(event_ids(r) for r in team))
            written = set()
            for replica in team:
                written |= {
                    r[0]
                    for r in replica.store.query(
                        "SELECT id FROM events WHERE replica = ?", (replica.config.replica_id,)
                    )
                }
            assert union == written  # nothing invented
            for replica in team:
                assert event_ids(replica) == union  # nothing lost
            views = [projection(r) for r in team]
            statuses = sorted({row[10] for row in views[0]["handoffs"]})
            event(f"conflicts: {min(len(views[0]['conflicts']), 3)}")
            event(f"statuses: {statuses}")
            assert all(view == views[0] for view in views)
            fresh = Store(root / "union.db")
            rows = team[0].store.event_rows()
            fresh.append(rows)
            fresh_view = {
                table: [tuple(r) for r in fresh.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
                for table in ("handoffs", "items", "comments", "conflicts", "send_blocks")
            }
            mine = {
                table: [tuple(r) for r in team[0].store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
                for table in fresh_view
            }
            assert mine == fresh_view
            fresh.close()
        finally:
            for replica in team:
                replica.close()
