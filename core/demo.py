"""A demo workspace: a team spread over four time zones, with handoffs in every state.

Teammates' events are written as their own replicas would have written them (their
replica ids, their clocks), as if already received through the shared folder, so
the demo shows exactly what a real team's copy looks like.
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .catalog import Catalog
from .config import Config, Role, save_config
from .demo_answers import (
    BLUEBIRD,
    CONTRACT_QA,
    KESTREL,
    LUMEN,
    NORTHWIND_CRITERIA,
    NORTHWIND_DEAL,
    NORTHWIND_KICKOFF,
    NORTHWIND_LIVE,
    ORCHID_PHASE_2,
    ORCHID_TICKET,
)
from .errors import BatonError
from .hlc import Clock, now_ms
from .home import Home
from .home_owner import OWNER
from .ids import new_id
from .replica import Replica
from .store import Store
from .template import Item, Template
from .times import DAY, HOUR, MINUTE
from .values import parse, problem


@dataclass(frozen=True)
class Person:
    user: str
    name: str
    tz: str
    role: Role = "member"


VIEWER = Person("maya", "Maya Okafor", "Europe/London", "lead")
TEAM = [
    VIEWER,
    Person("ben", "Ben Carter", "America/New_York"),
    Person("priya", "Priya Raman", "Asia/Singapore"),
    Person("lena", "Lena Vogel", "Europe/Berlin"),
    Person("tomas", "Tomás Silva", "America/Sao_Paulo"),
]

GENERIC_TEXT = [
    "Agreed on the kickoff call with the client's operations director; confirmed again by email.",
    "Client wants fewer manual steps in month-end reporting; success is closing the books in 3 days, not 8.",
    "Two stakeholders: Dana Ruiz (sponsor, decides) and Omar Haddad (admin, day-to-day contact).",
    "Risk: their IT team is stretched until the merger closes; expect slow answers on SSO.",
]


def sample_value(
    item: Item, rng: random.Random, fits: Callable[[Any], bool] = lambda value: True, at: int | None = None
) -> Any:
    """A realistic value that satisfies `item` and `fits`: its hint when that passes, else one made to fit.

    `fits` lets the demo prefer what the answer checks would not flag (an answer that repeats the hint
    is flagged as an echo); `at` (UTC ms) makes a date a few weeks after it instead of a fixed one."""
    if item.kind == "check":
        return True
    if item.kind == "choice":
        return rng.choice(item.choices or [""])
    candidates: list[Any] = [item.hint] if item.hint else []
    if item.kind == "date":
        day = rng.randint(1, 28)
        candidates.append(_day(at, 7 + day) if at is not None else f"2026-12-{day:02d}")
    elif item.kind == "url":
        candidates.append(f"https://drive.example.com/acme/{item.id}")
    elif item.kind == "number":
        low = item.min if item.min is not None else 0
        high = item.max if item.max is not None else low + 100
        candidates.append(round(rng.uniform(low, high)))
    else:
        candidates += rng.sample(GENERIC_TEXT, len(GENERIC_TEXT))
    fallback = None  # passes the gate, though a check would flag it: better than nothing
    for raw in candidates:
        try:
            value = parse(item, raw)
        except BatonError:
            continue
        if problem(item, value) is None:
            if fits(value):
                return value
            fallback = value if fallback is None else fallback
    return fallback


class DemoClock:
    """Simulated time: every teammate's clock reads from it, so ages look real."""

    def __init__(self, start: int) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now

    def advance(self, hours: float) -> None:
        self.now += int(hours * HOUR)


def _replica(home: Home, store: Store, person: Person, wall: DemoClock) -> Replica:
    config = Config(
        user=person.user, display_name=person.name, role=person.role, tz=person.tz, replica_id=new_id()[:16]
    )
    return Replica(home, config, store, wall=wall)


def fill(
    replica: Replica,
    handoff_id: str,
    template: Template,
    rng: random.Random,
    skip: Sequence[str] = (),
    answers: dict[str, Any] | None = None,
) -> None:
    """Answer every item that counts (in order), leaving `skip` empty; `answers` are this handoff's own."""
    from .answer_checks import Context
    from .gate import condition_holds

    checks, at = replica.answer_checks(), replica.wall()
    today = datetime.fromtimestamp(at / 1000, UTC).date()
    for item in template.items:
        state = replica.state(handoff_id)
        if item.id in skip or not condition_holds(item, template, state.values):
            continue
        context = Context(template.items, state.values, today)

        def fits(value: Any, item: Item = item, context: Context = context) -> bool:
            return not checks.item(item, value, context)

        value = (answers or {}).get(item.id) or sample_value(item, rng, fits, at)
        if value is not None:
            replica.set_item(handoff_id, item.id, value)
            if isinstance(replica.wall, DemoClock):
                replica.wall.advance(0.1)  # people take a few minutes per item


def _day(at: int, days: int) -> str:
    """The date `days` after `at` (UTC): due dates that stay ahead of the story, whenever the demo is built."""
    return time.strftime("%Y-%m-%d", time.gmtime(at / 1000 + days * 86_400))


