"""The rules: for every event kind, who may do it, in which state, with what.

One small handler per kind, in `RULES`. Commands (replica.py) call `check` before
they write; the fold (projection.py) calls it again for every event at its place
in clock order. So every rule a command enforces also holds for an event that
arrives through sync: one that breaks a rule there is kept in the log, not
applied, and shown as a conflict with its reason.

```
draft --send (gate passes)--> sent --accept--> accepted (receiver owns it)
  ^                             |
  |                          return (reason)
  |                             v
  +--------- edit, send ---- returned (sender owns it again)
any open state --cancel (reason)--> cancelled
```

A handler answers None when the event may apply, else (category, reason):
`INVALID` (the event makes no sense here), `NOT_ALLOWED` (not this author, or
not in this state), `BLOCKED` (the gate does not pass). Each handler starts with
its permission (permissions.py: status and author, and who counts as a lead),
which `allowed_actions` (allowed.py) asks too, so what a screen offers is
exactly what a command accepts. What a title, a user name, a reason or a due date
must be is field_rules.py's (a command asks it of typed input too); who may take
over a handoff's next step, reassign_rules.py's.

Deliberately not here, because they read input rather than events: turning typed
text into a value (`values.parse`), tidying a title or reason (whitespace), and
the courtesy checks of `undo` (see Replica.undo). The fold checks a value's type
against its item's kind; whether it is a *good* value (a real date, a reachable
address, long enough) is the gate's question, asked again at every send.
"""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING, Any

from .allowed import ACTIONS, Reason, Viewer, allowed_actions
from .field_rules import VALUE_TYPES, due_problem, judged_at, reason_problem, title_problem, user_problem
from .payloads import EventDict
from .permissions import (
    BLOCKED,
    INVALID,
    NOT_ALLOWED,
    PAYLOAD_FLAG,
    Problem,
    Rule,
    RuleContext,
    may_answer,
    may_cancel,
    may_fill,
    may_recall,
    may_reopen,
    may_send,
    may_unwaive,
    may_upgrade,
    may_waive,
)
from .reassign_rules import reassigned
from .receiver_change import SAME_PERSON, receiver_changed

if TYPE_CHECKING:
    from .projection import HandoffState
    from .template import Item

_MISSING: Any = object()


