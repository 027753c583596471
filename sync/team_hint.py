"""Team hints: a note in a founder's folder that the shared folder has a team.

A hint grants nothing (the roster does); it lets `baton init --role lead` refuse to found a
second team in one folder, and `sync --dir` refuse another team's folder, before anything
is written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from baton.core import bounded_json
from baton.core.config import USER_PATTERN

from . import segment
from .folder import MAX_REPLICA_FILE, REPLICA_ID, SyncFolder

TEAM_FILE = "team.json"
"""A hint in a founder's folder that the shared folder has a team (it grants nothing: the roster does)."""


def team_hint(root: Path) -> dict[str, Any] | None:
    """The first team hint found in the shared folder (`baton init --role lead` will not found a second team)."""
    return next(team_hints(root), None)


def team_hints(root: Path) -> Iterator[dict[str, Any]]:
    """The team hints in the shared folder, one per replica folder holding one, in replica order.

    Anyone who shares the folder can write one, and its founder and fingerprint are printed in a refusal: a
    founder that is not a user name, or a fingerprint not in a fingerprint's form, is shown as `?` (never a
    newline that forges a line of baton's own, nor a page of text). Read as replica.json is, never through a link.
    """
    folder = SyncFolder(root)
    if folder.layout_problem() is not None:
        return
    try:
        with os.scandir(folder.replicas) as listed:
            entries = sorted((e for e in listed if REPLICA_ID.fullmatch(e.name)), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:  # read as replica.json is: a regular file in a real folder, bounded, not nested without end
            if not entry.is_dir(follow_symlinks=False):
                continue
            data = bounded_json.loads(segment.read_file(Path(entry.path) / TEAM_FILE, MAX_REPLICA_FILE))
        except (OSError, ValueError, segment.NotAFile):
            continue
        if isinstance(data, dict) and isinstance(data.get("team"), str):
            founder, mark = data.get("founder"), data.get("fingerprint")
            yield {
                **data,
                "founder": founder if isinstance(founder, str) and re.fullmatch(USER_PATTERN, founder) else "?",
                "fingerprint": mark if isinstance(mark, str) and _FINGERPRINT.fullmatch(mark) else "?",
            }


def other_team(root: Path, team: str | None) -> dict[str, Any] | None:
    """The hint of another team when every hint in the folder names one other than `team` (this home's pin);
    None when one is ours, there is none, or this home has no team. One hint of our own is enough: a hint
    planted by someone else cannot lock a team out of its own folder."""
    if team is None:
        return None
    hints = list(team_hints(root))
    return hints[0] if hints and all(h.get("team") != team for h in hints) else None


def other_team_words(root: Path, hint: dict[str, Any]) -> str:
    """Whose folder it is, as a refusal says it: founder and fingerprint (each `?` when not in its form)."""
    return f"{root} holds another team (founded by {hint.get('founder')}, fingerprint {hint.get('fingerprint')})"


_FINGERPRINT = re.compile(r"[0-9a-f]{4}(?::[0-9a-f]{4}){4}")
"""A key's fingerprint as `baton.core.team.keys.fingerprint` spells it."""


def write_team_hint(folder: Path, data: dict[str, Any]) -> None:
    path = folder / TEAM_FILE
    if not path.exists():
        segment.write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
