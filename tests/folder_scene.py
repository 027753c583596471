"""The shared folder a damage is done to (folder_damage.py), and how to put it back exactly.

Helpers never reach through a link an earlier damage put in the folder: the damage is done to
the shared folder itself, and what a link leads to (a folder outside it) must stay as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baton.sync import segment
from baton.sync.folder import LAYOUT

Pick = Callable[[Sequence[Any]], Any]
AS_ROOT = os.geteuid() == 0
"""Permissions do not stop root: unreadable files and read-only folders are damage only for others."""


@dataclass
class Scene:
    """A team's shared folder, the folder outside it, and whose folder is the victim's own."""

    shared: Path
    outside: Path
    """A folder beside the shared one holding a private file (what a link may point at)."""
    victim: str
    """The replica id of the teammate who syncs after the damage."""

    @property
    def replicas(self) -> Path:
        return self.shared.joinpath(*LAYOUT)

    def folders(self) -> list[Path]:
        if not real_folder(self, self.replicas):
            return []
        try:
            return sorted(p for p in self.replicas.iterdir() if p.is_dir() and not p.is_symlink())
        except OSError:
            return []

    def segments(self) -> list[Path]:
        return sorted(
            p for folder in self.folders() for p in listed(folder) if segment.parse_name(p.name) and is_regular(p)
        )

    def files(self, name: str) -> list[Path]:
        return [folder / name for folder in self.folders() if is_regular(folder / name)]


def listed(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def real_folder(scene: Scene, path: Path) -> bool:
    """Whether `path` is a folder reached from the shared folder through folders only (no link on the way):
    the damage is done to the shared folder, never through a link an earlier damage put there."""
    for level in [path, *path.parents]:
        try:
            if not stat.S_ISDIR(os.lstat(level).st_mode):
                return False
        except OSError:
            return False
        if level == scene.shared:
            return True
    return False


def gone(path: Path) -> None:
    """Remove whatever is at `path` (a file, a link, a FIFO, a folder), making it writable first."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if stat.S_ISDIR(mode):
        for inner in path.rglob("*"):
            if not inner.is_symlink():
                os.chmod(inner, 0o700)
        os.chmod(path, 0o700)
        shutil.rmtree(path)
    else:
        path.unlink()


def json_object(path: Path) -> dict[str, Any]:
    """The object in a JSON file, or {} when an earlier damage left none there."""
    try:
        found = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    return found if isinstance(found, dict) else {}


def target(scene: Scene, pick: Pick, name: str | None = None) -> Path | None:
    """A segment (or, with `name`, a file of that name in a replica folder) picked; None when there is none."""
    found = scene.files(name) if name else scene.segments()
    return pick(found) if found else None


def restore(saved: Path, live: Path) -> None:
    """`live` made exactly `saved` again (whatever is there now: a file, a link, a read-only tree)."""
    gone(live)
    shutil.copytree(saved, live, symlinks=True)
