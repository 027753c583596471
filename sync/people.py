"""Teammates: who writes to the shared folder, from their replica.json files and what was imported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baton.core.errors import BatonError
from baton.core.members import members
from baton.core.replica import Replica
from baton.core.team.join_wait import JoinWait, WroteAfter, waiting_of

from .folder import read_replica_info
from .run import sync_folder_of

if TYPE_CHECKING:
    from baton.core.team.roster import Roster


def people(replica: Replica) -> list[dict[str, Any]]:
    """One row per user: display name, time zone, role, devices (replica folders), last seen (ms or None), and
    the days away they are in now (`away`: from, to, reason; None when not away).

    Once the team is founded a folder counts as someone's device only when its key is
    enrolled for them; the others are counted apart (`unconfirmed_devices`), so a home
    that merely claims to be Lea never looks like Lea's second laptop. A newcomer whose join
    waits for the lead's record of the invitation is said to be waiting to be let in, in core's
    words (core/team/join_wait.py), their joining device theirs (kept_joins.py).

    The folder is read when one is set and reachable; the `teammates` table (filled
    on import) covers the rest, so the list works offline too.
    """
    rows: dict[str, dict[str, Any]] = {}
    roster = replica.store.roster()
    for user, mate in replica.teammates().items():
        rows[user] = {
            "user": user,
            "display_name": mate["display_name"],
            "tz": mate["tz"],
            "role": mate["role"],
            "devices": 0,
            "unconfirmed_devices": 0,
            "last_seen": mate["last_seen"] or None,
        }
    try:
        sources = sync_folder_of(replica).sources() if replica.config.sync_dir else []
    except BatonError:
        sources = []
    joins: dict[str, JoinWait] = {}
    for source in sources:
        try:
            info = read_replica_info(source.path)
        except BatonError:
            continue
        row = rows.setdefault(
            info.user,
            {
                "user": info.user,
                "display_name": info.display_name,
                "tz": info.tz,
                "role": info.role,
                "devices": 0,
                "unconfirmed_devices": 0,
                "last_seen": None,
            },
        )
        enrolled = not roster.founded or (
            info.public_key is not None
            and (
                roster.is_enrolled(info.user, info.public_key)
                # a removed person's own device stays theirs: it is no stranger claiming to be them
                or (
                    roster.removed(info.user) is not None
                    and info.public_key in {d.key for d in roster.devices_of(info.user)}
                )
            )
        )
        if not enrolled and roster.member(info.user) is None and source.segments:
            from .kept_joins import kept_join

            join = kept_join(replica, source)  # a newcomer's join, kept aside while it waits (kept_joins.py)
            if join is not None and join.user == info.user:
                joins.setdefault(info.user, join)
                enrolled = join.waits  # their own device, waiting to be let in: no stranger claiming to be them
        row["devices" if enrolled else "unconfirmed_devices"] += 1
    if roster.founded:
        # Once the team exists its roster says who holds which role, not what a replica.json claims.
        for row in rows.values():
            row["role"] = _standing(roster, row["user"], joins.get(row["user"]), replica.store.wrote_after)
    now = replica.wall()
    for person in members(replica.store):  # away today in their own calendar: until when, and why if said
        away = person.away_at(now)
        if person.user in rows:
            rows[person.user]["away"] = (
                {"from": away.start.isoformat(), "to": away.end.isoformat(), "reason": away.reason} if away else None
            )
    for row in rows.values():
        row.setdefault("away", None)
    return sorted(rows.values(), key=lambda r: (r["user"] != replica.user, r["user"]))


NOT_ON_TEAM = "not on the team"
"""`people`'s role for someone the team's roster does not hold (a stranger's folder, a join that cannot count)."""


def seen_words(replica: Replica) -> str:
    """Who this copy has seen, in the one line the queue's status line and the Sync screen both say: a teammate is
    seen once a change of theirs is here (the "last seen" of `people` and `baton teammates`), wherever it came from.

    The status line said "no teammates seen yet" from the folders of one pass while the Sync screen listed the same
    teammates as last seen minutes ago.
    """
    mates = replica.teammates()
    roster = replica.store.roster()  # once there is a team, someone not on it is no teammate, seen or not
    seen = sorted(
        user
        for user, mate in mates.items()
        if user != replica.user and mate["last_seen"] and (not roster.founded or roster.member(user) is not None)
    )
    return f"teammates seen: {', '.join(seen)}" if seen else "no teammates seen yet"


def _standing(roster: Roster, user: str, join: JoinWait | None, wrote_after: WroteAfter) -> str:
    """The roster's word for `user`: their role, what their join waits for (a removed person invited back too),
    who removed them, or not on the team."""
    member, removed = roster.member(user), roster.removed(user)
    if member is not None:
        return member.role
    join = join or waiting_of(roster, user, wrote_after)
    if join is not None and join.waits:
        return join.standing
    return f"removed by {removed[1]}" if removed is not None else NOT_ON_TEAM
