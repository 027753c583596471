"""Working hours, public holidays and days away: when a teammate can answer.

A handoff sent at 17:55 on a Friday in Berlin should not look late to someone in
Sydney on Saturday morning. Each member says when they work in their own zone
(default Monday to Friday 09:00 to 17:00), optionally a country or region whose
public holidays they keep (the `holidays` package), and the days they are away.

Everything here is pure: times go in and out as UTC milliseconds, and local days
are found through the member's zone, so a daylight-saving change moves the hours
with the wall clock (09:00 stays 09:00 local) and an hour of work is always an hour.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .day_words import date_words
from .errors import InvalidValue
from .holiday_countries import COUNTRIES

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOUR_MS = 3_600_000
SEARCH_DAYS = 800
"""How far ahead working time is looked for before a member counts as never available."""

_SHIFT = r"(?:(?P<days>[a-z]{3}(?:\s*[-,]\s*[a-z]{3})*)\s+)?(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})"
_PART = re.compile(_SHIFT)
_PLAIN = re.sub(r"\?P<\w+>", "?:", _SHIFT)
_HOURS = re.compile(rf"^\s*{_PLAIN}(?:\s*[;,]\s*{_PLAIN})*\s*$")
NIGHT_SHIFT_HOURS = 14
"""The longest shift that ends the next day: `17:00-09:00` is far likelier a slip for `09:00-17:00`."""
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES


@dataclass(frozen=True)
class Shift:
    """Hours worked on some weekdays; one that ends at or before its start ends the next day (a night shift).

    Start and end are minutes after midnight, so the end of a day worked to midnight is kept as it is typed,
    `24:00` (1,440): a `time` cannot hold it, and 23:59:59.999 lost the day's last moment (and left a gap
    between one full day and the next)."""

    days: frozenset[int]
    """Weekdays it starts on, 0 = Monday."""
    start: int
    """Minutes after midnight, 0 to 1,439."""
    end: int
    """Minutes after midnight, 0 to 1,440 (`24:00`: the end of the start day)."""

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def minutes(self) -> tuple[int, int]:
        """Start and end as minutes from the start day's midnight (the end past 1,440 for a night shift)."""
        return self.start, self.end + (DAY_MINUTES if self.overnight else 0)

    def __str__(self) -> str:
        return f"{_clock_text(self.start)}-{_clock_text(self.end)}"


