"""What an event's payload may hold, kind by kind: checked wherever an event comes in.

The rules (lifecycle.py) decide whether an event may apply; this decides whether
it is an event at all: every field the fold reads is there and of its type, every
text has a bounded length, every number is finite and every time fits a calendar.
A teammate's segment is checked here line by line before anything reaches the
store (sync/wire.py), and so is every local write (Replica), so nothing a
teammate would refuse is ever written here.

Plain checks on plain dicts, one small function per field (no validation library
per event: an import reads a million of them). A checklist snapshot is checked
once per distinct snapshot (projection.template_of caches it).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from .errors import TemplateError
from .events import ROSTER_KINDS
from .hlc import ABSURD_MS
from .template_snapshot import template_of
from .times import HOUR, MINUTE
from .values import parse_date
from .windows import LONGEST_HOURS

MAX_TEXT = 500_000
"""Characters in one text of a payload (a title, a comment, a reason, an answer)."""
MAX_LINE = 1 << 20
"""Bytes in one event as written on the wire (a checklist snapshot included)."""
MAX_LIST = 1_000
"""Entries in a list of a payload (the items a blocked send names)."""
MAX_AT = 253_402_300_799_999
"""The last millisecond of the year 9999: the latest `at` a calendar can show."""

_IDENT = re.compile(r"[a-z0-9][a-z0-9_-]{0,199}")
_USER = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")
_HEX_ID = re.compile(r"[0-9a-f]{32}")

Check = Callable[[Any], str | None]
"""A field's check: None when the value is fine, else what is wrong with it (`not a text`)."""


def _text(value: Any) -> str | None:
    if type(value) is not str:
        return "not a text"
    return None if len(value) <= MAX_TEXT else f"longer than {MAX_TEXT:,} characters"


def _pattern(regex: re.Pattern[str], what: str) -> Check:
    def check(value: Any) -> str | None:
        return None if type(value) is str and regex.fullmatch(value) else f"not {what}"

    return check


_ITEM_IDS: set[str] = set()
"""Item ids seen valid (a checklist has a few dozen; an import meets each thousands of times)."""


def _item(value: Any) -> str | None:
    if type(value) is str and (value in _ITEM_IDS or (_IDENT.fullmatch(value) and len(_ITEM_IDS) < 4096)):
        _ITEM_IDS.add(value)
        return None
    return None if type(value) is str and _IDENT.fullmatch(value) else "not an item id"


_user = _pattern(_USER, "a user name")
_event_id = _pattern(_HEX_ID, "an event id")


def _flag(value: Any) -> str | None:
    return None if type(value) is bool else "not true or false"


def _answer(value: Any) -> str | None:
    """An item's value: what values.parse makes (a yes/no, a text, a finite number)."""
    kind = type(value)
    if kind is bool:
        return None
    if kind is str:
        return _text(value)
    if kind is int:
        return None if -(2**53) < value < 2**53 else "a number too large"
    if kind is float:
        return None if math.isfinite(value) else "not a finite number"
    return "not a yes/no, a text or a number"


def _due(value: Any) -> str | None:
    if value is None:
        return None
    return None if type(value) is str and len(value) == 10 and parse_date(value) else "not a date (YYYY-MM-DD)"


def _former_holder(value: Any) -> str | None:
    return None if value == "" else _user(value)


def _items(value: Any) -> str | None:
    if type(value) is not list:
        return "not a list"
    if len(value) > MAX_LIST:
        return f"more than {MAX_LIST:,} entries"
    return next((f"entry {i + 1} is {bad}" for i, v in enumerate(value) if (bad := _item(v))), None)


def _vague(value: Any) -> str | None:
    """The vague answers a sender saw when sending: a list of {item, check}."""
    if type(value) is not list:
        return "not a list"
    if len(value) > MAX_LIST:
        return f"more than {MAX_LIST:,} entries"
    for number, entry in enumerate(value, 1):
        if type(entry) is not dict or entry.keys() != {"item", "check"}:
            return f"entry {number} is not an item and a check"
        wrong = _item(entry["item"]) or _check_name(entry["check"])
        if wrong:
            return f"entry {number} is {wrong}"
    return None


