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
exactly what a command accepts.

Deliberately not here, because they read input rather than events: turning typed
text into a value (`values.parse`), tidying a title or reason (whitespace), and
the courtesy checks of `undo` (see Replica.undo). The fold checks a value's type
against its item's kind; whether it is a *good* value (a real date, a reachable
address, long enough) is the gate's question, asked again at every send.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from typing import TYPE_CHECKING, Any

from .allowed import ACTIONS, Reason, Viewer, allowed_actions
from .config import USER_PATTERN
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
    may_reassign,
    may_recall,
    may_reopen,
    may_send,
    may_upgrade,
    may_waive,
)
from .statuses import EDITABLE
from .terminal_text import has_control
from .values import parse_date

if TYPE_CHECKING:
    from .projection import HandoffState
    from .template import Item

TITLE_MIN = 3
TITLE_MAX = 200
"""A title names the work in one line of a queue; a page of text belongs in an item."""
TITLE_MAX_SINCE = 1_796_083_200_000
"""2026-12-01 00:00 UTC: creations written from then on meet the length limit in the fold (see DUE_RULE_SINCE)."""
_USER = re.compile(USER_PATTERN)
_MISSING: Any = object()
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
    if type(name) is str:
        if name in _GOOD_WORDS:
            return None
        if _USER.match(name):
            _remember(name)
            return None
    return f"invalid user name {name!r}: use lowercase letters, digits, '.', '_' or '-' (at most 32)"


def reason_rule(what: str) -> str:
    """What a reason for a `what` (return, cancellation, waiver) needs, in words (said before and on a refusal)."""
    return f"a {what} needs a reason of at least two words that the other person can act on"


def reason_problem(text: object, what: str) -> str | None:
    """A reason people can act on: at least two words, not a shrug. None when `text` is one."""
    words = str(text or "").split()
    if len(words) < 2 or len(" ".join(words)) < 6:
        return reason_rule(what)
    return None


def title_problem(title: object, at: int | None = None) -> str | None:
    """Why `title` is no title; the length limit holds for a command (`at` None) and events written since it."""
    if not isinstance(title, str) or len(title.strip()) < TITLE_MIN:
        return f"a title needs at least {TITLE_MIN} characters"
    if len(title.strip()) > TITLE_MAX and (at is None or at >= TITLE_MAX_SINCE):
        return f"a title can hold at most {TITLE_MAX} characters (this one has {len(title.strip())}): put the rest in an item"
    if has_control(title):
        return "a title cannot hold control characters (an escape sequence, a line break, a tab)"
    return None


def due_problem(due: object, at: int | None = None, tz: str | None = None) -> str | None:
    """Why `due` is no due date for a handoff created at `at` (UTC ms); None when it is one.

    A due date is a day in the form YYYY-MM-DD that is not over yet. "Over" is judged
    at `at` (the event's own time, never the reader's clock, so every replica agrees):
    in zone `tz` when given (a command knows its author's zone, so yesterday is refused),
    else only once the day is over everywhere on Earth (its last hour, UTC-12, has ended):
    an event from a teammate is never refused for a day that was still today where they
    were. Whatever a command accepts, every replica accepts.
    """
    if due is None:
        return None
    if type(due) is not str or (due not in _GOOD_WORDS and parse_date(due) is None):
        from .values import date_problem

        return f"due date {due!r} is {date_problem(due) if isinstance(due, str) else 'not in the form YYYY-MM-DD'}"
    _remember(due)
    if at is None:
        return None
    today = _today(at, tz)
    if today is not None and due < today:
        return f"due date {due} is in the past (today is {today}): give today or a later day"
    return None


def _today(at: int, tz: str | None) -> str | None:
    """The date at `at` in `tz`, or where it is earliest (UTC-12) without one; None when no calendar holds `at`."""
    from .timezones import local

    moment = local(at, tz) if tz else local(at - _EARLIEST_OFFSET_MS, "UTC")
    return None if moment is None else moment.strftime("%Y-%m-%d")


_EARLIEST_OFFSET_MS = 12 * 3_600_000
"""The last place a day ends is 12 hours behind UTC (Baker Island, UTC-12)."""

DUE_RULE_SINCE = 1_796_083_200_000
"""2026-12-01 00:00 UTC: creations written from then on meet the past-due rule in the fold.

Earlier ones were written when any date was taken; refusing them now would make handoffs a
replica already showed vanish when it folds its history again (a store moved to a new layout,
a handoff re-folded after a new event). Judged by the event's own time, so every replica agrees.
"""


def _judged_at(event: EventDict) -> int | None:
    """When a creation's due date is judged: its own time, or never for one written before the rule."""
    at = event["at"]
    return at if type(at) is int and at >= DUE_RULE_SINCE else None


_GOOD_WORDS: set[object] = set()
"""User names and due dates already found good: a team has few, and the fold meets them in every creation."""


def _remember(word: str) -> None:
    if len(_GOOD_WORDS) > 10_000:
        _GOOD_WORDS.clear()
    _GOOD_WORDS.add(word)


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
        or due_problem(payload.get("due"), _judged_at(event))
    )
    if problem:
        return INVALID, problem
    if to == event["author"]:
        return INVALID, "the receiver must be someone else: a handoff moves work between two people"
    return None


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
    if type(value) not in _VALUE_TYPES[item.kind]:
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
    return _taking_back(state, event, ctx, may_waive, state.waivers, "is not waived")


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
    problem = may_answer(state, event, ctx)
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
    problem = may_reassign(state, event, ctx)
    if problem is not None:
        return problem
    was = event["payload"].get("from")  # whose step it moved as its writer saw it: moved since, it is another's
    if isinstance(was, str) and was != state.next_actor:  # (say a sender's draft, after a recall)
        return NOT_ALLOWED, f"the next step moved from {was or 'nobody'} to {state.next_actor or 'nobody'} meanwhile"
    named = user_problem(to)
    if named:
        return INVALID, named
    target = reassign_target_problem(state, to)
    return (INVALID, target) if target else None


def reassign_target_problem(state: HandoffState, to: str) -> str | None:
    """Why `to` cannot take over the next step: they have it already, or they are the other party."""
    if to == state.next_actor:
        return f"{to} already has it"
    editable = state.status in EDITABLE
    if to == (state.receiver if editable else state.sender):
        role = "receiver" if editable else "sender"
        return f"{to} is the {role}: sender and receiver must be two people"
    return None


def reassign_targets(state: HandoffState, people: Iterable[str]) -> list[str]:
    """Of `people`, those who could take over the next step (what the app offers to pick from)."""
    return [p for p in people if reassign_target_problem(state, p) is None]


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
    return None


def value_fits(kind: str, value: Any) -> bool:
    """Whether a stored value has the type `values.parse` gives an item of this kind (a draft's starting values)."""
    return type(value) in _VALUE_TYPES.get(kind, ())


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
    "reassigned": _reassigned,
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
        return INVALID, "arrived before the handoff it belongs to"
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