def _receives(store: Store) -> None:
    """Who receives for which stage, and whose holidays they keep: so a new handoff routes to a stage."""
    from .members import set_profile

    for user, stages, region in (
        ("maya", ["onboarding", "account-management"], "GB"),
        ("ben", ["sales", "account-management"], "US"),
        ("priya", ["delivery"], "SG"),
        ("lena", ["delivery"], "DE-BE"),
        ("tomas", ["support", "marketing"], "BR"),
    ):
        set_profile(store, user, stages=stages, holidays=region)


def build_demo(home: Home, reset: bool = False) -> str:
    """Create the demo replica for Maya (a lead) and her team's handoffs; returns a summary."""
    _clear(home, reset)
    home.root.mkdir(parents=True, exist_ok=True)
    store = Store(home.database)
    team = _DemoTeam(home, store)
    _settled_work(team)
    _waiting_work(team)
    _fresh_work(team)
    viewer = team.people[VIEWER.user]
    last = max(str(r[0]) for r in store.query("SELECT hlc FROM events"))
    clock = Clock(viewer.config.replica_id)
    clock.observe(last)
    with viewer.transaction():
        store.set_meta("clock", clock.last)
        store.set_meta(OWNER, viewer.config.replica_id)  # Maya's home: her teammates' writers were only the demo's
    save_config(home, viewer.config)
    store.close()
    (home.root / DEMO_MARK).write_text("Built by `baton demo`: `baton demo --reset` replaces this home.\n")
    lines = [
        f"Demo workspace in {home.root}: you are {VIEWER.name} ({VIEWER.user}, lead, {VIEWER.tz}).",
        "Teammates: " + ", ".join(f"{p.name} ({p.tz})" for p in TEAM[1:]) + ".",
    ]
    lines += [f"  - {title}: {what}" for what, title in team.story]
    return "\n".join(lines)


DEMO_MARK = "demo.txt"
"""Left in a home `baton demo` built: `--reset` replaces a demo, never a person's own replica."""


def _demo_in(home: Home) -> bool:
    """Whether the home holds a demo: its mark, or (a demo built before the mark) Maya as the demo makes her."""
    if (home.root / DEMO_MARK).exists():
        return True
    from .config import load_config

    try:
        config = load_config(home)
    except BatonError:
        return False
    return (config.user, config.display_name, config.tz) == (VIEWER.user, VIEWER.name, VIEWER.tz)


def _clear(home: Home, reset: bool) -> None:
    """Refuse to touch a home that holds a replica, unless it is a demo and asked to replace it.

    "pass --reset to replace it" was said of any replica, and followed, it deleted a person's own records:
    `baton demo` without --home builds in $BATON_HOME or the platform's folder, where their replica lives."""
    if not (home.config.exists() or home.database.exists()):
        return
    if not _demo_in(home):
        raise BatonError(
            f"{home.root} holds a replica of your own, not a demo: `baton demo` never replaces it "
            "(give --home DIR, a new or empty folder, for the demo)"
        )
    if not reset:
        raise BatonError(f"{home.root} already holds the demo; pass --reset to build it afresh (its edits are lost)")
    for path in (
        home.config,
        home.database,
        home.database.with_name("baton.db-wal"),
        home.database.with_name("baton.db-shm"),
    ):
        path.unlink(missing_ok=True)
    shutil.rmtree(home.root / "sync", ignore_errors=True)


class _DemoTeam:
    """Maya's team on one store, a clock that moves as the story does, and what the story told."""

    def __init__(self, home: Home, store: Store) -> None:
        self.rng = random.Random(7)
        self.wall = DemoClock(now_ms() - 9 * DAY)
        self.people = {p.user: _replica(home, store, p, self.wall) for p in TEAM}
        with self.people[VIEWER.user].transaction():
            for p in TEAM:
                store.upsert_teammate(p.user, p.name, p.tz, p.role, now_ms() - self.rng.randint(1, 30) * MINUTE)
        _receives(store)
        self.templates = {entry.template.id: entry.template for entry in Catalog()}
        self.story: list[tuple[str, str]] = []

    def start(self, sender: str, template_id: str, title: str, to: str, due: str | None = None) -> tuple[str, Template]:
        template = self.templates.get(template_id) or next(iter(self.templates.values()))
        return self.people[sender].create(template.id, title, to, due), template

    def fill(
        self,
        user: str,
        handoff_id: str,
        template: Template,
        skip: Sequence[str] = (),
        answers: dict[str, Any] | None = None,
    ) -> None:
        fill(self.people[user], handoff_id, template, self.rng, skip=skip, answers=answers)


def _required_ids(template: Template) -> list[str]:
    return [i.id for i in template.items if i.required and i.when is None]


