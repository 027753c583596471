"""Events: the only thing baton writes. Every screen is a projection of them.

An event is immutable. Its wire form (one JSON object, also a line of a sync
segment) is the `Event` model (event_model.py, pydantic, loaded on first use of
the name); `SCHEMA_VERSION` lets a reader refuse what a newer baton wrote instead
of misreading it. The events this replica writes are `LocalEvent`s: made from
parts it knows are right, they need no checking, and writing one loads no pydantic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .event_model import Event as Event

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


def __getattr__(name: str) -> Any:
    """`Event` (the pydantic wire model) is imported only when something asks for it."""
    if name == "Event":
        from .event_model import Event

        return Event
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class LocalEvent:
    """An event this replica writes, with the wire model's fields."""

    id: str
    handoff: str
    kind: EventKind
    hlc: str
    at: int
    author: str
    replica: str
    payload: dict[str, Any] = field(default_factory=dict)
    v: Literal[1] = SCHEMA_VERSION

    def row(self) -> dict[str, Any]:
        """The event as a row of the `events` table."""
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

    def model_dump(self) -> dict[str, Any]:
        """The event as the wire model dumps it (the dict the rules and the fold take)."""
        return {
            "v": self.v,
            "id": self.id,
            "handoff": self.handoff,
            "kind": self.kind,
            "hlc": self.hlc,
            "at": self.at,
            "author": self.author,
            "replica": self.replica,
            "payload": self.payload,
        }


def event_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event as the plain dict the projection folds (no validation: it was validated on the way in)."""
    return {
        "id": row["id"],
        "handoff": row["handoff_id"],
        "kind": row["kind"],
        "hlc": row["hlc"],
        "at": row["at"],
        "author": row["author"],
        "replica": row["replica"],
        "payload": _payload(row["payload"]),
    }


def _payload(stored: Any) -> Any:
    """A stored payload; one no import would take (not JSON, nested without end) reads as `{}`,
    which the fold shows as a conflict: nothing in the database fails a screen."""
    if not isinstance(stored, str):
        return stored
    try:
        return json.loads(stored)
    except (ValueError, RecursionError):
        return {}
