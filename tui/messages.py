"""Messages the app's workers and widgets post, named for what already happened.

Workers do the SQLite and folder work in threads and report back with one of
these; widgets never touch the database and threads never touch widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:  # named in fields only: the queue screen's messages load before the projection is needed
    from baton.core.hooks import HookOutcome
    from baton.core.projection import HandoffState
    from baton.sync.report import SyncReport


@dataclass
class QueueCounted(Message):
    """The number of rows a queue filter matches (for one generation of the filter)."""

    generation: int
    total: int


@dataclass
class QueuePageLoaded(Message):
    """One page of queue rows, starting at `offset`."""

    generation: int
    offset: int
    rows: list[dict[str, Any]]


@dataclass
class QueueLocated(Message):
    """Where the handoff under the cursor sits after a reload (the cursor follows it)."""

    generation: int
    index: int


@dataclass
class QueueLoadFailed(Message):
    generation: int
    error: str


@dataclass
class HandoffChosen(Message):
    """The person picked a handoff in a queue (Enter or a click)."""

    handoff_id: str


@dataclass
class HandoffLoaded(Message):
    """A handoff's current state, folded from its events."""

    state: HandoffState
    teammates: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ItemEdited(Message):
    """The sender changed an item's input; `raw` None means "clear it"."""

    item_id: str
    raw: Any


@dataclass
class ItemSaved(Message):
    """An item's new value was written; carries the handoff's state after it."""

    item_id: str
    state: HandoffState


@dataclass
class ActionFailed(Message):
    """Core refused an action: its message, and for a blocked send, the first blocker."""

    action: str
    error: str
    item_id: str | None = None
    first_blocker: str | None = None


@dataclass
class ActionDone(Message):
    """An action (send, accept, return, waive, reassign, comment) was written."""

    action: str
    summary: str
    state: HandoffState | None = None
    hooks: list[HookOutcome] = field(default_factory=list)
    """What the team's hooks came to for this action (send, accept, return)."""


@dataclass
class Synced(Message):
    """A sync pass finished (or could not start): when, and baton.sync's report of it.

    `report` is None when there was no usable shared folder; `error` then says why.
    """

    at: int
    report: SyncReport | None = None
    error: str = ""

    @property
    def imported(self) -> int:
        return self.report.imported_events if self.report else 0
