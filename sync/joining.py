"""Joining the team with an invitation code, after reading the shared folder: what `baton init --invite` and
the app's first-run screen both do.

The folder is read first, so the founding and the lead's record of the invitation are known here and the join
is judged against the roster everyone holds (a code already used or revoked is refused before anything is
written). Sending the join out is the caller's next sync.
"""

from __future__ import annotations

from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.invite import Invite, read_code

from . import starter
from .run import import_only


def join_team(replica: Replica, code: str) -> Invite:
    """Join with `code`; core's refusal (not a code, damaged, expired, for another person, used) as it words it."""
    invite = read_code(code)
    membership.adopt_team(replica, invite)  # a founder whose founding lost to this team's joins it
    starter.expect_team(replica, invite.team, invite.founder)  # a teammate's starter of this team, or none
    if replica.config.sync_dir:
        import_only(replica)
    membership.join(replica, invite)
    return invite


def waiting_for_record(replica: Replica) -> bool:
    """True while the lead's record of the invitation has not reached this home: the device counts once it has."""
    key = membership.device_key(replica.home)
    roster = replica.store.roster()
    return roster.founded and roster.device_user(key.public) is None
