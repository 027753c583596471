"""Realistic replica homes of any size, for benchmarks and tests.

A generated home looks like a real team's copy after three months of work: every
built-in template, handoffs in every state (drafts, drafts the gate blocked, sent,
returned with a reason and resent, accepted, cancelled, waived by a lead, with
comments), five teammates in four time zones, each writing from their own replica.

Events are made exactly as the commands in core/replica.py make them (same kinds,
payloads, `as_lead` marks and clock stamps), but written in big batches through
`Store.append` instead of one transaction per command, so 100,000 handoffs take
about a minute instead of hours. The projection checks every event against the
rules (core/rules.py) on the way in, so a generated home has no conflicts.

    python -m bench.generate --home bench/out/home-10k --handoffs 10000
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baton.core.config import Config, save_config
from baton.core.demo import TEAM, Person
from baton.core.errors import BatonError
from baton.core.hlc import Clock, now_ms
from baton.core.home import Home
from baton.core.projection import fold
from baton.core.report_tables import REPORT_TABLES
from baton.core.schema import STORED_AS
from baton.core.store import PROJECTION_TABLES, Store
from baton.core.times import MINUTE

from .stories import Generator
from .story_words import EXTRA_PEOPLE

BATCH = 2_000
"""Handoffs per chunk: built (events and projection) in one worker process, one transaction."""


def team(replicas: int) -> list[Person]:
    """The viewer first, then teammates in other time zones."""
    people = (TEAM + EXTRA_PEOPLE)[: max(2, replicas)]
    if replicas > len(people):
        raise BatonError(f"at most {len(people)} replicas: the generator knows that many teammates")
    return people


def generate(
    home: Path,
    handoffs: int,
    seed: int = 1,
    replicas: int = 5,
    ready_drafts: int = 0,
    progress: bool = False,
    workers: int | None = None,
) -> None:
    """Build a complete replica home for the viewer `maya` (a lead) holding `handoffs` handoffs.

    `ready_drafts` adds that many more of maya's drafts that pass the gate, for
    benchmarks that send one per run. Refuses a home that already holds a replica.
    Chunks of 2,000 handoffs are built in parallel, each into its own scratch
    database through the store's own code, and copied into the home in order.
    """
    home = Home(Path(home).absolute())
    if home.config.exists() or home.database.exists():
        raise BatonError(f"{home.root} already holds a replica; generate into a new folder")
    people = team(replicas)
    home.root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    now = now_ms()
    replica_ids = {p.user: f"{rng.getrandbits(64):016x}" for p in people}
    total = handoffs + ready_drafts
    jobs = [
        Chunk(
            home.root / f".generate-{index:05d}.db",
            index,
            start,
            min(total, start + BATCH),
            handoffs,
            seed,
            replicas,
            replica_ids,
            now,
        )
        for index, start in enumerate(range(0, total, BATCH))
    ]
    store = Store(home.database)
    started = time.monotonic()
    last_hlc = ""
    try:
        with store.lock, store.writing():
            for person in people:
                store.upsert_teammate(
                    person.user, person.name, person.tz, person.role, now - rng.randint(1, 60 * 24) * MINUTE
                )
        workers = workers or len(os.sched_getaffinity(0))
        if len(jobs) <= 1 or workers <= 1:
            results = map(build_chunk, jobs)
            pool = None
        else:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
            results = pool.map(build_chunk, jobs)
        try:
            for job, chunk_hlc in zip(jobs, results):
                merge(store, job.path)
                last_hlc = max(last_hlc, chunk_hlc)
                if progress:
                    print(
                        f"\r{job.end:,}/{total:,} handoffs, {time.monotonic() - started:.0f} s", end="", file=sys.stderr
                    )
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            for job in jobs:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{job.path}{suffix}").unlink(missing_ok=True)
        if progress:
            print(file=sys.stderr)
        viewer = people[0]
        clock = Clock(replica_ids[viewer.user])
        if last_hlc:
            clock.observe(last_hlc)
        with store.lock, store.writing():
            store.set_meta("clock", clock.last)
    finally:
        store.close()
    save_config(
        home,
        Config(
            user=viewer.user,
            display_name=viewer.name,
            role=viewer.role,
            tz=viewer.tz,
            replica_id=replica_ids[viewer.user],
        ),
    )


@dataclass(frozen=True)
class Chunk:
    """Handoffs `start` to `end` (those from `handoffs` on are ready drafts), built into `path`."""

    path: Path
    index: int
    start: int
    end: int
    handoffs: int
    seed: int
    replicas: int
    replica_ids: dict[str, str]
    now: int


def build_chunk(job: Chunk) -> str:
    """Write one chunk's events and projection into its scratch database; its newest stamp."""
    rng = random.Random(f"{job.seed}:{job.index}")
    generator = Generator(rng, team(job.replicas), job.replica_ids, job.now, lane=job.index)
    rows: list[dict[str, Any]] = []
    states = []
    for index in range(job.start, job.end):
        handoff_rows, events = generator.handoff() if index < job.handoffs else generator.ready_draft()
        rows += handoff_rows
        states.append(fold(events[0]["handoff"], events))
    store = Store(job.path)
    try:
        # What Store.append does, without reading back the events it was just given.
        with store.lock, store.writing():
            store.insert_events(rows)
            store.write_projection(states)
    finally:
        store.close()
    return generator.last_hlc


