"""A home that joined by a lead's confirmation, not an invitation code, checks the team's founder before it counts.

An invitation code carries the founding's id and the founder's key, so a home that joins
with one knows out of band which team is its own. A home from before teams that a lead
confirms (`baton team confirm`) has no such code: it takes the team whose roster enrols
its device (Store.roster_moved). But anyone with write access to the shared folder can
found a team, stamp it before the real one and enrol every device in the folder by its
public key (replica.json publishes it): without a check, every home from before teams
would follow that team, whose founder may call themself by a teammate's name.

So a home that took its team by confirmation is marked unconfirmed, and every sync says
so once, with the founder's fingerprint to compare out of band, until its person runs
`baton team accept FINGERPRINT`: the founding with that fingerprint becomes the home's
team, another one than it followed if that is the one they recognise (whether it enrols
this device is then the roster's to say, as for any home).

An acceptance answers for the foundings known when it was given. A founding stamped before
the one followed that arrives later (a forger's, dropped in after the person chose) puts the
home where a home that had chosen nothing stands: two foundings, no code to tell them apart.
So it is asked again, both offered, until its person accepts one knowing both. A founding
stamped after the one followed asks nothing: by the rule every replica applies, the earlier
founding is the team (founding.py). A home an older baton pinned by confirmation, which
never asked, is asked too. A home that founded its team, or joined it with a code, never is.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..errors import NotFound
from .allowed import TeamAction
from .founding import Founding, Rivals, foundings, rivals_here, seen_foundings
from .keys import fingerprint
from .roster import Roster, TeamPin

if TYPE_CHECKING:
    from ..store import Store

UNCONFIRMED = "team.unconfirmed"
"""meta key: set when this home took its team by a lead's confirmation, cleared once its person accepts it."""


ACCEPTED_KNOWING = "team.accepted_knowing"
"""meta key: the ids of the foundings this home knew when its person accepted its team (a JSON list)."""


def unconfirmed(store: Store) -> bool:
    """Whether this home follows a team whose founder its person has not accepted yet, or accepted before a
    founding stamped earlier arrived (see the module docstring)."""
    roster = store.roster()
    if not roster.founded:
        return False
    flag = store.meta(UNCONFIRMED)
    if flag:
        return True
    if flag is None:  # never marked: founded here, joined with a code, or pinned by an older baton's confirmation
        return _by_confirmation(store, roster)
    return bool(_earlier_unknown(store, roster))


def rivals_told(store: Store, own_replica: str | None) -> Rivals | None:
    """The rival foundings this home is told of (founding.rivals_here), except on a home on its team by a lead's
    confirmation: there the choice between foundings is its person's (`unconfirmed`, `accept`), never an
    invitation asked of the earlier founder, who may be the forger."""
    rivals = rivals_here(store, own_replica)
    return None if rivals is None or _by_confirmation(store, store.roster()) else rivals


def _by_confirmation(store: Store, roster: Roster) -> bool:
    """Whether this home's device is on the team by a lead's confirmation: neither its founding nor a join."""
    own = store.own_replica
    if own is None or own not in roster.by_replica:
        return False
    applied = set(roster.applied)
    return not any(
        e["replica"] == own and e["kind"] in ("team_founded", "member_joined") and e["id"] in applied
        for e in store.roster_events()
    )


def _known(store: Store) -> list[Founding]:
    events = {e["id"]: e for e in [*seen_foundings(store), *store.roster_events()]}
    return foundings(events.values())


def _since(store: Store, roster: Roster) -> str:
    """`a founding stamped before ...` when that is why an accepted home is asked again; else ""."""
    if store.meta(UNCONFIRMED) != "":
        return ""
    news = _earlier_unknown(store, roster)
    if not news:
        return ""
    shown = ", ".join(f.shown() for f in news)
    return f"a founding stamped before the team you accepted reached the shared folder since: {shown}"


def _earlier_unknown(store: Store, roster: Roster) -> list[Founding]:
    """Foundings stamped before the one followed that were not known when its person accepted it."""
    try:
        knew = set(json.loads(store.meta(ACCEPTED_KNOWING) or "[]"))
    except (ValueError, TypeError):
        knew = set()
    found = _known(store)
    followed = next((f for f in found if f.id == roster.team), None)
    if followed is None:
        return []
    return [f for f in found if (f.hlc, f.id) < (followed.hlc, followed.id) and f.id not in knew]


def said(store: Store) -> str:
    """The one line a sync (and `baton team`) says while the team is not accepted here."""
    roster = store.roster()
    shown = fingerprint(roster.founder_key)
    since = _since(store, roster)
    return (f"{since}; " if since else "") + (
        f"this device was put on the team {roster.founder} founded (founder fingerprint {shown}) by a lead's "
        f"confirmation, not an invitation code: compare that fingerprint with {roster.founder} out of band, then "
        f"`baton team accept {shown}` (in the app: the team screen, F6); a team you do not recognise means "
        "someone else wrote into the shared folder"
    )


def explained(store: Store) -> list[str]:
    """The same, in plain words for the app's team screen, above the foundings it offers to accept."""
    roster = store.roster()
    since = _since(store, roster)
    return ([since[0].upper() + since[1:] + "."] if since else []) + [
        f"Not confirmed yet: is this {roster.founder}'s team? A lead put this device on the team {roster.founder} "
        "founded without an invitation code, so this home cannot tell it from a team someone else with the shared "
        "folder founded under that name.",
        f"Ask {roster.founder} by another channel (phone, in person) to read you their founder fingerprint, then "
        f"accept the team whose fingerprint matches. The one followed now has {fingerprint(roster.founder_key)}.",
    ]


def accept_actions(store: Store) -> list[TeamAction]:
    """While the team is not accepted here: one action per founding known (the one followed first), each the
    fingerprint `accept` takes; none once it is."""
    if not unconfirmed(store):
        return []
    followed = store.roster().team
    found = sorted(_known(store), key=lambda f: f.id != followed)
    return [
        TeamAction(
            "accept",
            f.founder,
            fingerprint(f.key),
            f"Accept the team {f.founder} founded (fingerprint {fingerprint(f.key)})"
            + (": the one followed now" if f.id == followed else ""),
            None,
        )
        for f in found
    ]


def accept(store: Store, wanted: str) -> tuple[TeamPin, bool]:
    """Make the founding whose founder has fingerprint `wanted` this home's team: one in the log, or one met in
    segments kept aside (the team this home did not follow: its segments come in with the next import).

    Returns the pin and whether it changed (the caller takes the folder in again and folds every handoff)."""
    text = "".join(wanted.split()).lower()
    known = _known(store)
    for found in known:
        if fingerprint(found.key) == text:
            pin = TeamPin(found.id, found.key)
            with store.lock, store.writing():
                changed = store.team_pin() != pin
                store.pin_team(pin)
                store.set_meta(UNCONFIRMED, "")
                store.set_meta(ACCEPTED_KNOWING, json.dumps(sorted(f.id for f in known)))
            return pin, changed
    seen = ", ".join(sorted({fingerprint(f.key) for f in known})) or "none"
    raise NotFound(f"no team in the shared folder has founder fingerprint {wanted} (founders: {seen})")
