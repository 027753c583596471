"""Choosing the shared folder (`init --sync-dir`, `sync --dir`, the app's folder dialog): a typo is refused.

A folder that does not exist is the usual sign of a typo or of a drive that is not
mounted. Saved as it was, every later sync would only say "the shared folder does
not exist (will retry)" and sync nothing, or, with `sync --dir`, the real folder
would be replaced. So when a person names a folder: one that exists is taken; one
that does not but whose parent does is created (the first teammate to set up makes
it) and said so; one whose parent does not exist either is refused, changing nothing. So is
one baton could not write its segments into (a file or a link where its own folders belong,
or folders this user may not write): set up there, a home said nothing until its first sync.
A sync that runs later with the folder gone (a drive unplugged) still waits and
retries: that is check_sync_dir's, not this.
"""

from __future__ import annotations

import os
from pathlib import Path

from baton.core.errors import BatonError
from baton.core.home import Home

from .folder import LAYOUT, SyncFolder, check_sync_dir
from .team_hint import other_team, other_team_words


def chosen_sync_dir(sync_dir: Path, home: Home, team: str | None = None) -> tuple[Path, bool]:
    """The folder a person named, absolute, and whether it must be created; BatonError when it cannot be used.

    `team`: the team this home belongs to (its pin), when it has one. A folder that holds another team's people
    is refused: the home's segments written there would be every one of that team's copies' alarm ("a device
    claiming to be ben is not on the team") for good, and its own teammates would not see them.
    Nothing is created here: the caller creates it (`create_sync_dir`) once its other checks have passed."""
    root = check_sync_dir(sync_dir, home)
    if root.is_dir():
        hint = other_team(root, team)
        if hint is not None:
            raise BatonError(
                f"{other_team_words(root, hint)}, not the one this home belongs to: name your own team's shared "
                "folder (nothing was changed)"
            )
        blocked = SyncFolder(root).layout_problem() or _unwritable(root)
        if blocked is not None:
            raise BatonError(f"cannot keep your changes in {root}: {blocked[0]}: {blocked[1]} (nothing was changed)")
        return root, False
    if root.exists():
        raise BatonError(f"{root} is a file, not a folder: name the folder your sync engine shares")
    if not root.parent.is_dir():
        raise BatonError(f"{root.parent} does not exist: is the drive mounted? (nothing was changed)")
    return root, True


def _unwritable(root: Path) -> tuple[Path, str] | None:
    """The deepest of baton's levels there (the folder itself when none is made yet) when this user may not
    make or write files in it; None when they may."""
    level = root
    for name in LAYOUT:
        if not (level / name).is_dir():
            break
        level = level / name
    if os.access(level, os.W_OK | os.X_OK):
        return None
    return level, "you may not write in this folder"


def create_sync_dir(root: Path) -> str:
    """Create the shared folder (its parent exists); the line that says so."""
    try:
        root.mkdir(exist_ok=True)
    except OSError as exc:
        raise BatonError(f"cannot create the shared folder {root}: {exc.strerror or exc}") from exc
    return f"Created shared folder {root}"
