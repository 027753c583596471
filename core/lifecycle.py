"""The lifecycle rules: which event is valid in which state, and by whom.

One function, `check`, holds every rule. Commands call it before they write, and
the projection calls it again for every event at its place in clock order, so the
same rules hold for local edits and for events arriving through sync.

```
draft --send (gate passes)--> sent --accept--> accepted (receiver owns it)
  ^                             |
  |                          return (reason)
  |                             v
  +--------- edit, send ---- returned (sender owns it again)
any open state --cancel (reason)--> cancelled
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .gate import gate

if TYPE_CHECKING:
    from .projection import HandoffState

OPEN = ("draft", "sent", "returned")
EDITABLE = ("draft", "returned")
STATUSES = ("draft", "sent", "returned", "accepted", "cancelled")

INVALID = "invalid"
NOT_ALLOWED = "not_allowed"
BLOCKED = "blocked"


def _is_lead(state: HandoffState, event: dict[str, Any]) -> bool:
    """Whether the event's author was a lead at the event's stamp: the one lead check.

    Once the team exists, the roster answers at the event's place in clock order
    (core/team/roster.py); before it (and in homes that never founded a team) the
    old rule holds: the `as_lead` flag the lead's replica wrote on the event.
    """
    roster = state.roster
    if roster is not None and roster.governs(event["hlc"]):
        return roster.is_lead(event["author"], event["hlc"])
    return bool(event["payload"].get("as_lead"))


def _unapproved(state: HandoffState, event: dict[str, Any]) -> str | None:
    """Why a send is refused for its checklist: the team does not know it at the send's stamp."""
    roster = state.roster
    if roster is None or not state.checklist_sha or not roster.governs(event["hlc"]):
        return None
    if roster.knows_checklist(state.checklist_sha, event["hlc"]):
        return None
    return state.unapproved or f"unapproved checklist: {state.template.id if state.template else '?'}"


def _takes_back(state: HandoffState, event: dict[str, Any]) -> bool:
    """An undo of your own reassignment, while the next step still sits with the person you gave it to."""
    undone = event["payload"].get("undoes")
    return bool(undone) and any(
        e["id"] == undone
        and e["kind"] == "reassigned"
        and e["author"] == event["author"]
        and e["payload"].get("to") == state.next_actor
        for e in state.applied
    )


def check(state: HandoffState, event: dict[str, Any]) -> tuple[str, str] | None:
    """None when `event` may apply to `state`; else (category, reason)."""
    kind, author, payload = event["kind"], event["author"], event["payload"]
    if kind == "created":
        return (INVALID, "the handoff already exists") if state.exists else None
    if not state.exists:
        return INVALID, "arrived before the handoff it belongs to"
    template = state.template
    status = state.status

    if kind in ("item_set", "item_cleared", "waived", "unwaived"):
        item_id = payload.get("item")
        item = template.item(item_id) if isinstance(item_id, str) else None
        if item is None:
            return INVALID, f"the checklist has no item `{item_id}`"
        if status not in EDITABLE:
            return NOT_ALLOWED, f"the handoff is {status}: only a draft or returned handoff can change"
        if kind in ("waived", "unwaived"):
            if not _is_lead(state, event):
                return NOT_ALLOWED, "only a lead can waive an item"
            if kind == "waived":
                if item_id in state.waivers:
                    return INVALID, f"`{item_id}` is already waived"
                if not str(payload.get("reason", "")).strip():
                    return INVALID, "a waiver needs a reason"
            elif item_id not in state.waivers:
                return INVALID, f"`{item_id}` is not waived"
            return None
        if author != state.sender and not _is_lead(state, event):
            return NOT_ALLOWED, f"only {state.sender} (the sender) or a lead can fill this checklist"
        if kind == "item_set" and "value" not in payload:
            return INVALID, "no value given"
        if kind == "item_cleared" and item_id not in state.values:
            return INVALID, f"`{item_id}` is already empty"
        return None

    if kind == "commented":
        return None if str(payload.get("text", "")).strip() else (INVALID, "an empty comment")
    if kind == "comment_retracted":
        comment = state.comment(payload.get("comment"))
        if comment is None or comment.retracted:
            return INVALID, "no such comment"
        if comment.author != author:
            return NOT_ALLOWED, "only its author can take a comment back"
        return None
    if kind == "send_blocked":
        return None

    if kind == "sent":
        if status not in EDITABLE:
            return NOT_ALLOWED, f"the handoff is {status}: only a draft or returned handoff can be sent"
        if author != state.sender:
            return NOT_ALLOWED, f"only {state.sender} (the sender) can send it"
        unknown = _unapproved(state, event)
        if unknown:
            return NOT_ALLOWED, unknown
        blockers = gate(template, state.values, frozenset(state.waivers))
        if blockers:
            listed = ", ".join(f"{b.item_id} ({b.reason})" for b in blockers)
            return BLOCKED, f"the gate did not pass: {listed}"
        return None
    if kind == "recalled":
        if status != "sent":
            return NOT_ALLOWED, f"the handoff is {status}: only a sent handoff can be recalled"
        if author != state.sender:
            return NOT_ALLOWED, f"only {state.sender} (the sender) can recall it"
        return None
    if kind in ("accepted", "returned"):
        verb = "accept" if kind == "accepted" else "return"
        if status != "sent":
            return NOT_ALLOWED, f"the handoff is {status}: only a sent handoff can be {kind}"
        if author != state.receiver:
            return NOT_ALLOWED, f"only {state.receiver} (the receiver) can {verb} it"
        if kind == "returned" and not str(payload.get("reason", "")).strip():
            return INVALID, "a return needs a reason"
        return None
    if kind == "reassigned":
        to = payload.get("to")
        if status == "cancelled":
            return NOT_ALLOWED, "the handoff is cancelled"
        if not isinstance(to, str) or not to:
            return INVALID, "no one to reassign to"
        if author != state.next_actor and not _is_lead(state, event) and not _takes_back(state, event):
            return NOT_ALLOWED, f"only {state.next_actor} (whose turn it is) or a lead can reassign it"
        if to == state.next_actor:
            return INVALID, f"{to} already has it"
        other = state.receiver if status in EDITABLE else state.sender
        if to == other:
            role = "receiver" if status in EDITABLE else "sender"
            return INVALID, f"{to} is the {role}: sender and receiver must be two people"
        return None
    if kind == "cancelled":
        if status not in OPEN:
            return NOT_ALLOWED, f"the handoff is {status}: only an open handoff can be cancelled"
        if author != state.sender and not _is_lead(state, event):
            return NOT_ALLOWED, f"only {state.sender} (the sender) or a lead can cancel it"
        if not str(payload.get("reason", "")).strip():
            return INVALID, "a cancellation needs a reason"
        return None
    if kind == "reopened":
        if status != "cancelled":
            return NOT_ALLOWED, f"the handoff is {status}, not cancelled"
        if author != state.cancelled_by and not _is_lead(state, event):
            return NOT_ALLOWED, "only who cancelled it or a lead can reopen it"
        return None
    return INVALID, f"unknown event kind {kind!r}"
