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
import json
import multiprocessing
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baton.core.catalog import Catalog
from baton.core.config import Config, save_config
from baton.core.demo import TEAM, VIEWER, Person, sample_value
from baton.core.errors import BatonError
from baton.core.gate import condition_holds, gate
from baton.core.hlc import Clock, Stamp, now_ms
from baton.core.home import Home
from baton.core.payloads import LEAD_KINDS
from baton.core.projection import fold
from baton.core.store import PROJECTION_TABLES, Store
from baton.core.template import Template

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
SPREAD_DAYS = 90
BATCH = 2_000
"""Handoffs per chunk: built (events and projection) in one worker process, one transaction."""
LANES = 1000

EXTRA_PEOPLE = [
    Person("kenji", "Kenji Mori", "Asia/Tokyo"),
    Person("amara", "Amara Nwosu", "Africa/Lagos"),
    Person("sofia", "Sofia Marin", "Europe/Madrid"),
    Person("dev", "Dev Patel", "Asia/Kolkata"),
    Person("chloe", "Chloe Martin", "America/Los_Angeles"),
    Person("oskar", "Oskar Lind", "Europe/Stockholm"),
]

CLIENTS = [
    "Northwind Logistics",
    "Bluebird Health",
    "Orchid Bank",
    "Kestrel Foods",
    "Lumen Retail",
    "Harbor & Pine Legal",
    "Quarry Analytics",
    "Solace Insurance",
    "Tidewater Utilities",
    "Ember Studios",
    "Granite Capital",
    "Meridian Hotels",
    "Copperleaf Farms",
    "Atlas Freight",
    "Juniper Schools",
    "Polaris Telecom",
    "Redwood Clinics",
    "Saffron Kitchens",
    "Vantage Motors",
    "Willow Pharmacy",
    "Beacon Credit Union",
    "Cobalt Robotics",
    "Driftwood Travel",
    "Evergreen Housing",
    "Falcon Aerospace",
    "Glacier Water",
    "Hollis & Reed",
    "Ironbridge Construction",
    "Jetstream Airlines",
    "Keystone Energy",
    "Larkspur Media",
    "Mosaic Charities",
    "Nimbus Cloud Hosting",
    "Oakridge University",
    "Pioneer Seeds",
    "Quill Publishing",
    "Riverstone Dental",
    "Summit Outdoor",
    "Trellis Gardens",
    "Umbra Security",
]
WORK = [
    "{seats} seats, annual",
    "pilot at {sites} sites",
    "renewal with upsell",
    "SSO rollout for {seats} users",
    "exports fail after 2 GB",
    "month-end reporting",
    "migration from spreadsheets",
    "phase 2 rollout",
    "new region: EMEA",
    "API integration",
    "billing dispute follow-up",
    "kickoff pack",
    "go-live checklist",
    "data residency request",
    "training for {seats} agents",
    "contract amendment",
]
RETURN_REASONS = [
    "Success criteria are vague: which report, and by when? Please add the client's own words.",
    "No budget owner named, and the lead source is missing. Who did we speak to?",
    "The contract link points to the draft, not the signed copy. Please attach the countersigned PDF.",
    "Seat count differs between the order form and the checklist; which one is right?",
    "Security contact bounced; the client changed IT vendors last month. Need a current name.",
    "Start date is in the past. Confirm the real kickoff date with the sponsor, please.",
    "Missing the escalation history: what did support already try, and what did the client see?",
    "Plan says starter but the quote is enterprise pricing. Please check with finance first.",
]
CANCEL_REASONS = [
    "Client paused the project until next fiscal year; nothing to hand over now.",
    "Duplicate of a handoff Ben already sent; keeping his one.",
    "Candidate accepted another offer; the role is back with recruiting.",
    "Deal fell through at legal review; sales keeps the account for now.",
    "Issue resolved by a config change on the client's side; no delivery work needed.",
]
WAIVER_REASONS = [
    "Client confirmed by phone; the log is attached to the ticket instead.",
    "Not applicable for a pilot; we will collect it before full rollout.",
    "Sponsor is on leave for two weeks; delivery agreed to start without it.",
    "Covered by the master agreement signed last year; legal confirmed.",
]
COMMENTS = [
    "Added the month-end close target the sponsor gave us on the call.",
    "Waiting on the client's security questionnaire before I can finish this.",
    "Heads up: their admin is only reachable in the mornings, Singapore time.",
    "Spoke to finance; the discount is approved, see the quote link.",
    "Can we move the kickoff by a week? Their CTO is travelling.",
    "Attached the call notes; the key risk is the data migration.",
    "Thanks, this is exactly what we needed.",
    "Pinged them twice on Slack, no answer yet; will try email tomorrow.",
]

SCENARIOS = [
    ("draft", 12),
    ("blocked", 8),
    ("ready", 4),
    ("sent", 14),
    ("returned", 8),
    ("resent", 9),
    ("accepted", 30),
    ("waived", 5),
    ("reassigned", 3),
    ("cancelled", 7),
]
"""What happens to a handoff, with its weight: the mix of a team three months in."""


