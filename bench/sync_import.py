"""Sync speed: import with projection against plain `json.loads` + `executemany`, export, watch latency.

    .venv/bin/python -m bench.sync_import --events 100000

A generated team home (bench/generate.py: five replicas, every template and
state) is written out as segments, one folder per replica, exactly as each
replica's export would. Then, side by side in one run:

- baseline: read the same segment files, `json.loads` every line and
  `executemany` them into an `events` table of the same shape (same indexes,
  same WAL and synchronous settings), one transaction per `FLUSH_EVENTS` (100,000) events;
- baton: a new teammate's `sync_once` over the same folder: trailer check,
  signature, chain and device checks, exact validation, author and clock
  checks, insert, projection of every handoff, bookkeeping, in transactions of
  the same size;
- baton unverified: the same with the trust checks (sync/verify.py) switched
  off, to show what they cost (at most 5%: one signature per segment).

The folder belongs to a team founded before the first event, every replica's
device enrolled, each segment signed by its own device: every segment meets the
full check. The ratio is baseline time / baton time (1.0 would mean projection and
checks cost nothing; the goal is 0.6). Export is the rate of `export` (select, encode,
hash, temp file, fsync, rename). Watch latency is from a teammate's segment
being renamed into the folder to `watch` reporting it imported (projection
committed), median of several.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from baton.core.config import Config
from baton.core.events import Event
from baton.core.hlc import Clock
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.replica import Replica
from baton.core.store import Store
from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.sync import admission, segment, verify
from baton.sync.exporter import BATCH, export, sealer, wire_line
from baton.sync.folder import SyncFolder
from baton.sync.importer import FLUSH_EVENTS
from baton.sync.ledger import Ledger
from baton.sync.run import sync_once
from baton.sync.watch import watch

WRITER = new_id()[:16]
"""The replica id of wanda, the teammate whose segments the watch latency runs write."""
EVENTS_PER_HANDOFF = 12
"""Roughly what bench/generate.py writes per handoff; the real count is measured and reported."""


def build_home(root: Path, events: int) -> Home:
    from bench.generate import generate

    home = Home(root / "team")
    generate(home.root, handoffs=max(20, events // EVENTS_PER_HANDOFF))
    return home


def found_team(home: Home, store: Store, replicas: list[tuple[str, str]], people: dict[str, Any]) -> dict[str, Any]:
    """A team founded a minute before the first event by the first replica, every other device enrolled.

    Returns each replica's device key (the founder's is the home's), and WRITER's, a
    teammate enrolled for the watch latency runs.
    """
    earliest = int(store.conn.execute("SELECT MIN(hlc) FROM events").fetchone()[0][:16]) - 60_000
    founder_id, founder_user = replicas[0]
    config = Config(user=founder_user, display_name=founder_user, role="lead", replica_id=founder_id)
    founder = Replica(home, config, store, wall=lambda: earliest)
    founder.clock = Clock(founder_id, None, wall=lambda: earliest)
    membership.found(founder)
    keys: dict[str, Any] = {founder_id: membership.device_key(home)}
    for replica_id, author in replicas[1:]:
        keys[replica_id] = DeviceKey.generate()
        mate = people.get(author, {"display_name": author, "tz": "UTC"})
        membership.confirm(founder, author, keys[replica_id].public, replica_id, mate["display_name"], mate["tz"])
    keys[WRITER] = DeviceKey.generate()
    membership.confirm(founder, "wanda", keys[WRITER].public, WRITER, "Wanda", "UTC")
    return keys


def write_team_segments(home: Home, shared: Path, batch: int = BATCH) -> tuple[int, float, dict[str, DeviceKey]]:
    """Every replica's events as its own export would write them, `batch` events a segment; (events, seconds
    spent exporting, each replica's device key)."""
    store = Store(home.database)
    folder = SyncFolder(shared)
    people = {r["user"]: r for r in store.teammates().values()}
    replicas = store.conn.execute("SELECT replica, MIN(author) FROM events GROUP BY replica ORDER BY 2").fetchall()
    keys = found_team(home, store, [(r[0], r[1]) for r in replicas], people)
    total = 0
    spent = 0.0
    try:
        for replica_id, author in replicas:
            mate = people.get(author, {"display_name": author, "tz": "UTC", "role": "member"})
            config = Config(
                user=author,
                display_name=mate["display_name"],
                tz=mate["tz"],
                role=mate["role"],
                replica_id=replica_id,
                sync_dir=str(shared),
            )
            replica = Replica(home, config, store)
            ledger = Ledger(store)
            with store.atomic():  # each replica exports from the start
                ledger.advance(0, 0)
            own = folder.prepare(config)
            started = time.perf_counter()
            _, count = export(replica, own, ledger, batch=batch, key=keys[replica_id])
            spent += time.perf_counter() - started
            total += count
    finally:
        store.close()
    return total, spent, keys


