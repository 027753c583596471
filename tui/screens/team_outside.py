"""The Team screen's lines for folders writing in the shared folder whose device the roster never enrolled."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baton.core.replica import Replica
    from baton.core.team.roster import Roster


def outside_lines(replica: Replica, roster: Roster) -> list[str]:
    """Folders whose device the roster never enrolled, with the fingerprint their replica.json claims, and what a
    newcomer's join there waits for (sync/kept_joins.py): no stranger to confirm, a join the lead's record lets in."""
    from baton.core.team.keys import fingerprint
    from baton.sync.kept_joins import kept_joins
    from baton.tui.cli.team import folder_people

    if not roster.founded:
        return []
    outside = []
    for person in folder_people(replica):
        known = roster.by_replica.get(person.replica, ())
        if any(d.until is None or d.key == person.public_key for d in known):
            continue  # on the team, or retired or removed by a lead: the roster above says so, not "confirm it"
        outside.append(person)
    joins = kept_joins(replica, {person.replica for person in outside})
    found = []
    for person in outside:
        shown = fingerprint(person.public_key) if person.public_key else "no key published yet"
        join = joins.get(person.replica)
        said = f" ({join.standing})" if join is not None and join.user == person.user else ""  # core's words
        found.append(f"  {person.user:<12} {person.display_name:<20} device {shown}{said}")
    return found
