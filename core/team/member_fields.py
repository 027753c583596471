"""What a roster change about a person may carry, checked before it is signed.

One check of a person's name, zone, working hours and holidays (`field_problem`)
serves the command and the roster: `team set` refuses a bad value in one line
before anything is signed, and every replica's roster (changes.py) refuses a
signed `member_set` carrying one (the change is not applied, as with a bad role
or stage), so what the command refuses cannot arrive through sync instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InvalidValue
from ..hours import WorkingHours, region_problem, region_setting
from ..template import stage_problem
from ..terminal_text import has_control
from ..timezones import zone, zone_problem

if TYPE_CHECKING:
    from ..replica import Replica
    from .invite import Invite
    from .roster import Roster

CHANGES = "give --role, --stage, --hours, --holidays, --tz or --name"
"""The changes a person's details take, as the command line names them."""


def checked_stages(stages: list[str] | None) -> list[str]:
    """The stages given, each a stage name (an empty or blank one is refused, not kept as a stage nobody has)."""
    for stage in stages or []:
        problem = stage_problem(stage)
        if problem:
            raise InvalidValue(problem)
    return list(dict.fromkeys(stages or []))


MAX_NAME = 100
"""Characters of a person's name: the roster counts a longer one as not given (changes.py), as the folder's
replica.json reader cuts one (every listing prints it whole)."""


def checked_name(name: str) -> str:
    """A person's name as teammates see it: some text, on one line, without control characters."""
    if has_control(name):
        raise InvalidValue("a name cannot hold control characters (an escape sequence, a line break, a tab)")
    if not name.strip():
        raise InvalidValue("a name needs some text")
    if len(name.strip()) > MAX_NAME:
        raise InvalidValue(f"a name can hold at most {MAX_NAME} characters")
    return " ".join(name.split())