def write_segments(home: Home, shared: Path) -> tuple[int, float, DeviceKey]:
    """Every replica's events as its own export would write them; (events, seconds spent exporting, wanda's key)."""
    total, spent, keys = write_team_segments(home, shared)
    return total, spent, keys[WRITER]


BASELINE_TABLE = (
    "CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, handoff_id TEXT NOT NULL, kind TEXT NOT NULL, "
    "hlc TEXT NOT NULL, at INTEGER NOT NULL, author TEXT NOT NULL, replica TEXT NOT NULL, payload TEXT NOT NULL, "
    "snapshot TEXT, snapshot_at INTEGER)",
    "CREATE INDEX IF NOT EXISTS events_by_handoff ON events (handoff_id, hlc)",
    "CREATE INDEX IF NOT EXISTS events_by_replica ON events (replica)",
)
"""The floor's table: one row of text columns per event, as the store kept them before event_log.py."""


def baseline(shared: Path, database: Path) -> float:
    """Seconds to read every segment, json.loads each line and executemany it into SQLite."""
    started = time.perf_counter()
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    for statement in BASELINE_TABLE:
        conn.execute(statement)
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT OR IGNORE INTO events (id, handoff_id, kind, hlc, at, author, replica, payload) "
            "VALUES (?,?,?,?,?,?,?,?)",
            batch,
        )
        conn.execute("COMMIT")
        batch.clear()

    for path in sorted(shared.rglob("*.jsonl")):
        for line in path.read_bytes().splitlines()[:-1]:
            e = json.loads(line)
            batch.append(
                (
                    e["id"],
                    e["handoff"],
                    e["kind"],
                    e["hlc"],
                    e["at"],
                    e["author"],
                    e["replica"],
                    json.dumps(e["payload"]),
                )
            )
        if len(batch) >= FLUSH_EVENTS:
            flush()
    flush()
    conn.close()
    return time.perf_counter() - started


def baton_import(root: Path, shared: Path, name: str = "reader", verified: bool = True) -> tuple[float, float, int]:
    """Seconds (wall and CPU) for a new teammate's first sync over the whole folder, and events imported."""
    reader = Replica.init(Home(root / name), name, sync_dir=str(shared))
    try:
        with contextlib.nullcontext() if verified else _unverified():
            started, cpu = time.perf_counter(), time.process_time()
            report = sync_once(reader)
            spent, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        reader.close()
    if report.problems:
        raise SystemExit(f"import reported problems: {report.problems[:3]}")
    return spent, cpu, report.imported_events


@contextlib.contextmanager
def _unverified() -> Iterator[None]:
    """The import with the trust checks off (signature, chain, device): for comparison only."""
    saved = verify.Chain.check, verify.device, admission.Parsed.__post_init__

    def no_chain(
        self: verify.Chain, seq: int, sha256: str, seal: segment.Seal | None, fold: segment.Fold | None = None
    ) -> None:
        return None

    def no_stamps(self: admission.Parsed) -> None:
        self.last_hlc = ""

    verify.Chain.check = no_chain  # type: ignore[method-assign,assignment]
    verify.device = lambda *args: None  # type: ignore[assignment]
    admission.Parsed.__post_init__ = no_stamps  # type: ignore[method-assign]
    try:
        yield
    finally:
        verify.Chain.check, verify.device, admission.Parsed.__post_init__ = saved  # type: ignore[method-assign]