@dataclass(frozen=True)
class WorkingHours:
    """When someone works, in their own zone: one or more shifts, each on some days of the week."""

    shifts: tuple[Shift, ...]

    @property
    def days(self) -> frozenset[int]:
        """Weekdays some shift starts on, 0 = Monday."""
        return frozenset().union(*(shift.days for shift in self.shifts))

    @classmethod
    def parse(cls, text: str) -> WorkingHours:
        """Read `mon-fri 09:00-17:30`, `mon,wed,fri 08:00-12:00`, several shifts (`mon-fri 09:00-12:00,
        13:00-17:00` keeps the days; `mon-thu 09:00-17:00; fri 09:00-13:00`) or a night shift
        (`sun-thu 22:00-06:00`); InvalidValue names what is wrong."""
        lowered = text.strip().lower()
        if not _HOURS.match(lowered):
            raise InvalidValue(
                f"working hours {text!r} are not like `mon-fri 09:00-17:00` (several shifts: "
                "`mon-fri 09:00-12:00, 13:00-17:00`)"
            )
        shifts: list[Shift] = []
        days: set[int] = set()
        for match in _PART.finditer(lowered):
            if match["days"]:
                days = _days(match["days"], text)
            elif not shifts:
                raise InvalidValue(f"working hours {text!r}: say the days first, like mon-fri 09:00-17:00")
            shift = Shift(frozenset(days), _clock(match["start"], text), _clock(match["end"], text, end=True))
            start, end = shift.minutes()
            if shift.start == shift.end:
                raise InvalidValue(f"working hours {text!r}: {shift} has no length")
            if end - start > NIGHT_SHIFT_HOURS * 60 and shift.overnight:
                meant = (  # 09:00-00:00 is a day worked to midnight; 17:00-09:00 a day typed backwards
                    f"{_clock_text(shift.start)}-24:00"
                    if shift.end == 0
                    else f"{_clock_text(shift.end)}-{_clock_text(shift.start)}"
                )
                raise InvalidValue(
                    f"working hours {text!r}: {shift} would end the next day after {(end - start) // 60} hours; a "
                    f"shift past midnight is at most {NIGHT_SHIFT_HOURS} hours (did you mean {meant}?)"
                )
            shifts.append(shift)
        hours = cls(tuple(shifts))
        hours._refuse_overlaps(text)
        return hours

    def _refuse_overlaps(self, text: str) -> None:
        """Two shifts covering the same minute would count it twice in every working-hours window."""
        spans: list[tuple[int, int, Shift]] = []
        for shift in self.shifts:
            start, end = shift.minutes()
            for day in shift.days:
                a, b = day * 1440 + start, day * 1440 + end
                spans += [(a, min(b, WEEK_MINUTES), shift)] + (
                    [(0, b - WEEK_MINUTES, shift)] if b > WEEK_MINUTES else []
                )
        spans.sort(key=lambda span: span[:2])
        for (_, end, first), (start, _, second) in zip(spans, spans[1:], strict=False):
            if start < end:
                said = (f"{_days_text(shift.days)} {shift}" for shift in (first, second))
                raise InvalidValue(f"working hours {text!r}: {' and '.join(said)} overlap")

    def __str__(self) -> str:
        parts: list[str] = []
        days: frozenset[int] | None = None
        for shift in self.shifts:
            parts.append(str(shift) if shift.days == days else f"{_days_text(shift.days)} {shift}")
            days = shift.days
        return ", ".join(parts)


def _days(text: str, whole: str) -> set[int]:
    days: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise InvalidValue(f"working hours {whole!r}: {part!r} is not a day or range like mon-fri")
        a, b = DAYS.index(first), DAYS.index(last or first)
        days.update(DAYS.index(d) % 7 for d in (DAYS * 2)[a : (b if b >= a else b + 7) + 1])
    return days


def _clock(text: str, whole: str, end: bool = False) -> int:
    """A time of day as minutes after midnight; `24:00` only as an end (the end of the day, 1,440)."""
    hour, minute = (int(p) for p in text.split(":"))
    if hour == 24 and minute == 0:
        if end:
            return DAY_MINUTES
        raise InvalidValue(f"working hours {whole!r}: 24:00 ends a day; a shift from midnight starts at 00:00")
    if hour > 23 or minute > 59:
        raise InvalidValue(f"working hours {whole!r}: {text} is not a time of day")
    return hour * 60 + minute


def _clock_text(minutes: int) -> str:
    """Minutes after midnight as `HH:MM`; the end of the day as `24:00`."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days_text(days: frozenset[int]) -> str:
    """Runs of consecutive days as ranges: `mon-fri`, `mon,wed,fri`."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == 6:  # sun-thu: a run across the week's end
        runs = [runs[-1] + runs[0], *runs[1:-1]]
    return ",".join(DAYS[r[0]] if len(r) == 1 else f"{DAYS[r[0]]}-{DAYS[r[-1]]}" for r in runs)


DEFAULT_HOURS = WorkingHours.parse("mon-fri 09:00-17:00")


MAX_AWAY_REASON = 200
"""Characters of why someone is away: printed in every note about the absence, in every teammate's terminal; the
roster counts a longer one as not given (team/changes.py), as it does a name past its limit."""


