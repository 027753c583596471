"""Events: the only thing baton writes. Every screen is a projection of them.

An event is immutable. Its wire form (one JSON object, also a line of a sync
segment) is the `Event` model (event_model.py, pydantic, loaded on first use of
the name); `SCHEMA_VERSION` lets a reader refuse what a newer baton wrote instead
of misreading it. The events this replica writes are `LocalEvent`s: made from
parts it knows are right, they need no checking, and writing one loads no pydantic.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal, get_args

from .record import field, record

if TYPE_CHECKING:
    from .event_model import Event as Event

SCHEMA_VERSION: Literal[1] = 1

HandoffKind = Literal[
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
    "receiver_changed",
    "cancelled",
    "reopened",
    "upgraded",
]
"""Changes to one handoff, checked by core/rules.py."""

RosterKind = Literal[
    "team_founded",
    "member_invited",
    "member_joined",
    "device_added",
    "member_set",
    "member_away",
    "member_removed",
    "device_retired",
    "invite_revoked",
    "checklist_published",
    "stage_rule",
]
"""Changes to the team, filed under the team's own stream and checked by core/team/changes.py."""


TEAM_STREAM = "0" * 32
"""The handoff id roster events are filed under: the team's own stream in the event log."""


EventKind = Literal[HandoffKind, RosterKind]
KINDS: frozenset[str] = frozenset(get_args(EventKind))
ROSTER_KINDS: frozenset[str] = frozenset(get_args(RosterKind))

HEX_ID = r"^[0-9a-f]{32}$"

_NOUNS = {
    "created": "creation",
    "item_set": "value",
    "item_cleared": "clearing of a value",
    "waived": "waiver",
    "unwaived": "withdrawal of a waiver",
    "commented": "comment",
    "comment_retracted": "taking back of a comment",
    "send_blocked": "blocked send",
    "sent": "send",
    "recalled": "recall of a send",
    "accepted": "acceptance",
    "returned": "return",
    "reassigned": "reassignment",
    "receiver_changed": "change of receiver",
    "cancelled": "cancellation",
    "reopened": "reopening",
    "upgraded": "checklist upgrade",
    "team_founded": "founding of the team",
    "member_invited": "invitation",
    "member_joined": "join",
    "device_added": "added device",
    "member_set": "change to a member",
    "member_away": "days away",
    "member_removed": "removal",
    "device_retired": "retirement of a device",
    "invite_revoked": "withdrawal of an invitation",
    "checklist_published": "publication of a checklist",
    "stage_rule": "stage rule",
}


def kind_noun(kind: str) -> str:
    """An event's kind as a noun, for "ben's return was not applied" (not "ben's returned")."""
    return _NOUNS.get(kind, kind.replace("_", " "))


def __getattr__(name: str) -> Any:
    """`Event` (the pydantic wire model) is imported only when something asks for it."""
    if name == "Event":
        from .event_model import Event

        return Event
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def event_row(event: LocalEvent | Event) -> dict[str, Any]:
    """An event as a row of the `events` table, the same whether this replica wrote it or a teammate did."""
    return {
        "id": event.id,
        "handoff_id": event.handoff,
        "kind": event.kind,
        "hlc": event.hlc,
        "at": event.at,
        "author": event.author,
        "replica": event.replica,
        "payload": json.dumps(event.payload, sort_keys=True, separators=(",", ":")),
    }


@record(frozen=True)
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
        return event_row(self)

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


def event_from_values(values: tuple[Any, ...]) -> dict[str, Any]:
    """`event_from_row` of the events view's columns as a tuple (id, handoff_id, kind, hlc, at, author, replica,
    payload, ...), without making the row's dict first."""
    return {
        "id": values[0],
        "handoff": values[1],
        "kind": values[2],
        "hlc": values[3],
        "at": values[4],
        "author": values[5],
        "replica": values[6],
        "payload": _payload(values[7]),
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
