"""Every question the roster answers about an event is asked at one stamp: a demoted lead's late work at its floor.

What a demoted lead's device signs past the demotion's watermark is judged at the demotion or later, whatever
earlier time it claims (roster_fold._floors). Whether it acts as a lead was asked there already; whom it hands
work to must be asked there too, or a reassignment backdated before a removal would hand work to someone removed.
"""

from __future__ import annotations

from typing import Any

from baton.core.team.context import RosterContext
from baton.core.team.roster import Member, Roster


def _stamp(n: int) -> str:
    return f"{n:016d}-0000-aaaaaaaaaaaaaaaa"


def _roster() -> Roster:
    """ana leads from the founding; cal joins at 2 and ana removes cal at 5; ben's device is floored to 9."""
    roster = Roster()
    roster.team, roster.founded_at = "team", _stamp(1)
    ana = Member("ana", "Ana", "lead")
    roster.history = {
        "ana": ([_stamp(1)], [ana]),
        "cal": ([_stamp(2), _stamp(5)], [Member("cal", "Cal", "member"), None]),
    }
    roster.removals = {"cal": [(_stamp(5), "ana")]}
    roster.floors = {"late": _stamp(9) + "\0"}
    return roster


def _event(event_id: str, hlc: str) -> dict[str, Any]:
    return {"id": event_id, "hlc": hlc, "replica": "r-ben", "author": "ben", "payload": {}}


def test_a_removal_is_asked_at_the_floor_of_an_event_judged_later_than_it_claims() -> None:
    ctx = RosterContext(_roster())
    assert ctx.removed_by("cal", _event("late", _stamp(3))) == "ana"  # claims 3, judged at 9: cal was gone


def test_an_event_without_a_floor_is_asked_at_its_own_stamp() -> None:
    ctx = RosterContext(_roster())
    assert ctx.removed_by("cal", _event("plain", _stamp(3))) is None
    assert ctx.removed_by("cal", _event("plain", _stamp(6))) == "ana"
