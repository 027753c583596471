"""Teammates' availability: the stages they receive for, their hours, holidays and days away.

Once a team is founded these are roster data (signed `member_set` and
`member_away` events, team/roster.py), the same on every replica. A replica from
before teams keeps them in its teammate profiles (the `profiles` table beside
`teammates`). This module is the one place that reads either into `Member`s, so
routing and windows never care where the data came from. How a stage picks
(its rule) is a signed `stage_rule` roster event too, or `stage_rules` here before teams.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .due_words import WORDS_HINT, resolve_due
from .errors import InvalidValue, NotFound
from .hours import DEFAULT_HOURS, MAX_AWAY_REASON, Away, Member, WorkingHours, check_region, region_setting
from .routing import RULES, StageRule
from .store import Store
from .timezones import known_zone

if TYPE_CHECKING:
    from .replica import Replica

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS profiles (user TEXT PRIMARY KEY, stages TEXT NOT NULL DEFAULT '[]', "
    "hours TEXT, holidays TEXT, away TEXT NOT NULL DEFAULT '[]')",
    "CREATE TABLE IF NOT EXISTS stage_rules (stage TEXT PRIMARY KEY, rule TEXT NOT NULL, owner TEXT)",
)


def _ready(store: Store) -> sqlite3.Connection:
    for statement in SCHEMA:
        store.conn.execute(statement)
    return store.conn


def members(store: Store) -> list[Member]:
    """Every teammate routing may pick, by user: the team's roster once a team is founded (signed, and
    the same on every replica), else this replica's teammate profiles (defaults where they say nothing)."""
    roster = store.roster()
    if roster.founded:
        return from_roster(roster.members(), store.teammates())
    conn = _ready(store)
    mates = store.teammates()
    profiles = {row["user"]: row for row in conn.execute("SELECT * FROM profiles")}
    found = []
    for user in sorted(set(mates) | set(profiles)):
        mate, profile = mates.get(user), profiles.get(user)
        member = Member(user, tz=mate["tz"] if mate else "UTC", display_name=mate["display_name"] if mate else "")
        if profile is not None:
            member = replace(
                member,
                stages=tuple(json.loads(profile["stages"])),
                hours=WorkingHours.parse(profile["hours"]) if profile["hours"] else DEFAULT_HOURS,
                holidays=profile["holidays"] or None,
                away=tuple(
                    Away(date.fromisoformat(a["from"]), date.fromisoformat(a["to"]), a.get("reason", ""))
                    for a in json.loads(profile["away"])
                ),
            )
        found.append(member)
    return found


def from_roster(entries: Iterable[Any], teammates: dict[str, dict[str, Any]]) -> list[Member]:
    """Roster members (user, name, stages, hours, holidays, tz, away as (first, last) day pairs) as `Member`s.

    A value the roster holds but this version cannot read (hours in another form, an
    unknown holidays region) falls back to the default rather than hiding the person.
    """
    found = []
    for entry in entries:
        mate = teammates.get(entry.user) or {}
        try:
            hours = WorkingHours.parse(entry.hours) if entry.hours else DEFAULT_HOURS
        except InvalidValue:
            hours = DEFAULT_HOURS
        try:
            region = check_region(entry.holidays) if entry.holidays else None
        except InvalidValue:
            region = None
        away = []
        for first, last, *why in entry.away:  # (first, last, reason): team/roster.py's DaysAway
            try:
                away.append(Away(date.fromisoformat(first), date.fromisoformat(last), why[0] if why else ""))
            except ValueError:
                continue
        found.append(
            Member(
                entry.user,
                tz=next((str(z) for z in (entry.tz, mate.get("tz")) if known_zone(z)), "UTC"),
                stages=tuple(entry.stages),
                hours=hours,
                holidays=region,
                away=tuple(away),
                display_name=entry.name or mate.get("display_name", ""),
            )
        )
    return sorted(found, key=lambda m: m.user)


def member(store: Store, user: str) -> Member | None:
    return next((m for m in members(store) if m.user == user), None)


def _profile(conn: sqlite3.Connection, user: str) -> dict[str, str | None]:
    row = conn.execute("SELECT * FROM profiles WHERE user = ?", (user,)).fetchone()
    return dict(row) if row else {"user": user, "stages": "[]", "hours": None, "holidays": None, "away": "[]"}


def _save(conn: sqlite3.Connection, profile: dict[str, str | None]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO profiles (user, stages, hours, holidays, away) VALUES (:user,:stages,:hours,:holidays,:away)",
        profile,
    )


def set_profile(
    store: Store,
    user: str,
    stages: list[str] | None = None,
    hours: str | None = None,
    holidays: str | None = None,
) -> Member:
    """Change what is given (the rest stays); every value is checked before anything is written."""
    from .template import stage_problem

    wrong = next((p for p in map(stage_problem, stages or []) if p), None)
    if wrong:
        raise InvalidValue(wrong)
    clean_hours = str(WorkingHours.parse(hours)) if hours is not None else None
    clean_region = region_setting(holidays) if holidays else None
    with store.lock, store.writing():
        conn = _ready(store)
        profile = _profile(conn, user)
        if stages is not None:
            profile["stages"] = json.dumps(sorted(set(stages)))
        if clean_hours is not None:
            profile["hours"] = clean_hours
        if clean_region is not None:
            profile["holidays"] = clean_region or None
        _save(conn, profile)
    found = member(store, user)
    assert found is not None
    return found


