"""Checklist files checked once: the schema's verdict kept in the home, by the file's content.

Opening the app or starting a handoff reads every checklist (the built-ins and the
team's). Checking each against the pydantic schema costs more than the rest of
the start-up, and gives the same answer until the file (or the schema) changes.
So a checked checklist is kept as the plain data the schema produced, under the
SHA-256 of the file's text and of the schema's own source (SCHEMA_SOURCES): an edited file,
or a baton whose schema changed, is checked again. A missing, unreadable or
damaged cache is only a slower start; a file the schema refuses is never kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import TemplateError
from .regular_file import NotAFile, read_settings
from .template import Template, parse_template

FILE_NAME = "checklists.json"
CACHE_LIMIT = 64 << 20
"""Bytes read of the cache: past it (or on a FIFO, a link to a device) the files are checked afresh."""
LIMIT = 256
"""Checked files remembered; a team has a handful."""


SCHEMA_SOURCES = ("template_schema.py", "windows.py", "hours.py")
"""The modules whose code decides what a checked checklist becomes (windows.py normalises `accept_within`)."""


_CHECKED: dict[str, dict[str, Any]] = {}
"""What this process already checked, by the same key: a new home (each `baton init`, each test's) still
gets it in its cache file, without the schema checking the same text again."""


@cache
def _schema_sha() -> str:
    digest = hashlib.sha256()
    for name in SCHEMA_SOURCES:
        digest.update(resources.files("baton.core").joinpath(name).read_bytes())
    return digest.hexdigest()


class ChecklistCache:
    """Checked checklists of one home (`folder` None: nothing is kept, every file is checked)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self._known: dict[str, dict[str, Any]] | None = None
        self._changed = False

    def template(self, text: str, source: str) -> Template:
        """The checklist in TOML `text` (TemplateError naming `source` when the schema refuses it)."""
        key = hashlib.sha256(f"{_schema_sha()}\n{text}".encode()).hexdigest()
        known = self._read()
        data = known.get(key)
        if data is not None:
            try:
                return Template.from_dict(data)
            except (KeyError, TypeError, ValueError):
                pass  # a damaged entry: check the file again
        checked = _CHECKED.get(key)
        if checked is None:
            try:
                parsed = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise TemplateError(source, [f"not valid TOML: {exc}"]) from None
            template = parse_template(parsed, source)
            if len(_CHECKED) >= LIMIT:
                _CHECKED.clear()
            checked = _CHECKED[key] = template.as_dict()
        else:
            template = Template.from_dict(checked)  # objects of its own: a caller may keep and change them
        if len(known) >= LIMIT:
            known.clear()
        known[key] = checked
        self._changed = True
        return template

    def save(self) -> None:
        """Keep what was checked (temp file, then rename); a home that cannot be written is left alone."""
        if not self._changed or self.path is None or not self.path.parent.is_dir():
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=".checklists.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._known, handle, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            return
        self._changed = False

    def _read(self) -> dict[str, dict[str, Any]]:
        if self._known is None:
            self._known = {}
            if self.path is not None:
                try:
                    found = json.loads(read_settings(self.path, CACHE_LIMIT))
                except (OSError, ValueError, NotAFile):
                    found = None
                if isinstance(found, dict):
                    self._known = {k: v for k, v in found.items() if isinstance(v, dict)}
        return self._known
