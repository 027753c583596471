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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import NotFound
from .allowed import TeamAction
from .founding import foundings, seen_foundings
from .keys import fingerprint
from .roster import TeamPin

if TYPE_CHECKING:
    from ..store import Store

UNCONFIRMED = "team.unconfirmed"
"""meta key: set when this home took its team by a lead's confirmation, cleared once its person accepts it."""


def unconfirmed(store: Store) -> bool:
    """Whether this home follows a team whose founder its person has not accepted yet."""
    return bool(store.meta(UNCONFIRMED)) and store.roster().founded


def said(store: Store) -> str:
    """The one line a sync (and `baton team`) says while the team is not accepted here."""
    roster = store.roster()
    shown = fingerprint(roster.founder_key)
    return (
        f"this device was put on the team {roster.founder} founded (founder fingerprint {shown}) by a lead's "
        f"confirmation, not an invitation code: compare that fingerprint with {roster.founder} out of band, then "
        f"`baton team accept {shown}` (in the app: the team screen, F6); a team you do not recognise means "
        "someone else wrote into the shared folder"
    )


def explained(store: Store) -> list[str]:
    """The same, in plain words for the app's team screen, above the foundings it offers to accept."""
    roster = store.roster()
    return [
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
    events = {e["id"]: e for e in [*seen_foundings(store), *store.roster_events()]}
    found = sorted(foundings(events.values()), key=lambda f: f.id != followed)
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
    events = {e["id"]: e for e in [*seen_foundings(store), *store.roster_events()]}
    for found in foundings(events.values()):
        if fingerprint(found.key) == text:
            pin = TeamPin(found.id, found.key)
            with store.lock, store.writing():
                changed = store.team_pin() != pin
                store.pin_team(pin)
                store.set_meta(UNCONFIRMED, "")
            return pin, changed
    seen = ", ".join(sorted({fingerprint(f.key) for f in foundings(events.values())})) or "none"
    raise NotFound(f"no team in the shared folder has founder fingerprint {wanted} (founders: {seen})")
