"""A demo workspace: a team spread over four time zones, with handoffs in every state.

Teammates' events are written as their own replicas would have written them (their
replica ids, their clocks), as if already received through the shared folder, so
the demo shows exactly what a real team's copy looks like.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog
from .config import Config, save_config
from .errors import BatonError
from .hlc import Clock, now_ms
from .home import Home
from .ids import new_id
from .replica import Replica
from .store import Store
from .template import Item, Template
from .times import DAY, HOUR
from .values import parse, problem


@dataclass(frozen=True)
class Person:
    user: str
    name: str
    tz: str
    role: str = "member"


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


NORTHWIND_CRITERIA = "Month-end close done in 3 working days by the March close; the CFO signs off after the first close on the new setup."
ORCHID_TICKET = {
    "ticket": "SUP-5107",
    "severity": "critical",
    "incident-channel": "https://chat.example.com/channels/inc-sup-5107",
    "problem": '"Since Monday about 300 of our branch staff land back on the login page after signing in."',
    "reproduction": "Sign in through Okta as any Orchid user: the SAML response is accepted, then /home sends "
    "you back to /login; users outside the Orchid tenant are fine.",
    "first-reported": "2026-11-23",
    "users-affected": 300,
    "impact": "Branch staff cannot open customer records; the bank's auditors arrive on 4 Dec and need access logs.",
    "case-history": "https://support.example.com/tickets/SUP-5107",
    "tried": "Cleared cookies, uploaded the SAML certificate again, tried a private window: the loop stays.",
    "workaround": "Two admins sign in with local passwords; everyone else waits.",
    "customer-told": "Told on 24 Nov that delivery engineers have it; next update promised by 10:00 Singapore time.",
}
"""The Orchid Bank escalation's own answers (the checklist's hints describe the Bluebird case)."""
ORCHID_PHASE_2 = {
    "project-plan": "https://drive.example.com/orchid-bank/phase-2-plan.pdf",
    "requirements": "Roll out to the 40 remaining branches in two waves; keep SSO through Okta; daily export of "
    "access logs for the auditors.",
    "environment": "Okta (owned by the bank's IAM team, Wei Lin); core banking export over SFTP, nightly.",
    "client-contact": "Wei Lin, Asia/Singapore, prefers email; calls only on Tuesdays and Thursdays.",
    "success-criteria": "Every branch signs in through Okta without a loop, and the auditors get a daily access "
    "log export; the bank judges it at the 15 Dec go-live.",
    "go-live-date": "2026-12-15",
}
"""Orchid Bank phase 2: its own plan and people, not the Northwind kickoff pack's."""


def sample_value(item: Item, rng: random.Random) -> Any:
    """A realistic value that satisfies `item`: its hint when that passes, else one made to fit."""
    if item.kind == "check":
        return True
    if item.kind == "choice":
        return rng.choice(item.choices or [""])
    candidates = [item.hint] if item.hint else []
    if item.kind == "date":
        candidates.append(f"2026-12-{rng.randint(1, 28):02d}")
    elif item.kind == "url":
        candidates.append(f"https://drive.example.com/acme/{item.id}")
    elif item.kind == "number":
        low = item.min if item.min is not None else 0
        high = item.max if item.max is not None else low + 100
        candidates.append(round(rng.uniform(low, high)))
    else:
        candidates += rng.sample(GENERIC_TEXT, len(GENERIC_TEXT))
    for raw in candidates:
        try:
            value = parse(item, raw)
        except BatonError:
            continue
        if problem(item, value) is None:
            return value
    return None


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
    skip: tuple[str, ...] = (),
    answers: dict[str, Any] | None = None,
) -> None:
    """Answer every item that counts (in order), leaving `skip` empty; `answers` are this handoff's own
    values (a checklist's hints describe one example client, so two handoffs must not share them)."""
    from .gate import condition_holds

    for item in template.items:
        state = replica.state(handoff_id)
        if item.id in skip or not condition_holds(item, template, state.values):
            continue
        value = (answers or {}).get(item.id) or sample_value(item, rng)
        if value is not None:
            replica.set_item(handoff_id, item.id, value)
            if isinstance(replica.wall, DemoClock):
                replica.wall.advance(0.1)  # people take a few minutes per item


