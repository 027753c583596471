"""Two leads who found a team in one folder at once: which founding is the team, and what each is told.

`baton init --role lead` refuses a folder that already has a team, but two leads
running it before either's founding reached the other both succeed. Each home then
belongs to its own founding (its pin), and each sees the other as a stranger. The
rule, the same on every replica: of the validly signed foundings in the log, the
earliest (clock stamp, then id) is the team. A home that belongs to a team never
moves by itself (a forged founding stamped earlier must not carry anyone off: the
founder's fingerprint is there to compare out of band); the founder whose founding
lost is told so, with what to do: join the other team with an invitation from its
founder (`baton init --invite` on the same home), which this rule then allows;
what they wrote is kept, and is applied once they are on the team.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..timezones import format_time
from .keys import fingerprint
from .roster import TeamPin
from .signing import signed_by

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Founding:
    """One validly signed founding in the log."""

    id: str
    hlc: str
    at: int
    founder: str
    replica: str
    key: str

    def shown(self) -> str:
        return f"{self.founder}'s (founded {format_time(self.at, 'UTC')} UTC, fingerprint {fingerprint(self.key)})"


def foundings(events: Iterable[dict[str, Any]]) -> list[Founding]:
    """The validly signed foundings among roster events, the team's (the earliest) first."""
    found = []
    for event in events:
        if not isinstance(event.get("payload"), dict) or event.get("kind") != "team_founded":
            continue
        key = signed_by(event)
        if key is not None:
            found.append(Founding(event["id"], event["hlc"], event["at"], event["author"], event["replica"], key))
    return sorted(found, key=lambda f: (f.hlc, f.id))


@dataclass(frozen=True)
class Rivals:
    """More than one founding in the folder, as this home sees it."""

    team: Founding
    """The earliest: the team, by the rule every replica applies."""
    ours: Founding | None
    """The founding this home belongs to, when it is not the team."""
    others: tuple[Founding, ...]
    """The foundings that are not the team."""
    own_lost: bool
    """This home founded a team of its own that is not the team: it may join the team with an invitation."""

    def said(self, user: str) -> str:
        """What this home is told, in one line."""
        if self.own_lost:
            return (
                f"two teams were founded in this shared folder: {self.team.shown()} was founded earlier, so copies "
                f"that join from now on count it as the team, not yours. Check that fingerprint with "
                f"{self.team.founder} by another channel (anyone with the folder can drop in a founding); if it is "
                f"theirs, ask them for an invitation (`baton team invite {user} --role lead`) and run "
                f"`baton init --user {user} --invite CODE` on this home: what you wrote is kept, and counts once "
                "you have joined"
            )
        if self.ours is None:
            names = ", ".join(f.shown() for f in self.others)
            return (
                f"another lead also founded a team in this shared folder: {names}. Yours is the team (the earlier "
                "founding); compare fingerprints with them by another channel, then invite them "
                "(`baton team invite USER --role lead`)"
            )
        return (
            f"this home belongs to {self.ours.shown()}, but the folder's team is {self.team.shown()} (the earlier "
            f"founding): check that fingerprint with {self.team.founder} by another channel (anyone with the folder "
            "can drop in a founding); if it is theirs, ask them for an invitation"
        )


SEEN = "rival_foundings"
"""Meta key: foundings met in segments kept aside (a rival founder is a stranger to this team, so its
segments never reach the log), remembered so `baton team` can say what happened between syncs."""
KEPT = 8


def remember(store: Store, events: Iterable[dict[str, Any]]) -> None:
    """Keep the validly signed foundings among `events` (from segments kept aside) for `seen_foundings`."""
    fresh = {e["id"]: e for e in events if e["kind"] == "team_founded" and signed_by(e) is not None}
    with store.lock:
        known = {e["id"]: e for e in seen_foundings(store)}
        if not fresh.keys() - known.keys():
            return
        merged = sorted({**known, **fresh}.values(), key=lambda e: (e["hlc"], e["id"]))[:KEPT]
        with store.writing():
            store.set_meta(SEEN, json.dumps(merged, separators=(",", ":")))


def seen_foundings(store: Store) -> list[dict[str, Any]]:
    raw = store.meta(SEEN)
    try:
        found = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def rivals_here(store: Store, own_replica: str | None) -> Rivals | None:
    """`rivals` over the roster events in the log and the foundings met in segments kept aside."""
    events = {e["id"]: e for e in [*seen_foundings(store), *store.roster_events()]}
    return rivals(events.values(), store.team_pin(), own_replica)


def rivals(events: Iterable[dict[str, Any]], pin: TeamPin | None, own_replica: str | None) -> Rivals | None:
    """None unless the folder holds more than one founding and this home founded or belongs to one of them."""
    found = foundings(events)
    if len(found) < 2 or pin is None:
        return None
    ours = next((f for f in found if f.id == pin.id), None)
    if ours is None:
        return None
    team = found[0]
    if ours == team:
        if team.replica != own_replica:
            return None  # a member of the team: its founder is told, not everyone
        return Rivals(team, None, tuple(found[1:]), False)
    return Rivals(team, ours, tuple(f for f in found if f != team), ours.replica == own_replica)
