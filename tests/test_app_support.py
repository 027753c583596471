"""Shared setup for the app tests: a two-person team over one database, on a frozen clock."""

from __future__ import annotations

import itertools
from pathlib import Path

from textual.widgets import Static
from textual.worker import WorkerCancelled

from baton.core.config import Config
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.store import Store

T0 = 1_763_719_200_000
"""2025-11-21 10:00 UTC: every test starts the world here."""
HOUR = 3_600_000

KIT = """
id = "kit"
version = 1
title = "Kit: every kind of item"
from_stage = "sales"
to_stage = "onboarding"
trigger = "Deal closed"
accept_within_hours = 24

[[items]]
id = "signed"
text = "Contract signed by both sides"
why = "Onboarding cannot start work the client has not agreed to."
required = true

[[items]]
id = "summary"
text = "What the client bought, in their words"
why = "Onboarding scopes the kickoff from it."
kind = "text"
min_length = 10
required = true

[[items]]
id = "start"
text = "Agreed start date"
why = "Onboarding books people from this date."
kind = "date"
required = true

[[items]]
id = "crm"
text = "Link to the deal in the CRM"
why = "The history of the deal lives there."
kind = "url"
required = true

[[items]]
id = "seats"
text = "Seats sold"
why = "Licences are provisioned per seat."
kind = "number"
min = 1
max = 1000
required = true

[[items]]
id = "plan"
text = "Plan sold"
why = "Kickoff depends on the plan."
kind = "choice"
choices = ["starter", "growth", "enterprise"]
required = true

[[items]]
id = "security"
text = "Security review contact"
why = "Enterprise clients gate go-live on a security review."
kind = "text"
min_length = 5
required = true
when = { item = "plan", equals = "enterprise" }

[[items]]
id = "notes"
text = "Anything else onboarding should know"
why = "Small surprises cost the most when they arrive late."
kind = "text"
"""


KIT_DONE = {
    "signed": True,
    "summary": "Forty seats, annual, invoiced quarterly",
    "start": "2025-12-01",
    "crm": "https://crm.example.com/deals/42",
    "seats": 40,
    "plan": "growth",
}
"""Answers that pass the kit's gate (a growth plan, so the security item stays hidden)."""


class FrozenClock:
    """A wall clock that only moves when told (UTC ms)."""

    def __init__(self, now: int = T0) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now

    def advance(self, hours: float = 0, ms: int = 0) -> None:
        self.now += int(hours * HOUR) + ms


def team(root: Path, clock: FrozenClock, lead: bool = False) -> tuple[Replica, Replica]:
    """Maya (sender) and Ben (receiver): two replicas over the same Store, as after a sync."""
    home = Home(root)
    (root / "checklists").mkdir(parents=True, exist_ok=True)
    (root / "checklists" / "kit.toml").write_text(KIT, encoding="utf-8")
    maya = Replica.init(home, "maya", role="lead" if lead else "member", tz="Europe/London", display_name="Maya Okafor")
    store: Store = maya.store
    maya = Replica(home, maya.config, store, wall=clock)
    with store.atomic():
        store.upsert_teammate("ben", "Ben Carter", "America/New_York", "member", T0)
        store.upsert_teammate("priya", "Priya Raman", "Asia/Singapore", "member", T0)
    ben = Replica(
        home,
        Config(user="ben", display_name="Ben Carter", tz="America/New_York", replica_id="b0b0b0b0b0b0b0b0"),
        store,
        wall=clock,
    )
    return maya, ben


def counting_ids(monkeypatch) -> None:
    """Ids in creation order (000…001, 000…002), so screens that show ids stay the same run to run."""
    counter = itertools.count(1)
    monkeypatch.setattr("baton.core.replica.new_id", lambda writer=None: f"{next(counter):032x}")
    monkeypatch.setattr("baton.core.drafts.new_id", lambda writer=None: f"{next(counter):032x}")


def status_of(replica: Replica, handoff_id: str) -> str:
    return replica.store.handoff_row(handoff_id)["status"]


def said(app) -> list:
    """Every notification the app has shown, expired or not (see `keep_every_notification` in conftest):
    on a loaded machine a toast can time out before the test reads it."""
    return list(app._notifications.__dict__.get("said", []))


async def settle(pilot) -> None:
    """Let workers finish and their messages land (the folder watcher runs until the app closes).

    Done once three rounds in a row found no worker busy: what one worker brings (a loaded
    handoff) is handled as a message, which can start another worker (the chain reader), so a
    loaded machine can leave a quiet round between the two.
    """
    quiet = 0
    for _ in range(200):  # a hang guard, not a speed check
        busy = [w for w in pilot.app.workers if w.group not in ("sync-watch", "db-watch") and not w.is_finished]
        if busy:  # (an empty list would mean "wait for every worker")
            quiet = 0
            try:
                await pilot.app.workers.wait_for_complete(busy)
            except WorkerCancelled:  # an exclusive worker replaced by a newer one is done too
                pass
        else:
            quiet += 1
            if quiet > 3:
                return
        await pilot.pause()


async def new_handoff_form(pilot):
    """The new-handoff form as `n` opens it from the queues, settled (the screen is returned)."""
    from baton.tui.screens.new_handoff import NewHandoffScreen

    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, NewHandoffScreen), form
    return form


async def eventually(pilot, test, bound: float = 30.0) -> None:
    """Pause in small steps until `test()` holds; fail after `bound` seconds (a hang guard, not a speed check)."""
    for _ in range(int(bound / 0.1)):
        if test():
            return
        await pilot.pause(0.1)
    assert test(), f"still not true after {bound} s"


def kit_handoff(
    by: Replica, title: str, to: str, skip=(), due: str | None = None, *, clock: FrozenClock, hours: float = 1
) -> str:
    """A kit handoff from `by` to `to` with every answer but those in `skip`; then the clock moves on `hours`."""
    handoff = by.create("kit", title, to, due)
    for item, value in KIT_DONE.items():
        if item not in skip:
            by.set_item(handoff, item, value)
    clock.advance(hours=hours)
    return handoff


def _layout(app) -> tuple:
    """Where every widget of every open screen stands, how big it is and what a text in it says."""
    shown = []
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=True):
            content = widget.content if isinstance(widget, Static) else None
            shown.append((id(widget), widget.region, widget.virtual_size, widget.display, str(content)))
    return tuple(shown)


def _busy(app) -> bool:
    """A message, a callback or a layout still waits somewhere on the app or its screen."""
    screen = app.screen
    pumps = [app, *screen.walk_children(with_self=True)]
    if any(pump.message_queue_size or pump._next_callbacks for pump in pumps):
        return True
    return bool(screen._layout_required or screen._scroll_required or screen._repaint_required or screen._dirty_widgets)


async def laid_out(pilot) -> None:
    """Settle, then wait until the layout holds still: no worker busy, nothing waiting to be laid out or
    drawn, no animation scheduled, and every widget's place, size and text the same three rounds running.

    A snapshot taken sooner can catch a text laid out on one line that is about to take two (a handoff's
    summary gaining its "it is 06:00 for Ben Carter" line) on a loaded machine.
    """
    last, same = None, 0
    for _ in range(200):  # a hang guard, not a speed check
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        now = _layout(pilot.app)
        if now == last and not _busy(pilot.app):
            same += 1
            if same >= 3:
                return
        else:
            same = 0
        last = now
    raise AssertionError("the layout never settled")
