"""The payload of each event kind, typed: what the commands write and the rules read.

TypedDicts only, so they cost nothing at run time: a stored or synced event is
still a plain dict, and the rules (rules.py) check the keys they need, because a
synced payload may be missing any of them. Keys marked NotRequired may be absent.
The annotations are evaluated (no `from __future__ import annotations`), so that
`__required_keys__` and `__optional_keys__` say which is which to a reader that
validates payloads.

Two keys can ride on several kinds:
- `undoes`: the id of the event this one compensates (undo writes a new event);
- `as_lead`: the author acted as a lead. This flag is what grants a lead's rights
  today; the team roster will replace it (see permissions.RuleContext.is_lead).
"""

from typing import Any, NotRequired, TypedDict

from .events import EventKind


class Undoing(TypedDict):
    undoes: NotRequired[str]
    """The id of the event this one takes back."""


class AsLead(TypedDict):
    as_lead: NotRequired[bool]
    """Written when the author is a lead and the kind is one a lead may do for others."""


class Created(TypedDict):
    template: dict[str, Any] | str
    """The checklist snapshot the handoff pins (the template's JSON, parsed or as text)."""
    title: str
    to: str
    """The receiver."""
    due: str | None
    """YYYY-MM-DD, or None."""
    route: NotRequired[dict[str, Any]]
    """When a stage picked the receiver: `stage`, `rule` and `reason` (see routing.py)."""
    values: NotRequired[dict[str, Any]]
    """Values the draft starts with (intake, or carried along a chain), by item."""
    carried: NotRequired[dict[str, dict[str, Any]]]
    """For carried values: where each came from (`handoff`, `title`, `transition`, `item`, `by`, `at`)."""
    chain: NotRequired[dict[str, str]]
    """When an accept opened this draft: `from` (the handoff accepted) and `accept` (its accept event)."""


class ItemSet(Undoing, AsLead):
    item: str
    value: Any
    """The parsed value (bool, str, number or ISO date) as values.parse returns it."""


class ItemCleared(Undoing, AsLead):
    item: str


class Waived(AsLead):
    item: str
    reason: str


class Unwaived(Undoing, AsLead):
    item: str


class Commented(TypedDict):
    text: str


class CommentRetracted(Undoing):
    comment: str
    """The id of the `commented` event taken back."""


class SendBlocked(TypedDict):
    items: list[str]
    """The blocking items at the attempt, in checklist order."""


class VagueAnswer(TypedDict):
    item: str
    check: str
    """The answer check that found the item's answer vague (answer_checks.py)."""


class Sent(TypedDict):
    vague: NotRequired[list[VagueAnswer]]
    """The vague answers the sender was warned about, once each (answer_warnings.vague_payload)."""
    answer_by: NotRequired[int]
    """The deadline this send set (UTC ms), from the checklist's window and the receiver's hours (deadlines.py)."""


class Recalled(Undoing):
    pass


class Accepted(TypedDict):
    pass


class Returned(TypedDict):
    reason: str


Reassigned = TypedDict(
    "Reassigned",
    {"to": str, "from": NotRequired[str], "undoes": NotRequired[str], "as_lead": NotRequired[bool]},
)
"""`to` takes the next step now; `from` held it before (a Python keyword, hence this spelling)."""

ReceiverChanged = TypedDict(
    "ReceiverChanged",
    {"to": str, "from": str, "undoes": NotRequired[str], "as_lead": NotRequired[bool]},
)
"""A draft's or returned handoff's receiver is `to` now; `from` was it before (receiver_change.py)."""


class Cancelled(Undoing, AsLead):
    reason: str


class Reopened(Undoing, AsLead):
    pass


class Upgraded(AsLead):
    template: dict[str, Any]
    """The newer version of the same checklist the handoff moves to."""
    from_version: int


Payload = (
    Created
    | ItemSet
    | ItemCleared
    | Waived
    | Unwaived
    | Commented
    | CommentRetracted
    | SendBlocked
    | Sent
    | Recalled
    | Accepted
    | Returned
    | Reassigned
    | ReceiverChanged
    | Cancelled
    | Reopened
    | Upgraded
)

PAYLOAD_TYPES: dict[str, type[Any]] = {
    "created": Created,
    "item_set": ItemSet,
    "item_cleared": ItemCleared,
    "waived": Waived,
    "unwaived": Unwaived,
    "commented": Commented,
    "comment_retracted": CommentRetracted,
    "send_blocked": SendBlocked,
    "sent": Sent,
    "recalled": Recalled,
    "accepted": Accepted,
    "returned": Returned,
    "reassigned": Reassigned,
    "receiver_changed": ReceiverChanged,
    "cancelled": Cancelled,
    "reopened": Reopened,
    "upgraded": Upgraded,
}
"""Each kind's payload type (built once at import), e.g. for a reader that validates synced payloads."""


class EventDict(TypedDict):
    """An event as the fold and the rules see it: the wire form as a plain dict (events.event_from_row)."""

    id: str
    handoff: str
    kind: str
    hlc: str
    at: int
    author: str
    replica: str
    payload: dict[str, Any]


LEAD_KINDS: frozenset[EventKind] = frozenset(
    (
        "item_set",
        "item_cleared",
        "waived",
        "unwaived",
        "reassigned",
        "receiver_changed",
        "cancelled",
        "reopened",
        "upgraded",
    )
)
"""Kinds a lead may do for others: a lead's event of these kinds carries `as_lead`."""

__all__ = [
    "LEAD_KINDS",
    "PAYLOAD_TYPES",
    "Accepted",
    "AsLead",
    "Cancelled",
    "CommentRetracted",
    "Commented",
    "Created",
    "EventDict",
    "ItemCleared",
    "ItemSet",
    "Payload",
    "Reassigned",
    "Recalled",
    "ReceiverChanged",
    "Reopened",
    "Returned",
    "SendBlocked",
    "Sent",
    "Undoing",
    "Unwaived",
    "Upgraded",
    "VagueAnswer",
    "Waived",
]