def _settled_work(team: _DemoTeam) -> None:
    """Handoffs answered long ago: one clean, one returned once and then accepted."""
    people, wall = team.people, team.wall
    h, t = team.start("ben", "sales-to-onboarding", "Northwind Logistics — 40 seats, annual", "maya", _day(wall(), 10))
    team.fill("ben", h, t, answers={**NORTHWIND_DEAL, "promised-go-live": _day(wall(), 40)})
    wall.advance(3)
    people["ben"].send(h)
    wall.advance(5)
    people["maya"].accept(h)
    team.story.append(("accepted", "Northwind Logistics"))

    wall.advance(10)
    h, t = team.start("maya", "onboarding-to-delivery", "Northwind — kickoff pack for delivery", "lena")
    vague = "The client wants reporting to be faster and easier for the finance team overall."
    team.fill("maya", h, t, answers={**NORTHWIND_KICKOFF, "success-criteria": vague})
    people["maya"].send(h)
    wall.advance(6)
    people["lena"].return_(
        h, "Success criteria are vague: which report, and by when? Please add the client's own words."
    )
    wall.advance(4)
    people["maya"].set_item(h, "success-criteria", NORTHWIND_CRITERIA)
    people["maya"].comment(h, "Added the month-end close target the sponsor gave us on the call.")
    people["maya"].send(h)
    wall.advance(2)
    people["lena"].accept(h)
    team.story.append(("returned once, then accepted", "Northwind kickoff pack"))


def _waiting_work(team: _DemoTeam) -> None:
    """Handoffs still open: waived and sent, returned, cancelled, and one past its acceptance window."""
    people, wall = team.people, team.wall
    wall.advance(20)
    h, t = team.start("tomas", "support-to-delivery", "Bluebird Health — exports fail after 2 GB", "priya")
    skip = _required_ids(t)[-1:]
    team.fill("tomas", h, t, skip=skip, answers=BLUEBIRD)
    if skip:
        people["maya"].waive(h, skip[0], "Client confirmed by phone; the log is attached to the ticket instead.")
    people["tomas"].send(h)
    team.story.append(("sent, with a lead's waiver", "Bluebird Health escalation"))

    wall.advance(30)
    h, t = team.start("ben", "marketing-to-sales", "Lumen Retail — inbound demo request", "maya")
    team.fill("ben", h, t, answers={**LUMEN, "budget-owner": "unknown", "lead-source": "demo request"})
    people["ben"].send(h)
    wall.advance(8)
    people["maya"].return_(
        h, "Budget owner says 'unknown': who signs the order? Ask Jo Park before sales spends a demo on it."
    )
    team.story.append(("returned with a reason", "Lumen Retail lead"))

    wall.advance(12)
    h, t = team.start("priya", "recruiting-to-operations", "Contract QA engineer — Jan start", "lena")
    team.fill("priya", h, t, skip=_required_ids(t)[:2], answers=CONTRACT_QA)
    people["priya"].cancel(h, "Candidate accepted another offer; the role is back with recruiting.")
    team.story.append(("cancelled", "Contract QA engineer"))

    wall.advance(40)
    h, t = team.start("priya", "support-to-delivery", "Orchid Bank — SSO login loop for 300 users", "maya")
    team.fill("priya", h, t, answers=ORCHID_TICKET)
    people["priya"].send(h)
    team.story.append(("sent, answer overdue", "Orchid Bank escalation"))


def _fresh_work(team: _DemoTeam) -> None:
    """Today's work: Maya's draft the gate blocks, a send an hour old, and a new draft of Lena's."""
    people, wall = team.people, team.wall
    wall.advance(60)
    h, t = team.start("maya", "onboarding-to-delivery", "Orchid Bank — phase 2 rollout", "lena", _day(wall(), 3))
    go_live = _day(wall(), 14)
    answers = {key: text.format(go_live=go_live) for key, text in ORCHID_PHASE_2.items()}
    team.fill("maya", h, t, skip=_required_ids(t)[::2], answers={**answers, "go-live-date": go_live})
    people["maya"].comment(h, "Waiting on the client's security questionnaire before I can finish this.")
    try:
        people["maya"].send(h)
    except BatonError:
        pass
    team.story.append(("draft, blocked by the gate", "Orchid Bank phase 2"))

    wall.now = now_ms() - 4 * HOUR  # Lena's draft from this morning
    h, t = team.start("lena", "delivery-to-account-management", "Northwind — live, hand to account management", "ben")
    team.fill("lena", h, t, skip=_required_ids(t)[1:3], answers=NORTHWIND_LIVE)
    team.story.append(("draft", "Northwind go-live"))
    wall.now = now_ms() - 150 * MINUTE
    h, t = team.start("ben", "sales-to-onboarding", "Kestrel Foods — pilot, 3 sites", "maya", _day(wall(), 20))
    team.fill("ben", h, t, answers={**KESTREL, "promised-go-live": _day(wall(), 45)})
    wall.now = now_ms() - HOUR  # sent an hour before the demo opens, as the story says
    people["ben"].send(h)
    team.story.append(("sent an hour ago", "Kestrel Foods"))
