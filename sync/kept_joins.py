"""A newcomer's join kept aside in the shared folder, read from their folder: what the teammates list says of them.

The import keeps a device's segments aside until the roster enrols it (verify.py), so a copy
that has not let a newcomer in holds no trace of their join while it waits for the lead's
record of the invitation: only the newcomer's folder does. The teammates list reads the
joins there and asks core what each waits for (core/team/join_wait.py), so the newcomer is
said to be waiting to be let in, not a stranger claiming a name. Nothing read here is stored
or applied: the fold checks each join's signature and invitation as the import would.
"""

from __future__ import annotations

from typing import Any

from baton.core.replica import Replica
from baton.core.team.join_wait import JoinWait
from baton.core.team.roster import TEAM_STREAM

from . import segment, wire
from .enrolment import roster_view
from .folder import Source

MAX_SEGMENTS = 8
"""Segments read from the start of a folder: a join is among a device's first writes (a stranger's folder of
thousands costs no more than this)."""


def kept_join(replica: Replica, source: Source) -> JoinWait | None:
    """The join written in `source`'s folder that waits for its invitation's record here, or never counts; None
    when the folder holds none (or its device is on the team)."""
    joins = _joins(source)
    if not joins:
        return None
    team_for, _ = roster_view(replica.store)
    return team_for(joins).join_wait(source.replica)


def kept_joins(replica: Replica, folders: set[str]) -> dict[str, JoinWait]:
    """`kept_join` for each of these replica folders that holds one, by folder (the shared folder listed once)."""
    from baton.core.errors import BatonError

    from .run import sync_folder_of

    if not folders or not replica.config.sync_dir:
        return {}
    try:
        sources = sync_folder_of(replica).sources()
    except BatonError:
        return {}
    found = {}
    for source in sources:
        if source.replica in folders and source.segments and (join := kept_join(replica, source)) is not None:
            found[source.replica] = join
    return found


def _joins(source: Source) -> list[dict[str, Any]]:
    found = []
    for file in source.segments[:MAX_SEGMENTS]:
        try:
            lines = segment.read(file.path).lines
        except (segment.SegmentIncomplete, segment.NotAFile, segment.BadSeal, OSError):
            continue
        for line in lines:
            if b'"member_joined"' not in line:
                continue  # most lines are not joins: not parsed
            try:
                _, event = wire.row_and_event(wire.parse(line))
            except wire.BadLine:
                continue
            if (
                event["handoff"] == TEAM_STREAM
                and event["kind"] == "member_joined"
                and event["replica"] == source.replica
            ):
                found.append(event)
    return found
