"""Who writes in the shared folder: every other folder's replica.json, read for the team commands and the Team screen."""

from __future__ import annotations

from typing import Any


def folder_people(replica: Any) -> list[Any]:
    """replica.json of every other folder in the shared folder (who writes there, with their key if published)."""
    from baton.core.errors import BatonError
    from baton.sync.folder import read_replica_info
    from baton.sync.run import sync_folder_of

    if not replica.config.sync_dir:
        return []
    try:
        sources = sync_folder_of(replica).sources()
    except BatonError:
        return []
    found = []
    for source in sources:
        if source.replica == replica.config.replica_id:
            continue
        try:
            found.append(read_replica_info(source.path))
        except BatonError:
            continue
    return found