def _check_name(value: Any) -> str | None:
    return None if type(value) is str and 0 < len(value) <= 200 else "not a check's name"


def _small_dict(value: Any, key: Check, entry: Check, most: int = MAX_LIST) -> str | None:
    if type(value) is not dict:
        return "not an object"
    if len(value) > most:
        return f"more than {most:,} entries"
    for name, held in value.items():
        wrong = key(name) or entry(held)
        if wrong:
            return f"{json.dumps(name)[1:-1][:40]} is {wrong}"
    return None


def _short(value: Any) -> str | None:
    return None if type(value) is str and len(value) <= 1_000 else "not a short text"


def _word(value: Any) -> str | None:
    """A provenance fact: a short text or a whole number (a time)."""
    return None if type(value) is int and 0 <= value <= MAX_AT else _short(value)


def _route(value: Any) -> str | None:
    """Why a stage picked the receiver (routing.Route.payload): stage, rule, reason."""
    return _small_dict(value, _pattern(re.compile("stage|rule|reason"), "stage, rule or reason"), _short, 3)


def _values(value: Any) -> str | None:
    """Answers a draft starts with, by item."""
    return _small_dict(value, _item, _answer)


def _carried(value: Any) -> str | None:
    """Where each carried answer came from, by item: a few short facts each."""
    return _small_dict(value, _item, lambda facts: _small_dict(facts, _short, _word, 16))


def _chain(value: Any) -> str | None:
    return _small_dict(value, _short, _short, 16)


def _moment(value: Any) -> str | None:
    return None if type(value) is int and 0 <= value <= MAX_AT else "not a time baton can show"


def _version(value: Any) -> str | None:
    return None if type(value) is int and 1 <= value < 2**31 else "not a checklist version"


def _snapshot(value: Any) -> str | None:
    """A `created` event's checklist: a whole, valid template (checked once per distinct snapshot)."""
    if type(value) is not dict and type(value) is not str:
        return "not a checklist"
    try:
        template_of({"template": value})
    except TemplateError as exc:
        return f"not a whole checklist ({exc.problems[0] if exc.problems else exc})"
    except (ValueError, KeyError, TypeError) as exc:  # a text snapshot that is not JSON, or not a checklist
        return f"not a checklist ({type(exc).__name__})"
    return None


FIELDS: dict[str, Check] = {
    "template": _snapshot,
    "title": _text,
    "to": _user,
    "from": _former_holder,
    "due": _due,
    "item": _item,
    "value": _answer,
    "reason": _text,
    "text": _text,
    "comment": _event_id,
    "items": _items,
    "vague": _vague,
    "answer_by": _moment,
    "route": _route,
    "values": _values,
    "carried": _carried,
    "chain": _chain,
    "from_version": _version,
    "undoes": _event_id,
    "as_lead": _flag,
}
"""Every payload field any kind has, and its check."""

_UNDO_LEAD = ("undoes", "as_lead")
SHAPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "created": (("template", "title", "to"), ("due", "route", "values", "carried", "chain")),
    "item_set": (("item", "value"), _UNDO_LEAD),
    "item_cleared": (("item",), _UNDO_LEAD),
    "waived": (("item", "reason"), ("as_lead",)),
    "unwaived": (("item",), _UNDO_LEAD),
    "commented": (("text",), ()),
    "comment_retracted": (("comment",), ("undoes",)),
    "send_blocked": (("items",), ()),
    "sent": ((), ("vague", "answer_by")),
    "recalled": ((), ("undoes",)),
    "accepted": ((), ()),
    "returned": (("reason",), ()),
    "reassigned": (("to",), ("from", *_UNDO_LEAD)),
    "receiver_changed": (("to", "from"), _UNDO_LEAD),
    "cancelled": (("reason",), _UNDO_LEAD),
    "reopened": ((), _UNDO_LEAD),
    "upgraded": (("template", "from_version"), ("as_lead",)),
}
"""Per kind: the fields it must have, and those it may have (as core/replica.py writes them).

A field not named here is not taken: nothing would read it, and an event is
taken whole or not at all. It is the one problem a newer baton may explain (a
field it added), so such an event waits for an upgrade instead of being dropped."""