def check_known(store: Store, user: str, me: str) -> None:
    """Before a team: days away are recorded for someone this copy knows (NotFound otherwise, naming who it does);
    once there is a team, its roster refuses anyone not on it (team/membership.py)."""
    from .config import check_user

    check_user(user)
    known = {m.user for m in members(store)} | {me}
    if user not in known:
        from .near_miss import closest

        meant = closest(user, known)
        hint = f"did you mean {meant}?" if meant else f"teammates here: {', '.join(sorted(known))}"
        raise NotFound(f"no teammate named {user!r}: {hint}")


FIELD_WORDS = ("--from", "--to")
"""How the first and the last day away are named to the person: the command's options (the app names its fields)."""


def away_problem(start: date, end: date, now: int, words: tuple[str, str] = FIELD_WORDS) -> str | None:
    """Why days away cannot be recorded, or None: an end before the start, or days that are over everywhere
    (routing and working-hours windows only look ahead, so past days would change nothing, silently)."""
    first, last = words
    if end < start:
        return f"{last} {end} is before {first} {start}"
    from .timezones import local

    earliest = local(now - 12 * 3_600_000, "UTC")  # the last place a day ends is 12 hours behind UTC
    if earliest is not None and end < earliest.date():
        # not "today is …": the day still under way somewhere is a day behind most people's today
        return f"{last} {end} is in the past everywhere: record days away from today on"
    return None


def away_reason(text: str) -> str:
    """Why someone is away, as teammates will read it: on one line, its spaces, tabs and line breaks made single
    spaces; InvalidValue for any other control character (an escape sequence), refused like one in a name: the
    reason is printed in every teammate's terminal, and every replica's roster counts a reason that holds one as
    not given (team/changes.py)."""
    from .terminal_text import has_control

    said = " ".join(text.split())
    if has_control(said):
        raise InvalidValue("a reason cannot hold control characters (an escape sequence, a bell)")
    if len(said) > MAX_AWAY_REASON:
        raise InvalidValue(f"a reason for days away can hold at most {MAX_AWAY_REASON} characters")
    return said


def away_day(replica: Replica, who: str, text: str) -> str:
    """The YYYY-MM-DD a day away typed as people say it names (`tomorrow`, `fri`, `2w`: due_words.py), counted in
    `who`'s own calendar, not the calendar of whoever records it; anything else as typed (stripped), for
    `check_away` to refuse. `baton away`, `baton team away` and the app's days-away fields all read days here."""
    with replica.store.lock:
        theirs = None if who == replica.user else member(replica.store, who)  # the roster's zone, else sync's
    return resolve_due(text, replica.wall(), theirs.tz if theirs else replica.config.tz) or text


def check_away(start: str, end: str, now: int, cancel: bool = False, words: tuple[str, str] = FIELD_WORDS) -> None:
    """Refuse (InvalidValue) days away given as text that are over everywhere, or that end before they start
    (taking days away back, `cancel`, is always fine)."""
    if cancel:
        return
    from .values import parse_date

    first, last = parse_date(start), parse_date(end)
    if first is None or last is None:  # a day the calendar lacks (2026-02-30) would be kept and never count
        name, text = (words[0], start) if first is None else (words[1], end)
        raise InvalidValue(f"{name} {text!r} is not a day (use {WORDS_HINT})", field=name)
    problem = away_problem(first, last, now, words)
    if problem is not None:  # days over are the last day's fault; which of the two is wrong in a reversed pair, not
        raise InvalidValue(problem, field=words[1] if last >= first else None)


def add_away(store: Store, user: str, start: date, end: date, reason: str = "") -> Away:
    """Record days away (both ends included); refuses an end before the start."""
    if end < start:
        raise InvalidValue(f"--to {end} is before --from {start}")
    away = Away(start, end, away_reason(reason))
    with store.lock, store.writing():
        conn = _ready(store)
        profile = _profile(conn, user)
        periods = json.loads(profile["away"] or "[]")
        check_no_overlap(user, start.isoformat(), end.isoformat(), ((p["from"], p["to"]) for p in periods))
        periods = [p for p in periods if (p["from"], p["to"]) != (start.isoformat(), end.isoformat())]
        periods.append({"from": start.isoformat(), "to": end.isoformat(), "reason": away.reason})
        profile["away"] = json.dumps(sorted(periods, key=lambda a: (a["from"], a["to"])))
        _save(conn, profile)
    return away


def check_no_overlap(user: str, start: str, end: str, spells: Iterable[tuple[str, str]]) -> None:
    """Refuse (InvalidValue) days away that overlap a spell recorded for other dates (the same dates again only
    take the new reason). Both were kept and listed, and taking one back left the person away all the same."""
    for first, last in spells:
        if (first, last) != (start, end) and first <= end and start <= last:
            whole = f"{min(first, start)} to {max(last, end)}"
            raise InvalidValue(
                f"{user} is already away {first} to {last}, which overlaps {start} to {end}: take those days back "
                f"first (--cancel) and record {whole}, or record days that do not overlap"
            )


