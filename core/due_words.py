"""Due dates as people say them: `today`, `tomorrow`, `friday`, `3d`, `2w`, `next week`, `eow`, `eom`.

A sender types the day they mean in their own calendar, and the handoff keeps the
day it resolves to (YYYY-MM-DD), so a receiver in another zone, a later reader and
every replica see the same date: nothing relative is ever stored. A text that is none
of these words is left as typed for `field_rules.due_problem` to judge (and explain).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .timezones import local

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

WORDS_HINT = "YYYY-MM-DD, today, tomorrow, a weekday (fri), 3d, 2w, in 3 days, next week, eow or eom"
"""What the due field accepts, for help texts and messages."""

_AHEAD = re.compile(r"\+?(\d{1,3})\s*(d|days?|w|weeks?)")
_IN = re.compile(r"in\s+(\d{1,3})\s*(d|days?|w|weeks?)")


def resolve_due(text: str | None, now_ms: int, tz: str) -> str | None:
    """The YYYY-MM-DD that `text` names, counted from today in zone `tz` at `now_ms`; `text` as given when
    it is no such word (a date, or something `due_problem` will refuse), without the spaces around it."""
    if text is None:
        return None
    word = " ".join(text.strip().lower().split())
    moment = local(now_ms, tz)
    if not word or moment is None:
        return text
    day = _day_for(word, moment.date())
    return text.strip() if day is None else day.isoformat()  # " 2026-12-10 " is that day, stored bare


def _day_for(word: str, today: date) -> date | None:
    """The day `word` names from `today`; None when it names none."""
    if word in ("today", "tod"):
        return today
    if word in ("tomorrow", "tom", "tmr"):
        return today + timedelta(days=1)
    if word in ("eow", "end of week"):  # the working week's last day: this Friday, or next when it is past
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if word == "next week":
        return today + timedelta(days=7)
    if word in ("eom", "end of month"):
        following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        return following - timedelta(days=1)
    found = _AHEAD.fullmatch(word) or _IN.fullmatch(word)
    if found:
        amount = int(found.group(1))
        return today + timedelta(days=amount * (7 if found.group(2).startswith("w") else 1))
    for number, name in enumerate(WEEKDAYS):  # "next friday" is no form: this Friday or the one after? refused
        if len(word) >= 3 and name.startswith(word):  # the next such day: never today, never in the past
            return today + timedelta(days=(number - today.weekday() - 1) % 7 + 1)
    return None


def due_said(day: str) -> str:
    """`due Fri 2026-12-04`: the day a handoff keeps, with its weekday, said back to whoever typed `fri` or `2w`."""
    return f"due {date.fromisoformat(day):%a} {day}"


def chosen_due(text: str | None, now_ms: int, tz: str) -> str | None:
    """`due Fri 2026-12-04` for the day `text` names (as `resolve_due` reads it); None when it names none."""
    day = resolve_due(text, now_ms, tz)
    if day is None or len(day) != 10:
        return None
    try:
        return due_said(day)
    except ValueError:
        return None