def build_demo(home: Home, reset: bool = False) -> str:
    """Create the demo replica for Maya (a lead) and her team's handoffs; returns a summary."""
    if home.config.exists() or home.database.exists():
        if not reset:
            raise BatonError(f"{home.root} already holds a replica; pass --reset to replace it with the demo")
        for path in (
            home.config,
            home.database,
            home.database.with_name("baton.db-wal"),
            home.database.with_name("baton.db-shm"),
        ):
            path.unlink(missing_ok=True)
        shutil.rmtree(home.root / "sync", ignore_errors=True)
    home.root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    wall = DemoClock(now_ms() - 9 * DAY)
    store = Store(home.database)
    people = {p.user: _replica(home, store, p, wall) for p in TEAM}
    with store.db.atomic():
        for p in TEAM:
            store.upsert_teammate(p.user, p.name, p.tz, p.role, now_ms() - rng.randint(1, 30) * 60_000)
    templates = {entry.template.id: entry.template for entry in Catalog()}

    def start(sender: str, template_id: str, title: str, to: str, due: str | None = None) -> tuple[str, Template]:
        template = templates.get(template_id) or next(iter(templates.values()))
        return people[sender].create(template.id, title, to, due), template

    def required_ids(template: Template) -> list[str]:
        return [i.id for i in template.items if i.required and i.when is None]

    story: list[tuple[str, str]] = []

    # Accepted long ago: a clean handoff, now owned by the receiver.
    h, t = start("ben", "sales-to-onboarding", "Northwind Logistics — 40 seats, annual", "maya", "2026-12-01")
    fill(people["ben"], h, t, rng)
    wall.advance(3)
    people["ben"].send(h)
    wall.advance(5)
    people["maya"].accept(h)
    story.append(("accepted", "Northwind Logistics"))

    # Returned with a reason, fixed, resent, accepted.
    wall.advance(10)
    h, t = start("maya", "onboarding-to-delivery", "Northwind — kickoff pack for delivery", "lena")
    vague = "The client wants reporting to be faster and easier for the finance team overall."
    fill(people["maya"], h, t, rng, answers={"success-criteria": vague})
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
    story.append(("returned once, then accepted", "Northwind kickoff pack"))

    # Waived by a lead, then sent; waiting for Priya.
    wall.advance(20)
    h, t = start("tomas", "support-to-delivery", "Bluebird Health — exports fail after 2 GB", "priya")
    skip = required_ids(t)[-1:]
    fill(people["tomas"], h, t, rng, skip=skip)
    if skip:
        people["maya"].waive(h, skip[0], "Client confirmed by phone; the log is attached to the ticket instead.")
    people["tomas"].send(h)
    story.append(("sent, with a lead's waiver", "Bluebird Health escalation"))

    # Returned to Ben and still with him.
    wall.advance(30)
    h, t = start("ben", "marketing-to-sales", "Lumen Retail — inbound demo request", "maya")
    fill(people["ben"], h, t, rng, answers={"budget-owner": "unknown", "lead-source": "demo request"})
    people["ben"].send(h)
    wall.advance(8)
    people["maya"].return_(
        h, "Budget owner says 'unknown': who signs the order? Ask Jo Park before sales spends a demo on it."
    )
    story.append(("returned with a reason", "Lumen Retail lead"))

    # Cancelled.
    wall.advance(12)
    h, t = start("priya", "recruiting-to-operations", "Contract QA engineer — Jan start", "lena")
    fill(people["priya"], h, t, rng, skip=required_ids(t)[:2])
    people["priya"].cancel(h, "Candidate accepted another offer; the role is back with recruiting.")
    story.append(("cancelled", "Contract QA engineer"))

    # Sent to Maya long ago: the acceptance window is breached.
    wall.advance(40)
    h, t = start("priya", "support-to-delivery", "Orchid Bank — SSO login loop for 300 users", "maya")
    fill(people["priya"], h, t, rng, answers=ORCHID_TICKET)
    people["priya"].send(h)
    story.append(("sent, answer overdue", "Orchid Bank escalation"))

    # Maya's own draft, blocked by the gate.
    wall.advance(60)
    h, t = start("maya", "onboarding-to-delivery", "Orchid Bank — phase 2 rollout", "lena", "2026-12-15")
    fill(people["maya"], h, t, rng, skip=required_ids(t)[::2], answers=ORCHID_PHASE_2)
    people["maya"].comment(h, "Waiting on the client's security questionnaire before I can finish this.")
    try:
        people["maya"].send(h)
    except BatonError:
        pass
    story.append(("draft, blocked by the gate", "Orchid Bank phase 2"))

    # Fresh: Lena's draft from this morning, and a handoff sent to Maya an hour ago.
    wall.now = now_ms() - 4 * HOUR
    h, t = start("lena", "delivery-to-account-management", "Northwind — live, hand to account management", "ben")
    fill(people["lena"], h, t, rng, skip=required_ids(t)[1:3])
    story.append(("draft", "Northwind go-live"))
    wall.now = now_ms() - 150 * 60_000
    h, t = start("ben", "sales-to-onboarding", "Kestrel Foods — pilot, 3 sites", "maya", "2026-12-20")
    fill(people["ben"], h, t, rng)
    wall.now = now_ms() - HOUR  # sent an hour before the demo opens
    people["ben"].send(h)
    story.append(("sent an hour ago", "Kestrel Foods"))

    viewer = people[VIEWER.user]
    last = max(str(r[0]) for r in store.query("SELECT hlc FROM events"))
    clock = Clock(viewer.config.replica_id)
    clock.observe(last)
    with store.db.atomic():
        store.set_meta("clock", clock.last)
    save_config(home, viewer.config)
    store.close()
    lines = [
        f"Demo workspace in {home.root}: you are {VIEWER.name} ({VIEWER.user}, lead, {VIEWER.tz}).",
        "Teammates: " + ", ".join(f"{p.name} ({p.tz})" for p in TEAM[1:]) + ".",
    ]
    lines += [f"  - {title}: {what}" for what, title in story]
    return "\n".join(lines)
