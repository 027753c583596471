"""A shared folder that also holds a newer baton's layout (`baton/v2` beside `baton/v1`): said, not passed over.

A teammate who updated writes where this release does not read. Silently, each side would see the other as
gone quiet; said once per sync, the person on the older release knows to update.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .folder import LAYOUT

_VERSION = re.compile(r"v([0-9]{1,6})")


def newer_layouts(root: Path) -> list[str]:
    """The layout folders under `root/baton` newer than the one this release reads (`v2`, …), by number."""
    ours = int(LAYOUT[1][1:])
    try:
        with os.scandir(root / LAYOUT[0]) as listed:
            found = [
                (int(m.group(1)), e.name)
                for e in listed
                if (m := _VERSION.fullmatch(e.name)) and e.is_dir(follow_symlinks=False)
            ]
    except OSError:
        return []
    return [name for number, name in sorted(found) if number > ours]


def newer_words(root: Path, name: str) -> str:
    return (
        f"{root / LAYOUT[0] / name} is written by a newer baton: what teammates write there is not read here "
        "until baton is updated on this device"
    )