_CHECKS: dict[str, tuple[frozenset[str], dict[str, Check]]] = {
    kind: (frozenset(required), {name: FIELDS[name] for name in required + optional})
    for kind, (required, optional) in SHAPES.items()
}
"""Per kind: its required fields, and the check of every field it may have (built once)."""


def payload_problem(kind: str, payload: dict[str, Any]) -> tuple[str, bool] | None:
    """What is wrong with a payload of this kind (`payload.item: not an item id`), and whether a
    newer baton may read it (an unknown field); None when nothing is."""
    shape = _CHECKS.get(kind)
    if shape is None:
        if kind in ROSTER_KINDS:
            return None  # the roster checks its own events field by field, at their place (team/roster.py)
        return f"no payload shape known for a {kind!r} event (written by a newer baton?)", True
    required, checks = shape
    if not payload.keys() >= required:
        missing = sorted(required - payload.keys())[0]
        return f"payload.{missing}: missing ({kind} events need it)", False
    for name, value in payload.items():
        check = checks.get(name)
        if check is None:
            shown = json.dumps(name)[1:-1][:40]
            return f"payload.{shown}: not a field of {kind} events (written by a newer baton?)", True
        problem = check(value)
        if problem is not None:
            return f"payload.{name}: {problem}", False
    return None


def at_problem(at: Any) -> str | None:
    """What is wrong with an event's wall time, or None: a whole number of ms from 1970 to the year 9999."""
    if type(at) is not int:
        return "at: not a whole number of milliseconds"
    return None if 0 <= at <= MAX_AT else "at: time out of range (before 1970 or after the year 9999)"


def stamp_problem(hlc: str, replica: str) -> str | None:
    """Why an event's clock stamp is not its own, or None: a stamp (`<ms>-<counter>-<replica>`) names the
    replica that took it, which is the event's own. The replica id breaks ties between stamps, so an event
    stamped with a teammate's id would sort where their own events sit and win a tie against them (an accept
    stamped exactly like the lead's reassignment it raced). Asked of every line an import reads (sync/wire.py),
    of a stamp already in the form baton writes, and of every stored event by `baton doctor` (checkup.py)."""
    if hlc[22:] == replica:  # (an import asks this of every line: one slice, one comparison)
        return None
    return "hlc: its clock stamp names another replica than the event's own"


_LONGEST_WINDOW = LONGEST_HOURS * HOUR


def times_problem(kind: str, at: Any, hlc: str, payload: dict[str, Any]) -> str | None:
    """What is wrong with an event's times, or None: its wall time, that time against its own clock stamp, and a
    send's deadline against the send.

    A writer reads its wall clock (`at`) right after stamping, and a stamp is never behind the wall clock it was
    taken from: an `at` more than 30 days after its stamp is forged. One far before its stamp is taken: that is
    also what a device whose clock was reset (a dead clock battery: 1970) writes, after its clock had seen later
    stamps, and refusing it would lose that person's work on every other copy. A send records the deadline its
    checklist's window sets from the send: not before the send (a minute allowed between the two clock reads)
    and no further than the longest window a checklist may set. Asked of every line an import reads
    (sync/wire.py), not of a local write: local writes are never refused.
    """
    if type(at) is not int or not 0 <= at <= MAX_AT:
        return at_problem(at)
    stamp = int(hlc[:16])  # (an import asks this of every line: a few comparisons, no call)
    if at > stamp + ABSURD_MS:
        return "at: more than 30 days after its own clock stamp (a forged or broken time)"
    deadline = payload.get("answer_by") if kind == "sent" else None
    if type(deadline) is int and not at - MINUTE <= deadline <= at + _LONGEST_WINDOW:
        far = "before the send" if deadline < at else f"more than {LONGEST_HOURS:,} hours after the send"
        return f"payload.answer_by: {far} (no checklist sets such a deadline)"
    return None
