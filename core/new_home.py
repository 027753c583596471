"""The files making a home creates, so a refusal after making it takes them away again: `baton init` and the
app's first run, when a join with an invitation is refused after the replica was made, leave the home as
empty as they found it."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import answer_checks_cache, checklist_cache
from .home import Home


def paths_to_create(home: Home) -> list[Path]:
    """The paths making `home` is about to create (those not there yet)."""
    paths: list[Path] = [] if home.root.exists() else [home.root]
    base = home.database
    paths += [home.config, home.device_key, base, Path(f"{base}-wal"), Path(f"{base}-shm")]
    # the caches a first open writes: a home made with `mktemp -d` is left as empty as it was given
    paths += [home.root / checklist_cache.FILE_NAME, home.root / answer_checks_cache.FILE_NAME]
    return [p for p in paths if not p.exists()]


def remove(paths: list[Path]) -> None:
    """Take away what was created, newest first."""
    for path in reversed(paths):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
