"""One handoff's life as the commands would write it: the stories bench/generate.py builds homes from.

Events are made exactly as core/replica.py makes them (same kinds, payloads,
`as_lead` marks and clock stamps), written in big batches by the caller.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

from baton.core.catalog import Catalog
from baton.core.demo import VIEWER, Person, sample_value
from baton.core.gate import condition_holds, gate
from baton.core.hlc import Stamp
from baton.core.payloads import LEAD_KINDS
from baton.core.template import Template
from baton.core.times import DAY, HOUR, MINUTE

from .story_words import (
    CANCEL_REASONS,
    CLIENTS,
    COMMENTS,
    RETURN_REASONS,
    SCENARIOS,
    WAIVER_REASONS,
    WORK,
)

SPREAD_DAYS = 90
LANES = 1000


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
    due_days: int | None = None
    """Days after its creation the handoff is due (a due date is never a day already over when it is set)."""

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
        self.snapshots = {t.id: json.dumps(t.as_dict(), sort_keys=True, separators=(",", ":")) for t in self.templates}
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
        if rng.random() < 0.4:
            story.due_days = 1 + (rng.randint(1, 12) * 31 + rng.randint(1, 28)) % 120
        story.add(
            "created",
            sender,
            {"template": self.snapshots[template.id], "title": self.title(), "to": receiver, "due": None},
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
            payload = step.payload
            if step.kind == "created" and story.due_days is not None:  # dated from when it was created
                payload = {
                    **payload,
                    "due": time.strftime("%Y-%m-%d", time.gmtime(wall / 1000 + story.due_days * 86_400)),
                }
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
                "payload": payload,
            }
            events.append(event)
            rows.append({**event, "handoff_id": handoff_id, "payload": _payload_json(payload)})
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