def merge(store: Store, path: Path) -> None:
    """Copy a chunk's events and projection rows into the home's database, in one transaction."""
    store.conn.execute("ATTACH DATABASE ? AS chunk", (str(path),))
    try:
        with store.lock, store.writing():
            store.conn.execute("INSERT OR IGNORE INTO main.snapshots SELECT * FROM chunk.snapshots")
            for statement in MERGE:
                store.conn.execute(statement)
            for table in PROJECTION_TABLES:
                if table in REPORT_TABLES:  # keyed by the handoff's number: the chunk's mapped to the home's
                    rest = [r[1] for r in store.conn.execute(f"PRAGMA chunk.table_info({table})")][1:]
                    store.conn.execute(
                        f"INSERT INTO main.{table} SELECT m.new, {', '.join(f'c.{c}' for c in rest)} "
                        f"FROM chunk.{table} c JOIN temp.refmap m ON m.old = c.handoff"
                    )
                elif table not in STORED_AS:
                    store.conn.execute(f"INSERT INTO main.{table} SELECT * FROM chunk.{table}")
            store.conn.execute(  # the report's running counts: the chunk's added to the home's
                "INSERT INTO main.report_tally SELECT * FROM chunk.report_tally WHERE true "
                "ON CONFLICT DO UPDATE SET n = n + excluded.n, m = m + excluded.m"
            )
            store.conn.execute("DROP TABLE temp.refmap")
    finally:
        store.conn.execute("DETACH DATABASE chunk")


SAME_EVENT = "substr(m.id, 1, 4) = substr(e.id, 1, 4) AND m.id = e.id"
"""A home's event (m) that is a chunk's (e), found through `events_by_key` (core/schema.py)."""

