"""Acceptance windows: how long a receiver has to answer, on the wall clock or in their working hours.

A template says `accept_within = "24h"` (wall clock, as `accept_within_hours` always
did) or `accept_within = "8 working hours"` (the receiver's hours, public holidays
and days away). The deadline itself is computed in one place, deadlines.py.
"""

from __future__ import annotations

import re

from .errors import InvalidValue
from .record import record
from .times import HOUR as HOUR_MS

_WINDOW = re.compile(
    r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<working>working\s+)?(?P<unit>h|hours?|d|days?|m|min|minutes?)\s*$", re.I
)
_UNIT_HOURS = {"h": 1.0, "d": 24.0, "m": 1 / 60}
LONGEST_HOURS = 87_600
"""The longest acceptance window a checklist may set (ten years), in hours: a deadline a send records lies
no further after it (a working-hours window that finds too few working hours ahead counts wall-clock hours)."""
LONGEST_WORKING_HOURS = 2_000
"""The longest window in working hours a checklist may set: about a working year (50 weeks of 40 hours).
The deadline is searched in the receiver's calendar 800 days ahead (hours.SEARCH_DAYS), which holds it for
a full-time week; a longer one would silently be counted on the wall clock instead (deadlines.send_answer_by)."""


@record(frozen=True)
class Window:
    """A length of time to answer in, and whether it counts only the receiver's working hours."""

    hours: float
    working: bool = False

    @classmethod
    def parse(cls, text: str) -> Window:
        """`24h`, `36 hours`, `2d`, `8 working hours`; InvalidValue otherwise."""
        match = _WINDOW.match(text)
        if not match:
            raise InvalidValue(f"acceptance window {text!r} is not like `24h` or `8 working hours`")
        unit = match["unit"].lower()[0]
        working = bool(match["working"])
        if working and unit != "h":
            raise InvalidValue(f"acceptance window {text!r}: count working time in hours, e.g. `16 working hours`")
        hours = float(match["n"]) * _UNIT_HOURS[unit]
        if hours <= 0:
            raise InvalidValue(f"acceptance window {text!r} must be longer than zero")
        return cls(hours, working)

    @property
    def ms(self) -> int:
        return round(self.hours * HOUR_MS)

    def __str__(self) -> str:
        return f"{self.hours:g} working hours" if self.working else f"{self.hours:g}h"


def in_both_zones(moment: int, viewer_tz: str, other: str = "", other_tz: str = "", *, now: int) -> str:
    """`Tue 11:00 your time, 17:00 for Priya`: a moment as the viewer and the other person read their clocks at
    `now` (UTC ms); a day more than six days off says its date, and its year when not this year's (day_words.py)."""
    from .day_words import day_words
    from .timezones import to_local

    mine = to_local(moment, viewer_tz)
    text = f"{day_words(mine.date(), to_local(now, viewer_tz).date())} {mine:%H:%M} your time"
    if other and other_tz and other_tz != viewer_tz:
        theirs = to_local(moment, other_tz)
        day = "" if theirs.date() == mine.date() else f"{day_words(theirs.date(), to_local(now, other_tz).date())} "
        text += f", {day}{theirs:%H:%M} for {other}"
    return text
