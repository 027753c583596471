"""Time zones: checking names, guessing the system's, and showing times to people.

Everything is stored in UTC milliseconds; it is shown in the viewer's zone.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidValue
from .times import MINUTE, OUT_OF_RANGE, utc


def zone(name: str) -> ZoneInfo:
    """The zone called `name`; InvalidValue when there is none, naming the zone it is one slip from, if any."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError):
        meant = meant_zone(name)
        hint = f"did you mean {meant}?" if meant else "use a name like Europe/Berlin or America/New_York"
        raise InvalidValue(f"unknown time zone {name!r} ({hint})") from None


_ZONE_AREAS = """
    Africa America Antarctica Arctic Asia Atlantic Australia Brazil CET CST6CDT Canada Chile Cuba EET EST EST5EDT
    Egypt Eire Etc Europe Factory GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich HST Hongkong Iceland Indian Iran Israel
    Jamaica Japan Kwajalein Libya MET MST MST7MDT Mexico NZ NZ-CHAT Navajo PRC PST8PDT Pacific Poland Portugal ROC
    ROK Singapore Turkey UCT US UTC Universal W-SU WET Zulu
    """
ZONE_AREAS = frozenset(_ZONE_AREAS.split())
"""The first part of every zone name of the tz database (2025): its areas (`Europe`) and its one-part names
(`UTC`). The database adds places inside areas, never a new area."""
_ZONE = re.compile(r"([A-Za-z][A-Za-z0-9_+-]{0,31})(?:/[A-Za-z0-9_+-]{1,32}){0,2}")


def zone_problem(value: object) -> str | None:
    """Why a zone in a signed roster event is not a zone's name, or None.

    Judged by its shape (an area of the tz database, then up to two places) and never by this machine's zone
    data, which differs between machines: every replica judges it the same. `Mars/Olympus` is refused
    everywhere; a well-formed zone a machine does not know (one added to the database since) is kept and shown
    there as UTC (`known_zone`). `team set --tz` asks it too, so the command writes no zone the roster refuses.
    """
    found = _ZONE.fullmatch(value) if isinstance(value, str) else None
    if found is not None and found[1] in ZONE_AREAS:
        return None
    return "tz: not a time zone's name like Europe/Berlin or America/New_York"


def meant_zone(name: str) -> str | None:
    """The zone `name` is probably a typo of (`Europe/Lndon`, `europe/london`): the refusal names it, since the
    example zones alone left a person to find how theirs is spelt."""
    from difflib import get_close_matches  # only on a refusal: not loaded by every command
    from zoneinfo import available_timezones

    known = sorted(available_timezones())
    typed = name.strip().lower().replace(" ", "_")
    folded = {z.lower(): z for z in known}
    if typed in folded:
        return folded[typed]
    cities = [z for z in known if z.lower().rsplit("/", 1)[-1] == typed]  # "Berlin": Europe/Berlin
    if len(cities) == 1:
        return cities[0]
    close = get_close_matches(name.strip(), known, n=1, cutoff=0.8)
    return close[0] if close else None


def known_zone(name: object) -> bool:
    """Whether this machine's zone data knows `name` (a teammate's unknown zone is shown as UTC, never a failure:
    zone data differs between machines, so the roster keeps the name and each reader falls back)."""
    if not isinstance(name, str) or not name:
        return False
    try:
        zone(name)
    except InvalidValue:
        return False
    return True


def guess_system_zone() -> str:
    """The system's IANA zone name, or UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                ZoneInfo(name)
                return name
            except (ZoneInfoNotFoundError, ValueError, IsADirectoryError):
                continue
    return "UTC"


_UNKNOWN_CLOCK = "--:--"


def to_local(ms: int, tz: str) -> datetime:
    """The moment in zone `tz`; ValueError/OverflowError for a time no calendar holds, as datetime raises."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(ZoneInfo(tz))


def local(ms: object, tz: str) -> datetime | None:
    """The moment `ms` in zone `tz` (UTC when the zone is unknown here); None when no calendar can show it."""
    moment = utc(ms)
    if moment is None:
        return None
    try:
        return moment.astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError, TypeError, IsADirectoryError, OSError):
        return moment
    except OverflowError:
        return None


def format_time(ms: int | None, tz: str) -> str:
    """`2026-11-21 14:05` in the viewer's zone; empty for no time, `time out of range` for one no calendar holds."""
    if ms is None:
        return ""
    moment = local(ms, tz)
    return OUT_OF_RANGE if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def local_clock(tz: str, now_ms: int) -> str:
    """`14:05` — what the clock on someone's wall says now (`--:--` when it cannot be told)."""
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError, IsADirectoryError, OSError):
        return _UNKNOWN_CLOCK
    moment = local(now_ms, tz)
    return _UNKNOWN_CLOCK if moment is None else moment.strftime("%H:%M")


def format_age(ms: int) -> str:
    """A duration as people say it: `45m`, `3h`, `2d` (`?` for one that is not a number)."""
    try:
        minutes = int(max(0, ms) // MINUTE)
    except (TypeError, ValueError, OverflowError):
        return "?"
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 48:
        return f"{hours}h"
    return f"{hours // 24}d"


def format_ago(ms: int) -> str:
    """How long ago, as people say it: `just now` under a minute ("0m ago" reads as a fault), else `12m ago`."""
    age = format_age(ms)
    return "just now" if age == "0m" else f"{age} ago"
