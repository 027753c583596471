"""The built-in answer checks read once: their parsed TOML kept in the home, by the file's size and time.

Every `show` and `send` reads the built-in answer checks (answer_checks.toml).
Loading a TOML parser and parsing the file costs more than reading and folding the
handoff, and gives the same data until the file changes. So the parsed data is
kept as JSON in the home, under the file's size and modification time (what
Python's own bytecode cache goes by): a baton whose file changed parses it again.
A missing, unreadable or damaged cache is only a slower read; a home that cannot
be written is left alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .regular_file import NotAFile, read_settings

FILE_NAME = "answer-checks.cache.json"


def stamp(source: Path) -> str:
    """What says the file is still the one parsed: its size and modification time."""
    found = source.stat()
    return f"{found.st_size}:{found.st_mtime_ns}"


def parsed(source: Path, folder: Path | None) -> dict[str, Any]:
    """The TOML data in `source`, from the cache in `folder` when it holds this version of the file."""
    key = stamp(source)
    path = folder / FILE_NAME if folder is not None else None
    if path is not None:
        try:
            kept = json.loads(read_settings(path))
        except (OSError, ValueError, NotAFile):
            kept = None
        if isinstance(kept, dict) and kept.get("source") == key and isinstance(kept.get("data"), dict):
            data: dict[str, Any] = kept["data"]
            return data
    import tomllib

    data = tomllib.loads(source.read_text(encoding="utf-8"))
    if path is not None:
        _keep(path, {"source": key, "data": data})
    return data


def _keep(path: Path, document: dict[str, Any]) -> None:
    """Write the cache whole (a temporary file, then a rename), or not at all."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
