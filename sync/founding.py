"""Founding the team from this home, after reading the shared folder: what `baton team create` and the
app's Team screen both do.

The folder is read first, so core judges the founding against what it holds (a folder with a team
already is refused before anything is written) and the founding vouches for the work already there.
Sending the founding out is the caller's next sync.
"""

from __future__ import annotations

from pathlib import Path

from baton.core.errors import NotAllowed
from baton.core.event_model import Event
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.may_found import FoundingAnswer, founding_answer

from .run import import_only
from .team_hint import team_hint


def may_found(replica: Replica) -> FoundingAnswer:
    """Core's answer for this home, with the shared folder's team (if any) read from the folder."""
    folder = replica.config.sync_dir
    hint = team_hint(Path(folder)) if folder else None
    with replica.lock:
        roster = replica.store.roster()
    return founding_answer(replica.config.role, roster, folder, hint, replica.user)


def found_team(replica: Replica) -> Event:
    """Found the team with this home's person as its first lead; NotAllowed in core's words when it may not."""
    problem = may_found(replica).problem
    if problem is not None:
        raise NotAllowed(problem)
    import_only(replica)
    with replica.lock:
        return membership.found(replica)