def watch_latency(root: Path, shared: Path, key: DeviceKey, rounds: int = 7) -> float:
    """Median seconds from a segment renamed into the folder to `watch` reporting it imported."""
    reader = Replica.open(Home(root / "reader"))
    writer_id = WRITER
    prev = ""
    writer = Config(user="wanda", display_name="Wanda", replica_id=writer_id, sync_dir=str(shared))
    own = SyncFolder(shared).prepare(writer)
    handoff = reader.store.conn.execute("SELECT id FROM handoffs LIMIT 1").fetchone()[0]
    arrived: list[float] = []
    seen = threading.Event()

    def on_report(report) -> None:
        if report.imported_events:
            arrived.append(time.perf_counter())
            seen.set()

    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(reader, on_report, stop), kwargs={"poll_seconds": 5}, daemon=True)
    thread.start()
    time.sleep(1.0)  # the first pass and the watcher's start
    latencies = []
    try:
        for seq in range(1, rounds + 1):
            seen.clear()
            arrived.clear()
            event = Event(
                id=new_id(),
                handoff=handoff,
                kind="commented",
                hlc=f"{int(time.time() * 1000):016d}-0000-{writer_id}",
                at=int(time.time() * 1000),
                author="wanda",
                replica=writer_id,
                payload={"text": f"ping {seq}"},
            )
            lines = [wire_line(tuple(event.row().values()))]
            landed = time.perf_counter()
            _, prev = segment.write(own, seq, lines, sealer(key, writer_id, seq, prev))
            if seen.wait(10):
                latencies.append(arrived[0] - landed)
            time.sleep(0.3)
    finally:
        stop.set()
        thread.join(10)
        reader.close()
    return statistics.median(latencies) if latencies else float("nan")


def run(events: int = 20_000, rounds: int = 1) -> dict[str, Any]:
    """Figures for a team folder of about `events` events (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="baton-sync-bench-") as raw:
        root = Path(raw)
        shared = root / "shared"
        shared.mkdir()
        home = build_home(root, events)
        count, export_s, writer_key = write_segments(home, shared)
        shutil.rmtree(home.root)  # only the folder travels
        plain_s = baseline(shared, root / "baseline.db")
        # Verified and unverified imports alternate (the second of a pair finds a warmer page
        # cache); each figure is the median of its rounds.
        times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for round_ in range(rounds):
            pair = [(True, "reader" if round_ == 0 else f"reader{round_}"), (False, f"unverified{round_}")]
            for checked, name in pair if round_ % 2 == 0 else pair[::-1]:
                spent, cpu, imported = baton_import(root, shared, name, verified=checked)
                if imported != count:
                    raise SystemExit(
                        f"imported {imported} of {count} events (trust checks {'on' if checked else 'off'})"
                    )
                times[checked].append((spent, cpu))
                if name != "reader":
                    shutil.rmtree(root / name)
        baton_s, unverified_s = (statistics.median(t for t, _ in times[on]) for on in (True, False))
        baton_cpu, unverified_cpu = (statistics.median(c for _, c in times[on]) for on in (True, False))
        latency = watch_latency(root, shared, writer_key)
        return {
            "events": count,
            "segments": len(list(shared.rglob("*.jsonl"))),
            "baseline_s": plain_s,
            "import_s": baton_s,
            "baseline_per_s": count / plain_s,
            "import_per_s": count / baton_s,
            "import_ratio": plain_s / baton_s,
            "unverified_s": unverified_s,
            "unverified_per_s": count / unverified_s,
            "verification_cost": baton_s / unverified_s - 1,
            "import_cpu_s": baton_cpu,
            "unverified_cpu_s": unverified_cpu,
            "verification_cost_cpu": baton_cpu / unverified_cpu - 1,
            "export_per_s": count / export_s,
            "watch_latency_s": latency,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_import", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000, help="about how many events (default 20,000)")
    parser.add_argument(
        "--rounds", type=int, default=1, help="imports with and without the trust checks, alternated (default 1)"
    )
    args = parser.parse_args(argv)
    result = run(args.events, args.rounds)
    width = max(map(len, result))
    for key, value in result.items():
        shown = f"{value:,.0f}" if key.endswith("_per_s") or isinstance(value, int) else f"{value:.3f}"
        print(f"{key:<{width}}  {shown}")
    print(f"segments hold up to {BATCH:,} events; imports commit every {FLUSH_EVENTS:,}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
