"""Parsing event lines so that equal checklist snapshots are parsed once.

Every `created` event carries the whole checklist it was made from (about 5 KB
of JSON), and a team uses a handful of checklists. A first import reads tens of
thousands of them: parsed one by one they cost much of the import's time and,
held for a batch, most of its memory. `Snapshots.loads` gives the same result as
`json.loads`, except that every line carrying a snapshot text it has seen
before gets the very dict parsed the first time (so those dicts are read-only,
as all parsed events are).

How a line is known to carry a seen snapshot, without trusting where a text
search lands: the snapshot text is cut out of the line and the rest is parsed
with a sentinel (`NaN`, which baton never writes) in its place. Only when the
sentinel comes back as the value of `payload.template` is the shared dict put
there; the line then parses to exactly what `json.loads` gives, because a JSON
value in a value position parses the same whatever surrounds it. Anything else
(no sentinel there, a `NaN` in the line, a parse error) is parsed plainly.
"""

from __future__ import annotations

import json
from typing import Any

_SLOT = object()
_plain = json.JSONDecoder().decode
_raw = json.JSONDecoder().raw_decode
_slotted = json.JSONDecoder(parse_constant=lambda name: _SLOT if name == "NaN" else float(name)).decode
_KEY = '"template":'
_PREFIX = 64
"""Characters of a snapshot that index it: enough to tell templates apart quickly."""
LIMIT = 256
"""Distinct snapshots kept per import; more than any team has (past that, lines parse plainly)."""


class Snapshots:
    def __init__(self) -> None:
        self._known: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self._count = 0

    def loads(self, text: str) -> Any:
        """`json.loads(text)`, with a seen checklist snapshot shared instead of parsed again."""
        if '"kind":"created"' not in text or "NaN" in text:
            return _plain(text)
        payload_at = text.find('"payload":{')
        start = text.find(_KEY + "{", payload_at) if payload_at >= 0 else -1
        if start < 0:
            return _plain(text)
        start += len(_KEY)
        found = self._seen(text, start)
        if found is None:
            found = self._learn(text, start)
            if found is None:
                return _plain(text)
        snapshot, parsed = found
        try:
            data = _slotted(f"{text[:start]}NaN{text[start + len(snapshot):]}")
        except ValueError:
            return _plain(text)
        payload = data.get("payload") if type(data) is dict else None
        if type(payload) is not dict or payload.get("template") is not _SLOT:
            return _plain(text)
        payload["template"] = parsed
        return data

    def _seen(self, text: str, start: int) -> tuple[str, dict[str, Any]] | None:
        for snapshot, parsed in self._known.get(text[start:start + _PREFIX], ()):
            if text.startswith(snapshot, start):
                return snapshot, parsed
        return None

    def _learn(self, text: str, start: int) -> tuple[str, dict[str, Any]] | None:
        if self._count >= LIMIT:
            return None
        try:
            parsed, end = _raw(text, start)
        except ValueError:
            return None
        if type(parsed) is not dict:
            return None
        snapshot = text[start:end]
        if len(snapshot) >= _PREFIX:  # shorter ones are cheap to parse again
            self._known.setdefault(snapshot[:_PREFIX], []).append((snapshot, parsed))
            self._count += 1
        return snapshot, parsed