MERGE = (
    "INSERT OR IGNORE INTO main.names (name) SELECT name FROM chunk.names ORDER BY ref",
    "CREATE TEMP TABLE refmap (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)",
    "INSERT INTO temp.refmap SELECT c.ref, m.ref FROM chunk.names c JOIN main.names m ON m.name = c.name",
    "INSERT INTO main.event_log (id, handoff, kind, hlc, at, author, replica, item, payload, snapshot, snapshot_at) "
    "SELECT e.id, h.new, k.new, e.hlc, e.at, a.new, r.new, CASE WHEN e.item < 0 THEN -i.new ELSE i.new END, "
    "e.payload, s.new, e.snapshot_at "
    "FROM chunk.event_log e JOIN refmap h ON h.old = e.handoff JOIN refmap k ON k.old = e.kind "
    "JOIN refmap a ON a.old = e.author JOIN refmap r ON r.old = e.replica "
    "LEFT JOIN refmap i ON i.old = abs(e.item) LEFT JOIN refmap s ON s.old = e.snapshot ORDER BY e.seq",
    "INSERT OR IGNORE INTO main.checklist_items SELECT m.new, c.position, c.item_id, c.kind, c.required, c.text "
    "FROM chunk.checklist_items c JOIN refmap m ON m.old = c.checklist",
    "INSERT INTO main.item_rows SELECT h.new, v.position, c.new, v.counts, v.value, sb.new, v.set_at, v.waived, "
    "v.waiver_reason, wb.new, v.problem, (SELECT m.seq FROM chunk.event_log e JOIN main.event_log m "
    f"ON {SAME_EVENT} WHERE e.seq = v.value_event) "
    "FROM chunk.item_rows v JOIN refmap h ON h.old = v.handoff "
    "JOIN refmap c ON c.old = v.checklist LEFT JOIN refmap sb ON sb.old = v.set_by "
    "LEFT JOIN refmap wb ON wb.old = v.waived_by",
    "INSERT INTO main.comment_rows SELECT h.new, CASE WHEN c.event < 0 THEN c.event ELSE "
    f"(SELECT m.seq FROM chunk.event_log e JOIN main.event_log m ON {SAME_EVENT} WHERE e.seq = c.event) "
    "END, c.id, c.author, c.at, c.text FROM chunk.comment_rows c JOIN refmap h ON h.old = c.handoff",
    "INSERT INTO main.rounds SELECT h.new, r.round, "
    f"(SELECT m.seq FROM chunk.event_log e JOIN main.event_log m ON {SAME_EVENT} WHERE e.seq = r.event), "
    "r.template_id, r.from_stage, r.to_stage, r.sender, r.receiver, r.sent_at, r.deadline, r.answer, r.answered, "
    "r.answered_at, "
    f"(SELECT m.seq FROM chunk.event_log e JOIN main.event_log m ON {SAME_EVENT} WHERE e.seq = r.answer_event), "
    "r.answered_by, r.reason, r.reason_key, r.to_answer, r.vague_items, r.breach_rank, r.handoff_key "
    "FROM chunk.rounds r JOIN refmap h ON h.old = r.handoff",
    "INSERT INTO main.block_rows SELECT h.new, b.attempt, b.item_id, b.at "
    "FROM chunk.block_rows b JOIN refmap h ON h.old = b.handoff",
)
"""A chunk's events, item, comment, round and blocked-send rows in the home's database, the numbers of their names (event_log.py) mapped
from the chunk's to the home's; the chunk's other projection tables are copied as they are."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", required=True, type=Path, help="a new folder to build the replica home in")
    parser.add_argument("--handoffs", required=True, type=int, help="how many handoffs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replicas", type=int, default=5, help="teammates, each with their own replica (2-11)")
    parser.add_argument("--ready-drafts", type=int, default=0, help="extra drafts of maya's that pass the gate")
    args = parser.parse_args(argv)
    if args.handoffs < 0 or args.ready_drafts < 0:
        parser.error("counts cannot be negative")
    started = time.monotonic()
    try:
        generate(
            args.home,
            args.handoffs,
            seed=args.seed,
            replicas=args.replicas,
            ready_drafts=args.ready_drafts,
            progress=True,
        )
    except BatonError as exc:
        print(f"bench.generate: {exc}", file=sys.stderr)
        return 1
    print(
        f"{args.handoffs + args.ready_drafts:,} handoffs in {args.home} "
        f"({time.monotonic() - started:.1f} s); open it with BATON_HOME={args.home} baton list --all"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
