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
from collections.abc import Callable
from typing import Any

from baton.core import bounded_json
from baton.core.snapshot_texts import KnownTexts

_SLOT = object()
_decode = json.JSONDecoder().decode
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _plain(text: str) -> Any:
    """`json.loads(text)`: one value, the whole text. The scanner is called straight away (most lines are
    one object and nothing else); anything else (space around it, no value, more after it) goes the long way."""
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        return _decode(text)
    return value if end == len(text) else _decode(text)


_slotted = json.JSONDecoder(parse_constant=lambda name: _SLOT if name == "NaN" else float(name)).decode
_KEY = '"template":'
LIMIT = 256
"""Distinct snapshots kept per import; more than any team has (past that, lines parse plainly)."""


class Snapshots:
    def __init__(self) -> None:
        self._texts: KnownTexts[dict[str, Any]] = KnownTexts(LIMIT)
        self.reduced: tuple[str, str] | None = None

    def loads(self, text: str) -> Any:
        """`json.loads(text)`, with a seen checklist snapshot shared instead of parsed again.

        Bounded like bounded_json.loads (TooDeep, a ValueError, for text nested more deeply
        than baton writes), checked on what is parsed: the whole line, or the line without a
        known snapshot (a snapshot is checked once, when first seen).
        """
        if '"kind":"created"' not in text or "NaN" in text:
            return _bounded(text)
        payload_at = text.find('"payload":{')
        start = text.find(_KEY + "{", payload_at) if payload_at >= 0 else -1
        if start < 0:
            return _bounded(text)
        start += len(_KEY)
        found = self._texts.at(text, start)
        if found is None:
            if bounded_json.too_deep(text):
                raise bounded_json.TooDeep(f"nested more than {bounded_json.MAX_DEPTH} levels deep")
            found = self._texts.learn(text, start, _parsed)
        if found is None:
            return _bounded(text)
        snapshot, parsed = found
        reduced = f"{text[:start]}NaN{text[start + len(snapshot) :]}"
        try:
            data = _bounded(reduced, _slotted)
        except ValueError:
            return _bounded(text)
        payload = data.get("payload") if type(data) is dict else None
        if type(payload) is not dict or payload.get("template") is not _SLOT:
            return _bounded(text)
        payload["template"] = parsed
        self.reduced = (text, reduced)
        return data

    def reduced_of(self, text: str) -> str | None:
        """The last line parsed with its snapshot cut out (`NaN` in its place), if it was `text`:
        the same layout, so what holds for its structure holds for the line's, at a fraction of the cost."""
        last = self.reduced
        return last[1] if last is not None and last[0] is text else None


def _bounded(text: str, decode: Any = _plain) -> Any:
    """bounded_json.loads, inlined for speed: a line with few brackets cannot nest deeply."""
    if text.count("{") + text.count("[") > bounded_json.MAX_DEPTH and bounded_json.too_deep(text):
        raise bounded_json.TooDeep(f"nested more than {bounded_json.MAX_DEPTH} levels deep")
    try:
        return decode(text)
    except RecursionError:
        raise bounded_json.TooDeep(f"nested more than {bounded_json.MAX_DEPTH} levels deep") from None


def _parsed(_text: str, parsed: dict[str, Any]) -> dict[str, Any]:
    return parsed