@dataclass
class Step:
    kind: str
    author: str
    offset: int
    """Milliseconds after the handoff was created."""
    payload: dict[str, Any]


@dataclass
class Story:
    """One handoff's life, written step by step as the sender, receiver and lead would."""

    template: Template
    sender: str
    receiver: str
    steps: list[Step] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    waived: set[str] = field(default_factory=set)
    clock: int = 0

    def add(self, kind: str, author: str, payload: dict[str, Any], gap: int) -> None:
        self.clock += max(1, gap)
        if author == VIEWER.user and kind in LEAD_KINDS:
            payload = {**payload, "as_lead": True}
        self.steps.append(Step(kind, author, self.clock, payload))

    def blockers(self) -> list[str]:
        return [b.item_id for b in gate(self.template, self.values, frozenset(self.waived))]


class Generator:
    """Builds stories and turns them into event rows with real clock stamps."""

    def __init__(
        self, rng: random.Random, people: list[Person], replica_ids: dict[str, str], now: int, lane: int = 0
    ) -> None:
        self.rng = rng
        self.people = people
        self.users = [p.user for p in people]
        self.now = now
        self.replica_ids = replica_ids
        self.lane = lane % LANES
        """Chunks built in parallel stamp in different milliseconds (`wall % LANES == lane`), so
        one replica never stamps two events alike; steps are at least 30 s apart, so order holds."""
        self.templates = [entry.template for entry in Catalog()]
        self.snapshots = {
            t.id: json.dumps(t.model_dump(mode="json"), sort_keys=True, separators=(",", ":")) for t in self.templates
        }
        """Each template's snapshot, serialised once: it is the bulk of every `created` payload."""
        self.used: dict[str, set[int]] = {user: set() for user in self.users}
        names, weights = zip(*SCENARIOS)
        self.scenario_names, self.scenario_weights = names, weights
        self.last_hlc = ""

    def new_id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def title(self) -> str:
        work = self.rng.choice(WORK).format(
            seats=self.rng.choice((12, 25, 40, 80, 150, 300)), sites=self.rng.randint(2, 9)
        )
        return f"{self.rng.choice(CLIENTS)} — {work}"

    def gap(self, low_hours: float, high_hours: float) -> int:
        return int(self.rng.uniform(low_hours, high_hours) * HOUR)

    # ---- stories ----------------------------------------------------------
    def fill(self, story: Story, skip: set[str] = frozenset(), optional: float = 0.7) -> None:
        """Answer every item that counts, in template order, as `fill` in core/demo.py does."""
        for item in story.template.items:
            if item.id in skip or not condition_holds(item, story.template, story.values):
                continue
            if not item.required and self.rng.random() > optional:
                continue
            value = sample_value(item, self.rng)
            if value is None:
                continue
            story.values[item.id] = value
            story.add(
                "item_set", story.sender, {"item": item.id, "value": value}, self.rng.randint(MINUTE // 2, 20 * MINUTE)
            )

    def required_ids(self, template: Template) -> list[str]:
        return [i.id for i in template.items if i.required and i.when is None]

    def comment(self, story: Story, author: str | None = None) -> None:
        author = author or self.rng.choice((story.sender, story.receiver))
        story.add("commented", author, {"text": self.rng.choice(COMMENTS)}, self.gap(0.1, 6))

    def send(self, story: Story) -> None:
        story.add("sent", story.sender, {}, self.gap(0.1, 4))

    def story(self, scenario: str, sender: str | None = None) -> Story:
        rng = self.rng
        template = rng.choice(self.templates)
        sender = sender or rng.choice(self.users)
        receiver = rng.choice([u for u in self.users if u != sender])
        story = Story(template, sender, receiver)
        due = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.4 else None
        story.add(
            "created",
            sender,
            {"template": self.snapshots[template.id], "title": self.title(), "to": receiver, "due": due},
            0,
        )
        required = self.required_ids(template)
        waive = rng.choice(required) if scenario == "waived" and required else None
        if scenario in ("draft", "blocked", "cancelled") and required:
            self.fill(story, skip=set(rng.sample(required, rng.randint(1, len(required)))))
        else:
            self.fill(story, skip={waive} if waive else set())
        if scenario == "blocked" and story.blockers():
            story.add("send_blocked", sender, {"items": story.blockers()}, self.gap(0.1, 2))
            if rng.random() < 0.3:
                self.comment(story, sender)
        elif scenario == "cancelled":
            canceller = VIEWER.user if rng.random() < 0.3 else sender
            story.add("cancelled", canceller, {"reason": rng.choice(CANCEL_REASONS)}, self.gap(1, 72))
        elif scenario == "waived":
            if waive:  # the sender cannot get it; a lead lets it through, with a reason
                story.add(
                    "waived", VIEWER.user, {"item": waive, "reason": rng.choice(WAIVER_REASONS)}, self.gap(0.5, 24)
                )
                story.waived.add(waive)
            if story.blockers():
                return story
            self.send(story)
            if rng.random() < 0.6:
                story.add("accepted", receiver, {}, self.gap(1, 30))
        elif scenario in ("sent", "returned", "resent", "accepted", "reassigned"):
            if story.blockers():  # a template whose sample values cannot pass: leave it a draft
                return story
            if rng.random() < 0.25:
                self.comment(story, sender)
            self.send(story)
            if scenario == "returned" or scenario == "resent":
                story.add("returned", receiver, {"reason": rng.choice(RETURN_REASONS)}, self.gap(1, 30))
                if scenario == "resent":
                    self.comment(story, sender)
                    if story.values:
                        item_id = rng.choice(list(story.values))
                        item = template.item(item_id)
                        if item is not None and condition_holds(item, template, story.values):
                            value = sample_value(item, rng)
                            if value is not None:
                                story.values[item_id] = value
                                story.add("item_set", sender, {"item": item_id, "value": value}, self.gap(0.5, 20))
                    if not story.blockers():
                        self.send(story)
                        story.add("accepted", receiver, {}, self.gap(1, 24))
            elif scenario == "accepted":
                story.add("accepted", receiver, {}, self.gap(0.5, 30))
            elif scenario == "reassigned":
                others = [u for u in self.users if u not in (sender, receiver)]
                if others:
                    to = rng.choice(others)
                    story.add("reassigned", receiver, {"to": to, "from": receiver}, self.gap(0.5, 8))
                    story.receiver = to
                    story.add("accepted", to, {}, self.gap(0.5, 20))
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                self.comment(story)
        return story

    # ---- events -----------------------------------------------------------
    def rows(self, story: Story, age: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The story's events placed `age` ms before now: as rows of the `events` table, and as the
        dicts `fold` reads (the same events, payloads not yet serialised)."""
        span = story.steps[-1].offset
        start = self.now - age
        if start + span > self.now - MINUTE:
            start = self.now - MINUTE - span
        handoff_id = self.new_id()
        rows, events = [], []
        for step in story.steps:
            wall = start + step.offset
            wall += self.lane - wall % LANES
            replica = self.replica_ids[step.author]
            used = self.used[step.author]
            counter = 0
            while (wall << 14 | counter) in used:  # one replica never stamps two events alike
                counter += 1
            used.add(wall << 14 | counter)
            hlc = str(Stamp(wall, counter, replica))
            self.last_hlc = max(self.last_hlc, hlc)
            event = {
                "id": self.new_id(),
                "handoff": handoff_id,
                "kind": step.kind,
                "hlc": hlc,
                "at": wall,
                "author": step.author,
                "replica": replica,
                "payload": step.payload,
            }
            events.append(event)
            rows.append({**event, "handoff_id": handoff_id, "payload": _payload_json(step.payload)})
        return rows, events

    def handoff(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        scenario = self.rng.choices(self.scenario_names, self.scenario_weights)[0]
        age = int(self.rng.random() ** 1.3 * SPREAD_DAYS * DAY)  # more recent work than old
        return self.rows(self.story(scenario), age)

    def ready_draft(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """A draft of the viewer's that passes the gate: `baton send` benchmarks send these."""
        story = self.story("ready", sender=VIEWER.user)
        return self.rows(story, self.rng.randint(1, 48) * HOUR)


def _payload_json(payload: dict[str, Any]) -> str:
    """`json.dumps(payload, sort_keys=True, separators=(",", ":"))`, as `Event.row` writes it,
    with the template snapshot of a `created` event already serialised."""
    if "template" not in payload:
        return json.dumps(payload, sort_keys=True, separators=(",", ":"))
    rest = json.dumps({k: v for k, v in payload.items() if k != "template"}, sort_keys=True, separators=(",", ":"))
    head, _, tail = rest.partition('"title":')
    return f'{head}"template":{payload["template"]},"title":{tail}'


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
        with store.db.atomic():
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
        with store.db.atomic():
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
        with store.lock, store.db.atomic():
            store.insert_events(rows)
            store.write_projection(states)
    finally:
        store.close()
    return generator.last_hlc


def merge(store: Store, path: Path) -> None:
    """Copy a chunk's events and projection rows into the home's database, in one transaction."""
    store.conn.execute("ATTACH DATABASE ? AS chunk", (str(path),))
    try:
        with store.db.atomic():
            store.conn.execute("INSERT OR IGNORE INTO main.snapshots SELECT * FROM chunk.snapshots")
            for table in ("events", *PROJECTION_TABLES):
                store.conn.execute(f"INSERT INTO main.{table} SELECT * FROM chunk.{table}")
    finally:
        store.conn.execute("DETACH DATABASE chunk")


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
