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
its permission (`_may_*`: status and author), which `allowed_actions` asks too,
so what a screen offers is exactly what a command accepts.

Whether the author counts as a lead is one question, `RuleContext.is_lead`,
asked of the event at its place in clock order. Handlers only ask it when the
answer matters (the author is not the sender, receiver or whoever holds the
step), so the fold seldom pays for it.

Deliberately not here, because they read input rather than events: turning typed
text into a value (`values.parse`), tidying a title or reason (whitespace), and
the courtesy checks of `undo` (see Replica.undo). The fold checks a value's type
against its item's kind; whether it is a *good* value (a real date, a reachable
address, long enough) is the gate's question, asked again at every send.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from .config import USER_PATTERN
from .gate import gate
from .payloads import LEAD_KINDS, EventDict
from .statuses import EDITABLE, OPEN
from .values import parse_date

if TYPE_CHECKING:
    from .projection import HandoffState

INVALID: Final = "invalid"
NOT_ALLOWED: Final = "not_allowed"
BLOCKED: Final = "blocked"

Problem = tuple[str, str] | None
"""None when the event may apply; else (category, reason)."""


class RuleContext:
    """What the rules know beyond the handoff's own events: who is a lead.

    Today the event itself says so (`as_lead`, written by a lead's replica). The
    team roster replaces this with the roster's answer at the event's stamp;
    nothing else in the rules changes.
    """

    __slots__ = ()

    def is_lead(self, event: EventDict | dict[str, Any]) -> bool:
        """Whether the event's author acts as a lead at the event's place in clock order."""
        return bool(event["payload"].get("as_lead"))


PAYLOAD_FLAG: Final = RuleContext()
"""The context the fold and the commands use unless given another (one object, made once)."""

TITLE_MIN = 3
_USER = re.compile(USER_PATTERN)
_VALUE_TYPES: dict[str, tuple[type, ...]] = {
    "check": (bool,),
    "text": (str,),
    "date": (str,),
    "url": (str,),
    "choice": (str,),
    "number": (int, float),
}
"""What `values.parse` stores for each item kind (`type(value) in ...`: a bool is no number)."""


def user_problem(name: object) -> str | None:
    """Why `name` is not a user name (lowercase letters, digits, `.`, `_`, `-`, at most 32); None when it is."""
    if isinstance(name, str) and _USER.match(name):
        return None
    return f"invalid user name {name!r}: use lowercase letters, digits, '.', '_' or '-' (at most 32)"


def reason_problem(text: object, what: str) -> str | None:
    """A reason people can act on: at least two words, not a shrug. None when `text` is one."""
    words = str(text or "").split()
    if len(words) < 2 or len(" ".join(words)) < 6:
        return f"a {what} needs a reason of at least two words that the other person can act on"
    return None


def title_problem(title: object) -> str | None:
    if not isinstance(title, str) or len(title.strip()) < TITLE_MIN:
        return f"a title needs at least {TITLE_MIN} characters"
    return None


def due_problem(due: object) -> str | None:
    if due is None or (isinstance(due, str) and parse_date(due) is not None):
        return None
    from .values import date_problem

    return f"due date {due!r} is {date_problem(due) if isinstance(due, str) else 'not in the form YYYY-MM-DD'}"


# ---- permissions: status and author (shared with allowed_actions) ---------------