def _created(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.exists:
        return INVALID, "the handoff already exists"
    payload = event["payload"]
    if not isinstance(payload.get("template"), (dict, str)):
        return INVALID, "no checklist given"
    to = payload.get("to")
    problem = (
        title_problem(payload.get("title"), event["at"] if type(event["at"]) is int else 0)
        or user_problem(to)
        or due_problem(payload.get("due"), judged_at(event))
    )
    if problem:
        return INVALID, problem
    # Named someone a lead had removed by its stamp? It stands: the draft is its sender's, and its writer may not
    # have heard of the removal yet; what they type is kept. Its send is what is refused (receiver_rules.py).
    return (INVALID, SAME_PERSON) if to == event["author"] else None


def _no_item(state: HandoffState, item_id: Any) -> Problem:
    return INVALID, f"the checklist has no item `{item_id}`"


def _named_item(state: HandoffState, item_id: Any) -> Item | None:
    """The checklist item an event names, or None when the payload names none the handoff's checklist has."""
    return state.template.item(item_id) if state.template is not None and isinstance(item_id, str) else None


def _item_set(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    """Most events are values being set: this rule is the fold's hot path, kept to a few dict lookups."""
    payload = event["payload"]
    item_id = payload.get("item")
    template = state.template
    item = template.by_id.get(item_id) if template is not None and type(item_id) is str else None
    if item is None:
        return _no_item(state, item_id)
    problem = may_fill(state, event, ctx)
    if problem is not None:
        return problem
    value = payload.get("value", _MISSING)
    if type(value) not in VALUE_TYPES[item.kind]:
        if value is _MISSING:
            return INVALID, "no value given"
        return INVALID, f"`{item_id}` is a {item.kind} item: {value!r} is not a {item.kind} value"
    return None


def _taking_back(
    state: HandoffState, event: EventDict, ctx: RuleContext, may: Rule, held: Container[str], none: str
) -> Problem:
    """Clearing a value and withdrawing a waiver: the item exists, the author may, and there is something to take back."""
    item_id = event["payload"].get("item")
    if _named_item(state, item_id) is None:
        return _no_item(state, item_id)
    problem = may(state, event, ctx)
    if problem is not None:
        return problem
    return None if item_id in held else (INVALID, f"`{item_id}` {none}")


def _item_cleared(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    return _taking_back(state, event, ctx, may_fill, state.values, "is already empty")


def _waived(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    payload = event["payload"]
    item_id = payload.get("item")
    item = _named_item(state, item_id)
    if item is None:
        return _no_item(state, item_id)
    problem = may_waive(state, event, ctx)
    if problem is not None:
        return problem
    if not item.required:
        return INVALID, f"`{item_id}` is optional: only required items need a waiver"
    if item_id in state.waivers:
        return INVALID, f"`{item_id}` is already waived"
    reason = reason_problem(payload.get("reason"), "waiver")
    return (INVALID, reason) if reason else None


def _unwaived(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    return _taking_back(state, event, ctx, may_unwaive, state.waivers, "is not waived")


def _commented(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    text = event["payload"].get("text")
    return None if isinstance(text, str) and text.strip() else (INVALID, "a comment needs some text")


def _comment_retracted(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    comment = state.comment(event["payload"].get("comment"))
    if comment is None or comment.retracted:
        return INVALID, "no such comment"
    if comment.author != event["author"]:
        return NOT_ALLOWED, "only its author can take a comment back"
    return None


def _send_blocked(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    """A send the gate refused, recorded for the leads' figures (Replica.send writes it when `may_send` says
    BLOCKED): it holds what a send holds but the gate, so only whoever may send the handoff records one, only
    while it is a draft or returned, naming items of its checklist. Before, anyone's was kept, on any handoff:
    a receiver could fill the leads' report with sends that never were. A gate that passes here (a concurrent
    edit filled the item) keeps the record: the attempt was made."""
    problem = may_send(state, event, ctx)
    if problem is not None and problem[0] != BLOCKED:
        return problem
    items = event["payload"].get("items")
    if not isinstance(items, list) or not items:
        return INVALID, "a blocked send names the items that blocked it"
    unknown = next((i for i in items if _named_item(state, i) is None), _MISSING)
    if unknown is not _MISSING:
        return _no_item(state, unknown)
    return None if len(set(items)) == len(items) else (INVALID, "a blocked send names each item once")


def _returned(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    problem = may_answer(state, event, ctx)
    if problem is not None:
        return problem
    reason = reason_problem(event["payload"].get("reason"), "return")
    return (INVALID, reason) if reason else None


def _cancelled(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    problem = may_cancel(state, event, ctx)
    if problem is not None:
        return problem
    reason = reason_problem(event["payload"].get("reason"), "cancellation")
    return (INVALID, reason) if reason else None


def _upgraded(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    problem = may_upgrade(state, event, ctx)
    if problem is not None:
        return problem
    snapshot = event["payload"].get("template")
    current = state.template
    if current is None or not isinstance(snapshot, dict) or snapshot.get("id") != current.id:
        return INVALID, "an upgrade must carry a version of the same checklist"
    if not isinstance(snapshot.get("version"), int) or snapshot["version"] <= current.version:
        return INVALID, f"the handoff is already on {current.id} v{current.version} or newer"
    unknown = ctx.unknown_checklist(snapshot, event)  # the approval a creation meets, judged at this stamp
    return (NOT_ALLOWED, unknown) if unknown else None


RULES: dict[str, Rule] = {
    "created": _created,
    "item_set": _item_set,
    "item_cleared": _item_cleared,
    "waived": _waived,
    "unwaived": _unwaived,
    "commented": _commented,
    "comment_retracted": _comment_retracted,
    "send_blocked": _send_blocked,
    "sent": may_send,
    "recalled": may_recall,
    "accepted": may_answer,
    "returned": _returned,
    "reassigned": reassigned,
    "receiver_changed": receiver_changed,
    "cancelled": _cancelled,
    "reopened": may_reopen,
    "upgraded": _upgraded,
}
"""Every event kind and its handler; a kind not here is refused."""


def check(state: HandoffState, event: EventDict | dict[str, Any], ctx: RuleContext = PAYLOAD_FLAG) -> Problem:
    """None when `event` may apply to `state` (the handoff folded up to the event's stamp); else (category, reason)."""
    kind = event["kind"]
    rule = RULES.get(kind)
    if rule is None:
        return INVALID, f"unknown event kind {kind!r}"
    if not state.exists and rule is not _created:
        return (
            INVALID,
            "its handoff has not arrived yet, or was created after its stamp (is its writer's clock behind?)",
        )
    return rule(state, event, ctx)  # type: ignore[arg-type]


__all__ = [
    "ACTIONS",
    "BLOCKED",
    "INVALID",
    "NOT_ALLOWED",
    "PAYLOAD_FLAG",
    "RULES",
    "Problem",
    "Reason",
    "RuleContext",
    "Viewer",
    "allowed_actions",
    "check",
]
"""The rules' front door: what a command or the fold checks, and (from allowed.py) what a viewer may do."""
