"""What a title, a user name, a reason, a due date and an answer must be: the checks of an event's content.

A command asks them of what a person typed, before anything is written (drafts.py,
replica.py), and the rules (rules.py) ask them again of every event at its place
in clock order, so the fold and the command say the same words. They look at one
value each, never at a handoff's state: who may do what is permissions.py's, and
when, rules.py's.
"""

from __future__ import annotations

import re
from typing import Any

from .config import USER_PATTERN
from .payloads import EventDict
from .terminal_text import has_control
from .values import parse_date

TITLE_MIN = 3
TITLE_MAX = 200
"""A title names the work in one line of a queue; a page of text belongs in an item."""
TITLE_MAX_SINCE = 1_796_083_200_000
"""2026-12-01 00:00 UTC: creations written from then on meet the length limit in the fold (see DUE_RULE_SINCE)."""
_USER = re.compile(USER_PATTERN)
VALUE_TYPES: dict[str, tuple[type, ...]] = {
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
        if _USER.fullmatch(name):  # fullmatch: `$` alone takes a name ending in a newline
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


def judged_at(event: EventDict) -> int | None:
    """When a creation's due date is judged: its own time, or never for one written before the rule."""
    at = event["at"]
    return at if type(at) is int and at >= DUE_RULE_SINCE else None


_GOOD_WORDS: set[object] = set()
"""User names and due dates already found good: a team has few, and the fold meets them in every creation."""


def _remember(word: str) -> None:
    if len(_GOOD_WORDS) > 10_000:
        _GOOD_WORDS.clear()
    _GOOD_WORDS.add(word)


def value_fits(kind: str, value: Any) -> bool:
    """Whether a stored value has the type `values.parse` gives an item of this kind (a draft's starting values)."""
    return type(value) in VALUE_TYPES.get(kind, ())
