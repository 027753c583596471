"""Events: the only thing baton writes. Every screen is a projection of them.

An event is immutable. Its wire form (one JSON object, also a line of a sync
segment) is the `Event` model below; `SCHEMA_VERSION` lets a reader refuse what a
newer baton wrote instead of misreading it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal[1] = 1

EventKind = Literal[
    "created",
    "item_set",
    "item_cleared",
    "waived",
    "unwaived",
    "commented",
    "comment_retracted",
    "send_blocked",
    "sent",
    "recalled",
    "accepted",
    "returned",
    "reassigned",
    "cancelled",
    "reopened",
    "upgraded",
    "team_founded",
    "member_invited",
    "member_joined",
    "device_added",
    "member_set",
    "member_away",
    "member_removed",
    "checklist_published",
    "stage_rule",
]
KINDS: frozenset[str] = frozenset(EventKind.__args__)  # type: ignore[attr-defined]

HEX_ID = r"^[0-9a-f]{32}$"


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
        import json

        return {
            "id": self.id,
            "handoff_id": self.handoff,
            "kind": self.kind,
            "hlc": self.hlc,
            "at": self.at,
            "author": self.author,
            "replica": self.replica,
            "payload": json.dumps(self.payload, sort_keys=True, separators=(",", ":")),
        }


def event_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event as the plain dict the projection folds (no validation: it was validated on the way in)."""
    import json

    return {
        "id": row["id"],
        "handoff": row["handoff_id"],
        "kind": row["kind"],
        "hlc": row["hlc"],
        "at": row["at"],
        "author": row["author"],
        "replica": row["replica"],
        "payload": json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"],
    }