def unknown_spell(user: str, start: str, end: str, spells: Iterable[tuple[str, str]]) -> str:
    """Why days away cannot be taken back: no spell of `user`'s runs from `start` to `end`; the ones that do."""
    recorded = ", ".join(f"{first} to {last}" for first, last in spells)
    return f"{user} has no days away from {start} to {end} to take back " + (
        f"(recorded: {recorded})" if recorded else "(none are recorded)"
    )


def remove_away(store: Store, user: str, start: str, end: str) -> None:
    """Before teams: take back a spell of days away recorded on this replica, whole, by its first and last day;
    NotFound, changing nothing, when no spell runs from `start` to `end`."""
    with store.lock, store.writing():
        conn = _ready(store)
        profile = _profile(conn, user)
        periods = json.loads(profile["away"] or "[]")
        kept = [p for p in periods if (p["from"], p["to"]) != (start, end)]
        if len(kept) == len(periods):
            raise NotFound(unknown_spell(user, start, end, ((p["from"], p["to"]) for p in periods)))
        profile["away"] = json.dumps(kept)
        _save(conn, profile)


def cancel_away(replica: Replica, user: str, start: str, end: str) -> None:
    """Take back days away (`baton away --cancel`, `team away --cancel`, the team screen's dialog): in the roster
    once a team exists (team/membership.py `away`, which refuses an unknown spell the same way), else here."""
    if replica.store.roster().founded:
        from .team.membership import away

        away(replica, user, start, end, cancel=True)
    else:
        remove_away(replica.store, user, start, end)


def stage_rule(store: Store, stage: str) -> StageRule:
    """How a stage picks its receiver; `working-hours` unless a lead said otherwise (in the roster once a
    team is founded, else on this replica)."""
    roster = store.roster()
    if roster.founded:
        rule, owner = roster.stage_rules.get(stage, ("working-hours", None))
        return StageRule(rule, owner)
    row = _ready(store).execute("SELECT rule, owner FROM stage_rules WHERE stage = ?", (stage,)).fetchone()
    return StageRule(row["rule"], row["owner"]) if row else StageRule()


def set_stage_rule(
    store: Store, stage: str, rule: str, owner: str | None = None, check_only: bool = False
) -> StageRule:
    """Before teams: how a stage routes, on this replica (`check_only`: just check the words)."""
    from .template import stage_problem

    problem = stage_problem(stage)
    if problem:
        raise InvalidValue(problem)
    if rule not in RULES:
        raise InvalidValue(f"unknown routing rule {rule!r}: use {', '.join(RULES)}")
    if rule == "owner" and not owner:
        raise InvalidValue("the owner rule needs --owner USER: the one teammate who takes every handoff to the stage")
    if rule != "owner" and owner:
        raise InvalidValue(f"--owner goes only with --rule owner: {rule} picks among the stage's members")
    if owner:
        _owner_receives(store, stage, owner)
    if check_only:
        return StageRule(rule, owner)
    with store.lock, store.writing():
        _ready(store).execute(
            "INSERT OR REPLACE INTO stage_rules (stage, rule, owner) VALUES (?,?,?)", (stage, rule, owner)
        )
    return StageRule(rule, owner)


def _owner_receives(store: Store, stage: str, owner: str) -> None:
    """A triage owner who does not receive for the stage would be passed over on every handoff (routing.py):
    refused before anything is written, with the `team set` that gives them the stage and keeps their others."""
    person = next((m for m in members(store) if m.user == owner), None)
    if person is not None and stage in person.stages:
        return
    if person is None:
        raise InvalidValue(f"{owner} is no teammate who receives for {stage}: name one who does")
    keep = " ".join(f"--stage {s}" for s in (*person.stages, stage))
    raise InvalidValue(
        f"{owner} does not receive for {stage}, so routing would pass them over: "
        f"give them the stage first (`baton team set {owner} {keep}`)"
    )


def not_answering(store: Store, users: list[str], now_ms: int) -> dict[str, str]:
    """Per user who will not answer now, why: away at `now_ms` in their own calendar, said as an absence is
    (`away until Wed 31 Mar (family matter)`), or removed from the team (what waits on them waits for a lead to
    reassign it: receiver_rules.py `reassign_words`, as `show` and the report say it). `remind` says it beside what waits on them, so a lead does not chase someone who is off or gone."""
    wanted = set(users)
    said: dict[str, str] = {}
    for person in members(store):
        gone = person.away_at(now_ms) if person.user in wanted else None
        if gone is not None:
            said[person.user] = gone.words()
    roster = store.roster() if store.meta("team") else None  # no team: nobody removed, no roster read
    if roster is not None and roster.founded:
        for user in sorted(wanted):
            removed = roster.removed(user)
            if removed is not None:
                from .receiver_rules import reassign_words

                said[user] = reassign_words(user, removed[1], "what waits on them")
    return said
