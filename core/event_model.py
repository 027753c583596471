"""The wire form of an event as a pydantic model: what a line from a teammate is checked
against when it is not exactly as baton writes one (see sync/wire.py).

Loaded only where such a check is made; `baton.core.events.Event` names this class.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .events import HEX_ID, SCHEMA_VERSION, EventKind, event_row


class Event(BaseModel):
    """One immutable change to one handoff, or to the team's roster (see core/team/roster.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    v: Literal[1] = SCHEMA_VERSION
    """Schema version of this event's shape."""
    id: Annotated[str, Field(pattern=HEX_ID)]
    """Random event id; importing the same id twice changes nothing."""
    handoff: Annotated[str, Field(pattern=HEX_ID)]
    """The handoff this event belongs to."""
    kind: EventKind
    """What happened."""
    hlc: Annotated[str, Field(pattern=r"^\d{16}-\d{4}-[0-9a-f]{12,32}$")]
    """Hybrid logical clock stamp: the event's place in the total order."""
    at: int
    """Wall-clock time of the author's device, UTC milliseconds: what screens show."""
    author: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,31}$")]
    """Who did it."""
    replica: Annotated[str, Field(pattern=r"^[0-9a-f]{12,32}$")]
    """The replica (person and device) that wrote it."""
    payload: dict[str, Any] = {}
    """Kind-specific details, e.g. `{"item": "budget", "value": 12000}`."""

    def row(self) -> dict[str, Any]:
        """The event as a row of the `events` table."""
        return event_row(self)