def name_key(name: str) -> str:
    """What a name reads as, for telling two apart: the same letters whatever their case, width or compatibility
    form (Unicode NFKC with case folding, as Unicode's caseless matching does it), without the characters that
    print as nothing (a zero-width space), spaces collapsed. "Cat", "CAT", "ｃａｔ" and "Cat\u200b" are one name.

    Latin and Cyrillic look-alikes ("Саt" with a Cyrillic С) stay apart: the confusables tables that would join
    them change between library versions, and two copies judging a rename differently would hold two rosters for
    good. NFKC and case folding are stable for every character Unicode 14 (Python 3.11's) assigns."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join("".join(c for c in folded if unicodedata.category(c) != "Cf").split())


def name_taken(
    roster: Roster, user: str, name: object, at: str | None = None, now: int | None = None, looks: bool = False
) -> str | None:
    """Why `user` may not go by `name` on the team at stamp `at` and wall time `now` (None: now), or None:
    another current member goes by it, or has it as their user name, or it is the user name of someone a pending
    invitation names, so "routed to Cat" would not say which person. The roster's rule (changes.py: a
    `member_set` naming it is not applied, a join's name counts as not given) and the commands (`team set
    --name`, a join) ask it alike; the roster's clock order settles two renames to one name made at once on two
    copies: the later one is refused on every copy. The commands also pass `looks`: a name that only reads like
    another on screen ("Lеna" with a Cyrillic е) is refused too (look_alike.py; the fold leaves that out)."""
    if not isinstance(name, str) or not name.strip():
        return None
    key = name_key(name)
    if key == name_key(user):  # one's own user name is one's own: no teammate goes by it rightly
        return None

    def same(other: str) -> str | None:
        """None when `other` is told apart from `name`, else how the refusal says why."""
        if name_key(other) == key:
            return ""
        from .look_alike import reads_like

        return " (the two read the same on screen)" if looks and reads_like(name, other) else None

    for member in roster.members(at):
        if member.user == user:
            continue
        if (why := same(member.name)) is not None:
            return f"name: {member.user} already goes by {member.name}{why}: choose a name no teammate goes by"
        if (why := same(member.user)) is not None:
            return f"name: {member.user} is a teammate's user name{why}: choose a name no teammate goes by"
    for invite in _pending(roster, at, now):
        if invite.user != user and (why := same(invite.user)) is not None:
            return (
                f"name: {invite.user} is the user name of someone invited to the team (by {invite.by}){why}: choose "
                "a name no teammate goes by"
            )
    return None


def _pending(roster: Roster, at: str | None, now: int | None) -> list[Invite]:
    """The invitations that keep their person's user name at stamp `at` and wall time `now` (None: not known):
    those pending then, but a second device's. In the fold the roster holds what came before `at` in clock order,
    and expiry is read off the earlier of the stamp and the event's own wall time, as a join's expiry is read off
    its wall time: a teammate's clock running days ahead lifts everyone's stamps, and must not free a name while
    the invitation's code still works. Both are in the event, so every copy judges a rename alike."""
    moments = ([int(at[:16])] if at is not None else []) + ([now] if now is not None else [])
    if not moments:
        from ..hlc import now_ms

        moments = [now_ms()]
    return [invite for invite in roster.pending_invites(min(moments), at) if not invite.device]


def checked_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The fields of a `member_set` given (None: not given), each as the fold will read it; InvalidValue names
    the first that no replica would apply."""
    fields = {k: v for k, v in changes.items() if v is not None}
    if not fields:
        raise InvalidValue(f"nothing to change: {CHANGES}")
    if "stages" in fields:
        fields["stages"] = checked_stages(fields["stages"])
    if "hours" in fields:  # working hours and holidays are read by routing and windows (hours.py)
        fields["hours"] = str(WorkingHours.parse(fields["hours"]))
    if "holidays" in fields:  # `none` clears it: "" in the signed event, as every replica's roster reads it
        fields["holidays"] = region_setting(fields["holidays"])
    if "tz" in fields:
        zone(fields["tz"])
        _refuse(field_problem("tz", fields["tz"]))  # a zone this machine knows but no roster takes (`posix/…`)
    if "name" in fields:
        fields["name"] = checked_name(fields["name"])
    for name, value in fields.items():
        _refuse(field_problem(name, value))  # what the command keeps, every replica's roster applies
    return fields


def _refuse(problem: str | None) -> None:
    if problem is not None:
        raise InvalidValue(problem)


def field_problem(name: str, value: Any) -> str | None:
    """Why a person's name, zone, working hours or holidays in a signed roster event is not one `team set`
    would write, or None (any other field: None). The roster's rule (changes.py) and the command's ask it alike,
    so a field the command refuses is refused when it arrives through sync too. Each is judged the same on every
    replica: hours by their form, the zone and the holidays by their shape (zone data and the holidays package
    differ between machines)."""
    if name == "name":
        if not isinstance(value, str) or has_control(value) or not value.strip() or len(value.strip()) > MAX_NAME:
            return f"name: not a name of 1 to {MAX_NAME} characters on one line"
        return None
    if name == "tz":
        return zone_problem(value)
    if name == "hours":
        if not isinstance(value, str):
            return "hours: not working hours like mon-fri 09:00-17:00"
        try:
            WorkingHours.parse(value)
        except InvalidValue as exc:
            return f"hours: {exc}"
        return None
    return region_problem(value) if name == "holidays" else None


def own_config_follows(replica: Replica, fields: dict[str, Any], hlc: str) -> None:
    """Your own new zone or name (`team set YOU --tz …`, the change stamped `hlc`) is also this device's: every
    time it shows is in that zone from now on. Without it the roster said Lisbon while every command kept
    printing Singapore times. A lead's change of your zone reaches your devices on import (own_zone.py)."""
    from ..config import save_config
    from .own_zone import zone_set

    if "tz" in fields:
        zone_set(replica, hlc)

    changes = {"tz": fields["tz"]} if "tz" in fields else {}
    if "name" in fields:
        changes["display_name"] = fields["name"]
    if changes:
        replica.config = replica.config.with_(**changes)
        save_config(replica.home, replica.config)
