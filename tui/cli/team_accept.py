"""`baton team accept FINGERPRINT`: a home a lead confirmed checks the team's founder out of band, then accepts it.

See core/team/acceptance.py: without an invitation code, a home cannot tell the team its lead
founded from one anyone with the shared folder founded and stamped earlier. The app's team
screen accepts through `accept_here` too, so both say and do the same.
"""

from __future__ import annotations

from typing import Any

import click

from baton.tui.cli.base import guarded, open_replica, say
from baton.tui.cli.team import team


def accept_here(replica: Any, fingerprint: str) -> str:
    """Accept the founding with this fingerprint (core acceptance.accept), take the folder in again when that is
    another team than the one followed, and say where this home stands."""
    from baton.core.team import acceptance, membership

    _, changed = acceptance.accept(replica.store, fingerprint)
    if changed:  # another team than the one followed so far: its segments come in, and every verdict may change
        if replica.config.sync_dir:
            from baton.sync.run import import_only

            import_only(replica)
        replica.store.rebuild()
    roster = replica.store.roster()
    said = f"This home belongs to the team {roster.founder} founded (founder fingerprint {fingerprint.strip().lower()})"
    on_team = roster.is_enrolled(replica.user, membership.device_key(replica.home).public)
    return said + ("." if on_team else f"; this device is not on it yet: ask {roster.founder} to confirm or invite it.")


@team.command("accept")
@click.argument("fingerprint")
@guarded
def team_accept(fingerprint: str) -> None:
    """Accept the team whose founder has this fingerprint (after comparing it with them): a home a lead confirmed."""
    say(accept_here(open_replica(), fingerprint))


__all__ = ["accept_here", "team_accept"]
