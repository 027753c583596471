"""Reading one event line of a segment: exact validation, fast.

The `Event` model in core/events.py is the one description of the wire format.
Importing a million events through pydantic one at a time costs more than the
rest of the import, so this checks the same shape directly: the same fields, no
others, the same patterns (anchored, ASCII digits), `v == 1`, a known kind, an
integer `at`, an object `payload`. It is stricter than the model in one way: it
takes values only in the form baton writes them (no "123" for 123), so every
line it accepts also validates as an `Event` (a property test holds it to that).
When a line fails, the model itself is asked for the reason, so the message is
the one users see everywhere else.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from baton.core.events import KINDS, SCHEMA_VERSION, Event

FIELDS = frozenset({"v", "id", "handoff", "kind", "hlc", "at", "author", "replica", "payload"})
_HEX32 = re.compile(r"[0-9a-f]{32}")
_HLC = re.compile(r"[0-9]{16}-[0-9]{4}-[0-9a-f]{12,32}")
_AUTHOR = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")
_REPLICA = re.compile(r"[0-9a-f]{12,32}")
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode


class BadLine(Exception):
    """A line that cannot be imported; `retry` when a newer baton (or time) may make it usable."""

    def __init__(self, reason: str, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


def event_row(line: bytes) -> dict[str, Any]:
    """The `events` table row for one line; BadLine with the reason when it is not an event."""
    try:
        data = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise BadLine("not JSON") from None
    if type(data) is not dict:
        raise BadLine(f"not an event: a JSON {type(data).__name__}, not an object")
    if data.keys() == FIELDS and _exact(data):
        return {
            "id": data["id"], "handoff_id": data["handoff"], "kind": data["kind"], "hlc": data["hlc"],
            "at": data["at"], "author": data["author"], "replica": data["replica"],
            "payload": _dumps(data["payload"]),
        }
    raise BadLine(*_why(data))


def _exact(data: dict[str, Any]) -> bool:
    at = data["at"]
    return (
        data["v"] == SCHEMA_VERSION and type(data["v"]) is int
        and type(data["kind"]) is str and data["kind"] in KINDS
        and type(at) is int and -(2**63) <= at < 2**63
        and type(data["payload"]) is dict
        and _full(_HEX32, data["id"]) and _full(_HEX32, data["handoff"])
        and _full(_HLC, data["hlc"]) and _full(_AUTHOR, data["author"])
        and _full(_REPLICA, data["replica"])
    )


def _full(pattern: re.Pattern[str], value: Any) -> bool:
    return type(value) is str and pattern.fullmatch(value) is not None


def _why(data: dict[str, Any]) -> tuple[str, bool]:
    version = data.get("v")
    if type(version) is int and version > SCHEMA_VERSION:
        return f"written by a newer baton (event schema v{version}); update baton to read it", True
    kind = data.get("kind")
    if isinstance(kind, str) and kind not in KINDS and data.get("v") == SCHEMA_VERSION:
        return f"unknown event kind {kind!r} (written by a newer baton?)", True
    try:
        Event.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "event"
        return f"wrong shape: {where}: {first['msg']}", False
    missing = sorted(FIELDS - data.keys())
    if missing:
        return f"wrong shape: missing {', '.join(missing)}", False
    return "wrong shape: a value is not in the form baton writes", False