@dataclass(frozen=True)
class Away:
    """Days someone is away, both ends included, in their own calendar."""

    start: date
    end: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def words(self) -> str:
        """`away until Thu 1 Jan (winter break)`: what every note about the absence says, the reason when given;
        the year too when the last day is not in the year the absence starts (`until Fri 31 Dec 9999`)."""
        why = f" ({self.reason})" if self.reason else ""
        return f"away until {date_words(self.end, self.start)}{why}"

    def days_words(self, today: date) -> str:
        """`away from Tue 30 Mar to Wed 31 Mar (family matter)`: days still to come, both ends said (a year not
        `today`'s too)."""
        why = f" ({self.reason})" if self.reason else ""
        return f"away from {date_words(self.start, today)} to {date_words(self.end, today)}{why}"


NO_REGION = "none"
"""What `--holidays` takes for no public holidays (as before any was set): a region set wrongly, or left
behind by a move to another country, is cleared with it."""

REGION = re.compile(r"^[A-Z]{2,3}(?:-[A-Z0-9]{1,16})?$")
"""The shape of every region `check_region` gives back (`DE`, `DE-BE`, `US-CA`)."""


def region_setting(text: str) -> str:
    """What `--holidays TEXT` keeps: a region the `holidays` package knows (check_region), or "" for none
    (`none`, or nothing); InvalidValue for anything else, before anything is written."""
    if text.strip().lower() in ("", NO_REGION):
        return ""
    region = check_region(text)
    wrong = region_problem(region)  # a country a newer package adds, that the roster of a teammate refuses
    if wrong is not None:
        raise InvalidValue(wrong)
    return region


def region_problem(value: object) -> str | None:
    """Why a signed roster event's `holidays` is neither a region nor a clearing ("" or null), or None.

    Judged by its shape and a fixed list of countries (holiday_countries.py), so every replica judges it the
    same whatever version of the `holidays` package it has (`XX` names no country anywhere); a well-formed
    subdivision a replica's package does not know counts as none there (members.py)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and REGION.fullmatch(value) and value.partition("-")[0] in COUNTRIES:
        return None
    return f"holidays: not a public-holiday region like DE or US-CA, nor {NO_REGION!r}"


def check_region(region: str) -> str:
    """A holidays region like `DE`, `DE-BE` or `US-CA`; InvalidValue when the package does not know it."""
    import holidays

    country, _, subdiv = region.strip().upper().partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise InvalidValue(f"unknown holidays country {country!r} (use a code like DE, FR, US, or DE-BE)")
    if subdiv and subdiv not in supported[country]:
        raise InvalidValue(
            f"{country} has no region {subdiv!r} for holidays (known: {', '.join(supported[country][:12])}…)"
        )
    return f"{country}-{subdiv}" if subdiv else country


NAMES_IN = "en_US"
"""Holidays are named in English, as everything baton says is: left to the package, a name came in the country's
own language on one machine and in English on another (which translations it finds varies)."""


@lru_cache(maxsize=64)
def _calendar(region: str, year: int) -> dict[date, str]:
    """`region`'s public holidays in `year`, with their names: built once per region and year (routing asks
    for every member on every handoff, `stage` and `team set` for their names)."""
    import holidays

    country, _, subdiv = region.partition("-")
    days = holidays.country_holidays(country, subdiv=subdiv or None, years=year, language=NAMES_IN)
    return {day: str(name) for day, name in days.items()}


def next_holidays(region: str, today: date, count: int = 3) -> list[tuple[date, str]]:
    """The next `count` public holidays of `region` from `today` on, with their names: what someone who just set
    a region reads to see it is the calendar they meant (`DE` keeps no Berlin-only day; `DE-BE` does)."""
    days = {**_calendar(region, today.year), **_calendar(region, today.year + 1)}
    return sorted((day, name) for day, name in days.items() if day >= today)[:count]


def holiday_on(region: str | None, day: date) -> bool:
    return bool(region) and day in _calendar(str(region), day.year)


def holiday_name(region: str, day: date) -> str:
    """The name of `region`'s public holiday on `day` (`Good Friday`), for words saying why someone is off."""
    return _calendar(region, day.year).get(day) or "public holiday"