def _may_fill(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status not in EDITABLE:
        return NOT_ALLOWED, f"the handoff is {state.status}: only a draft or returned handoff can change"
    if event["author"] != state.sender and not ctx.is_lead(event):
        return NOT_ALLOWED, f"only {state.sender} (the sender) or a lead can fill this checklist"
    return None


def _may_waive(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status not in EDITABLE:
        return NOT_ALLOWED, f"the handoff is {state.status}: only a draft or returned handoff can change"
    if not ctx.is_lead(event):
        return NOT_ALLOWED, "only a lead can waive an item"
    return None


def _may_comment(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    return None


def _may_send(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status not in EDITABLE:
        return NOT_ALLOWED, f"the handoff is {state.status}: only a draft or returned handoff can be sent"
    if event["author"] != state.sender:
        return NOT_ALLOWED, f"only {state.sender} (the sender) can send it"
    if state.template is None:
        return INVALID, "the handoff has no checklist"
    # A promised date is judged at the send's own time (the same on every replica); a probe without one, at
    # the handoff's last change.
    blockers = gate(state.template, state.values, frozenset(state.waivers), event["at"] or state.judged_at)
    if blockers:
        listed = ", ".join(f"{b.item_id} ({b.reason})" for b in blockers)
        return BLOCKED, f"the gate did not pass: {listed}"
    return None


def _may_recall(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status != "sent":
        return NOT_ALLOWED, f"the handoff is {state.status}: only a sent handoff can be recalled"
    if event["author"] != state.sender:
        return NOT_ALLOWED, f"only {state.sender} (the sender) can recall it"
    return None


def _may_answer(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    kind = event["kind"]
    if state.status != "sent":
        return NOT_ALLOWED, f"the handoff is {state.status}: only a sent handoff can be {kind}"
    if event["author"] != state.receiver:
        verb = "accept" if kind == "accepted" else "return"
        return NOT_ALLOWED, f"only {state.receiver} (the receiver) can {verb} it"
    return None


def _may_reassign(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status == "cancelled":
        return NOT_ALLOWED, "the handoff is cancelled"
    if event["author"] != state.next_actor and not ctx.is_lead(event) and not _takes_back(state, event):
        return NOT_ALLOWED, f"only {state.next_actor} (whose turn it is) or a lead can reassign it"
    return None


def _may_cancel(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status not in OPEN:
        return NOT_ALLOWED, f"the handoff is {state.status}: only an open handoff can be cancelled"
    if event["author"] != state.sender and not ctx.is_lead(event):
        return NOT_ALLOWED, f"only {state.sender} (the sender) or a lead can cancel it"
    return None


def _may_reopen(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status != "cancelled":
        return NOT_ALLOWED, f"the handoff is {state.status}, not cancelled"
    if event["author"] != state.cancelled_by and not ctx.is_lead(event):
        return NOT_ALLOWED, "only who cancelled it or a lead can reopen it"
    return None


def _takes_back(state: HandoffState, event: EventDict) -> bool:
    """An undo of your own reassignment, while the next step still sits with the person you gave it to."""
    undone = event["payload"].get("undoes")
    return bool(undone) and any(
        e["id"] == undone
        and e["kind"] == "reassigned"
        and e["author"] == event["author"]
        and e["payload"].get("to") == state.next_actor
        for e in state.applied
    )


# ---- one handler per kind -----------------------------------------------------


def _created(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.exists:
        return INVALID, "the handoff already exists"
    payload = event["payload"]
    if not isinstance(payload.get("template"), (dict, str)):
        return INVALID, "no checklist given"
    to = payload.get("to")
    problem = title_problem(payload.get("title")) or user_problem(to) or due_problem(payload.get("due"))
    if problem:
        return INVALID, problem
    if to == event["author"]:
        return INVALID, "the receiver must be someone else: a handoff moves work between two people"
    return None


def _no_item(state: HandoffState, item_id: Any) -> Problem:
    return INVALID, f"the checklist has no item `{item_id}`"


def _item_set(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    payload = event["payload"]
    item_id = payload.get("item")
    item = state.template.item(item_id) if state.template is not None and isinstance(item_id, str) else None
    if item is None:
        return _no_item(state, item_id)
    problem = _may_fill(state, event, ctx)
    if problem is not None:
        return problem
    if "value" not in payload:
        return INVALID, "no value given"
    if type(payload["value"]) not in _VALUE_TYPES.get(item.kind, ()):
        return INVALID, f"`{item_id}` is a {item.kind} item: {payload['value']!r} is not a {item.kind} value"
    return None


def _item_cleared(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    item_id = event["payload"].get("item")
    if state.template is None or not isinstance(item_id, str) or state.template.item(item_id) is None:
        return _no_item(state, item_id)
    problem = _may_fill(state, event, ctx)
    if problem is not None:
        return problem
    if item_id not in state.values:
        return INVALID, f"`{item_id}` is already empty"
    return None


def _waived(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    payload = event["payload"]
    item_id = payload.get("item")
    item = state.template.item(item_id) if state.template is not None and isinstance(item_id, str) else None
    if item is None:
        return _no_item(state, item_id)
    problem = _may_waive(state, event, ctx)
    if problem is not None:
        return problem
    if not item.required:
        return INVALID, f"`{item_id}` is optional: only required items need a waiver"
    if item_id in state.waivers:
        return INVALID, f"`{item_id}` is already waived"
    reason = reason_problem(payload.get("reason"), "waiver")
    return (INVALID, reason) if reason else None


def _unwaived(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    item_id = event["payload"].get("item")
    if state.template is None or not isinstance(item_id, str) or state.template.item(item_id) is None:
        return _no_item(state, item_id)
    problem = _may_waive(state, event, ctx)
    if problem is not None:
        return problem
    if item_id not in state.waivers:
        return INVALID, f"`{item_id}` is not waived"
    return None


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
    """A refused send, recorded for the leads' figures: it changes no state, so anyone's is kept."""
    return None


def _returned(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    problem = _may_answer(state, event, ctx)
    if problem is not None:
        return problem
    reason = reason_problem(event["payload"].get("reason"), "return")
    return (INVALID, reason) if reason else None


def _reassigned(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    to = event["payload"].get("to")
    if state.status == "cancelled":
        return NOT_ALLOWED, "the handoff is cancelled"
    if not isinstance(to, str) or not to:
        return INVALID, "no one to reassign to"
    problem = _may_reassign(state, event, ctx)
    if problem is not None:
        return problem
    named = user_problem(to)
    if named:
        return INVALID, named
    if to == state.next_actor:
        return INVALID, f"{to} already has it"
    editable = state.status in EDITABLE
    if to == (state.receiver if editable else state.sender):
        role = "receiver" if editable else "sender"
        return INVALID, f"{to} is the {role}: sender and receiver must be two people"
    return None


def _cancelled(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    problem = _may_cancel(state, event, ctx)
    if problem is not None:
        return problem
    reason = reason_problem(event["payload"].get("reason"), "cancellation")
    return (INVALID, reason) if reason else None


Rule = Callable[["HandoffState", EventDict, RuleContext], Problem]

RULES: dict[str, Rule] = {
    "created": _created,
    "item_set": _item_set,
    "item_cleared": _item_cleared,
    "waived": _waived,
    "unwaived": _unwaived,
    "commented": _commented,
    "comment_retracted": _comment_retracted,
    "send_blocked": _send_blocked,
    "sent": _may_send,
    "recalled": _may_recall,
    "accepted": _may_answer,
    "returned": _returned,
    "reassigned": _reassigned,
    "cancelled": _cancelled,
    "reopened": _may_reopen,
}
"""Every event kind and its handler; a kind not here is refused."""


def check(state: HandoffState, event: EventDict | dict[str, Any], ctx: RuleContext = PAYLOAD_FLAG) -> Problem:
    """None when `event` may apply to `state` (the handoff folded up to the event's stamp); else (category, reason)."""
    kind = event["kind"]
    rule = RULES.get(kind)
    if rule is None:
        return INVALID, f"unknown event kind {kind!r}"
    if not state.exists and rule is not _created:
        return INVALID, "arrived before the handoff it belongs to"
    return rule(state, event, ctx)  # type: ignore[arg-type]


# ---- what a viewer may do now ---------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their user name and whether their replica acts as a lead."""

    user: str
    lead: bool = False


ACTIONS: dict[str, tuple[str, Rule]] = {
    "edit": ("item_set", _may_fill),
    "waive": ("waived", _may_waive),
    "comment": ("commented", _may_comment),
    "send": ("sent", _may_send),
    "accept": ("accepted", _may_answer),
    "return": ("returned", _may_answer),
    "reassign": ("reassigned", _may_reassign),
    "cancel": ("cancelled", _may_cancel),
}
"""What a person can ask to do with a handoff, the event kind it writes, and its permission."""

LATER: Final = "9999999999999999-9999-ffffffffffffffff"
"""A stamp after every real one: the place of a change the viewer would make now."""


def allowed_actions(state: HandoffState, viewer: Viewer, ctx: RuleContext = PAYLOAD_FLAG) -> dict[str, str | None]:
    """For each action (ACTIONS order): None when `viewer` may do it now, else why not, in words.

    The same permission the command's rule starts with, on the event the command
    would write (as a lead's replica writes it), so an action is offered exactly
    when the command would accept it with good input. `send` says why while the
    gate holds it (the app shows the button, disabled); `waive` needs a required
    item that is not waived yet.
    """
    answers: dict[str, str | None] = {}
    for action, (kind, permission) in ACTIONS.items():
        if not state.exists:
            answers[action] = "the handoff does not exist"
            continue
        payload: dict[str, Any] = {"as_lead": True} if viewer.lead and kind in LEAD_KINDS else {}
        probe: EventDict = {
            "id": "",
            "handoff": state.id,
            "kind": kind,
            "hlc": LATER,
            "at": 0,
            "author": viewer.user,
            "replica": "",
            "payload": payload,
        }
        problem = permission(state, probe, ctx)
        if problem is None and action == "waive" and not _waivable(state):
            problem = INVALID, "every required item is waived already"
        answers[action] = None if problem is None else problem[1]
    return answers


def _waivable(state: HandoffState) -> bool:
    template = state.template
    return template is not None and any(i.required and i.id not in state.waivers for i in template.items)
