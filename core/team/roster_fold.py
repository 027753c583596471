"""`fold_roster`: the roster (roster.py) from its signed events, in any order; the rules of each kind are in
changes.py. Kept apart from the Roster's questions only to keep each module short."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .origins import Watermark
from .roster import Refused, Roster, TeamPin


def fold_roster(
    events: Iterable[dict[str, Any]],
    pin: TeamPin | None = None,
    withdrawn_of: Callable[[Mapping[str, Watermark]], frozenset[str]] | None = None,
) -> Roster:
    """The roster from roster events in any order (the same set gives the same roster).

    A join counts only with its invitation recorded (`member_invited`) by its maker's device, and that record
    may sort after the join: the log is folded again once a join met its record later in the same pass.
    A revoked invitation never counts, wherever the join that uses it stands in clock
    order (a join stamped before the revocation could be a backdated one made with a
    leaked code): the log is folded again, refusing joins that use an invitation the
    first fold saw revoked, until the set of revoked invitations stays the same.

    `withdrawn_of(marks)`: the events past these watermarks (origins.py): a retired device's, or a
    removed person's devices'. A roster change among them never counts either (a stolen lead's key,
    or a removed lead, backdating a promotion): the log is folded again without them, until that set
    stays the same. What a demoted lead's devices signed past the demotion's watermark is judged at
    the demotion's stamp, not the earlier one it claims (`Roster.floors`).
    """
    ordered = sorted(events, key=lambda e: (e["hlc"], e["id"]))
    if not ordered:
        return Roster(pin=pin)  # no team yet: the rules of team changes (and their signatures) are not even loaded
    roster = _settled(ordered, pin, {})
    if withdrawn_of is None or not (roster.watermarks or roster.removal_marks or roster.demotions):
        return _vouched(roster, withdrawn_of)
    state: tuple[frozenset[str], dict[str, str]] | None = None
    for _ in range(3):
        past = withdrawn_of(roster.watermarks) | withdrawn_of(roster.removal_marks)
        floors = _floors(roster, withdrawn_of)
        if (past, floors) == state:
            break
        state = (past, floors)
        roster = _settled([e for e in ordered if e["id"] not in past], pin, floors)
    roster.withdrawn = withdrawn_of(roster.watermarks) if roster.watermarks else frozenset()
    roster.outlawed = withdrawn_of(roster.removal_marks) - roster.withdrawn if roster.removal_marks else frozenset()
    roster.floors = _floors(roster, withdrawn_of)
    return _vouched(roster, withdrawn_of)


def _vouched(roster: Roster, withdrawn_of: Callable[[Mapping[str, Watermark]], frozenset[str]] | None) -> Roster:
    """The events of the folders the founding vouched for that came past its marks: not old work (legacy.py)."""
    marks = roster.vouching.marks
    if withdrawn_of is not None and marks:
        roster.vouching.past_of = lambda: withdrawn_of(marks)
    return roster


def _floors(roster: Roster, withdrawn_of: Callable[[Mapping[str, Watermark]], frozenset[str]]) -> dict[str, str]:
    """Event id -> the stamp it is judged at, for what a demoted lead's devices signed past the demotion's
    watermark: at the demotion or later, whatever earlier time it claims (it is a member's doing)."""
    floors: dict[str, str] = {}
    for key, (mark, hlc) in sorted(roster.demotions.items()):
        for event_id in withdrawn_of({key: mark}):
            floors[event_id] = max(floors.get(event_id, ""), hlc + "\0")  # just after the demotion
    return floors


def _settled(ordered: list[dict[str, Any]], pin: TeamPin | None, floors: dict[str, str]) -> Roster:
    if floors:  # an event judged later than it claims takes its place in clock order there
        ordered = sorted(ordered, key=lambda e: (max(e["hlc"], floors.get(e["id"], "")), e["id"]))
    roster = _fold(ordered, pin, frozenset(), frozenset(), frozenset(), floors)
    for _ in range(3):  # a second pass settles it unless a join used a revoked code, or met its record later
        revoked = frozenset(roster.revoked)
        revoking = revoked != roster.revoked_anywhere and bool(revoked & (roster.used.keys() | roster.revoked_anywhere))
        recorded = roster.recorded_anywhere | roster.invites.keys()
        if not revoking and not roster.waiting.keys() & recorded:
            break  # folding again would give the same roster
        roster = _fold(ordered, pin, revoked, frozenset(roster.lapsed), recorded, floors)
    return roster


def _fold(
    ordered: list[dict[str, Any]],
    pin: TeamPin | None,
    revoked: frozenset[str],
    lapsed: frozenset[str],
    recorded: frozenset[str],
    floors: dict[str, str],
) -> Roster:
    from .changes import take

    roster = Roster(pin=pin, revoked_anywhere=revoked, lapsed_anywhere=lapsed, recorded_anywhere=recorded)
    for event in ordered:
        reason = take(roster, event, floors.get(event["id"]))
        if reason is None:
            roster.applied.append(event["id"])
        else:
            roster.refused.append(Refused(event["id"], event["kind"], event["author"], event["at"], reason))
    return roster