@dataclass(frozen=True)
class Member:
    """What routing and windows need to know about one teammate."""

    user: str
    tz: str = "UTC"
    stages: tuple[str, ...] = ()
    hours: WorkingHours = DEFAULT_HOURS
    holidays: str | None = None
    """Country or region whose public holidays the member keeps, e.g. `DE-BE`."""
    away: tuple[Away, ...] = field(default_factory=tuple)
    display_name: str = ""

    @property
    def name(self) -> str:
        return self.display_name or self.user

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def away_on(self, day: date) -> Away | None:
        return next((a for a in self.away if a.covers(day)), None)

    def works_on(self, day: date) -> bool:
        """A working day: a weekday they work, not a public holiday, not a day away."""
        return day.weekday() in self.hours.days and not holiday_on(self.holidays, day) and self.away_on(day) is None

    def spans(self, day: date) -> list[tuple[int, int]]:
        """The shifts starting on a local day as UTC milliseconds (start, end), in order; a night shift ends
        the next day. A holiday or a day away is the day a shift starts on."""
        if not self.works_on(day):
            return []
        zone = self.zone()
        found = []
        for shift in self.hours.shifts:
            if day.weekday() in shift.days:
                start, end = (_wall(day, minutes, zone) for minutes in shift.minutes())
                span = int(start.timestamp() * 1000), int(end.timestamp() * 1000)
                if span[1] > span[0]:  # 02:00-03:00 on the night the clocks skip that hour: nothing to work
                    found.append(span)
        return sorted(found)

    def local_day(self, ms: int) -> date:
        return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(self.zone()).date()

    def spans_from(self, ms: int) -> Iterator[tuple[int, int]]:
        """The member's working spans that end after `ms`, in order (clipped to start at `ms` at the earliest)."""
        day = self.local_day(ms) - timedelta(days=1)
        for _ in range(SEARCH_DAYS):
            for start, end in self.spans(day):
                if end > ms:
                    yield max(start, ms), end
            day += timedelta(days=1)

    def working_at(self, ms: int) -> bool:
        return self.next_start(ms) == ms

    def next_start(self, ms: int) -> int | None:
        """`ms` when the member is working then, else when their next working span starts; None when never."""
        for start, _end in self.spans_from(ms):
            return start
        return None

    def away_at(self, ms: int) -> Away | None:
        return self.away_on(self.local_day(ms))

    def off_words(self, ms: int) -> str:
        """`off now: Good Friday, a public holiday in BR; back Mon 29 Mar 09:00 their time`: why someone who is
        not away is not at work at `ms`, and when they are back, so a weekday morning reading "off" is explained."""
        day = self.local_day(ms)
        said = "off now"
        if self.holidays and holiday_on(self.holidays, day):
            said += f": {holiday_name(self.holidays, day)}, a public holiday in {self.holidays}"
        back = self.next_start(ms)
        if back is not None:
            at = datetime.fromtimestamp(back / 1000, tz=UTC).astimezone(self.zone())
            said += f"; back {date_words(at.date(), day)} {at:%H:%M} their time"
        return said

    def add_working(self, ms: int, duration_ms: int) -> int | None:
        """The moment `duration_ms` of this member's working time has passed after `ms`; None when never."""
        left = duration_ms
        for start, end in self.spans_from(ms):
            if left <= end - start:
                return start + left
            left -= end - start
        return None

    def working_ms_between(self, start_ms: int, end_ms: int) -> int:
        """How much of this member's working time lies between two moments."""
        total = 0
        for start, end in self.spans_from(start_ms):
            if start >= end_ms:
                break
            total += min(end, end_ms) - start
        return total


def _wall(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """The moment `minutes` after the start of local `day` reads on the wall clock (1,440 and past: the next
    day's clock), so 09:00 stays 09:00 across a daylight-saving change and 24:00 is the next midnight."""
    days, left = divmod(minutes, DAY_MINUTES)
    return datetime.combine(day + timedelta(days=days), time(left // 60, left % 60), tzinfo=zone).astimezone(UTC)
