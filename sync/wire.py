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

Beyond the model, every line is held to what any baton can write (core/event_check.py):
at most `MAX_LINE` bytes, nested no deeper than core/bounded_json.py allows (checked
on the text, before it is parsed), an `at` a calendar can show and near its own stamp (a send's deadline near
the send: `times_problem`), a stamp that names the event's own replica (`stamp_problem`), and a payload of
the fields its kind has, each of its type and size (a `created` event's checklist
a whole template). So nothing that reaches the store or the fold can make them fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from operator import itemgetter
from sys import intern as _intern
from typing import Any

from baton.core import bounded_json
from baton.core.event_check import MAX_AT, MAX_LINE, at_problem, payload_problem, stamp_problem, times_problem
from baton.core.events import KINDS, SCHEMA_VERSION

FIELDS = frozenset({"v", "id", "handoff", "kind", "hlc", "at", "author", "replica", "payload"})
_KEYS = re.compile(
    r"[0-9a-f]{32}\x00[0-9a-f]{32}\x00[0-9]{16}-[0-9]{4}-[0-9a-f]{12,32}\x00[a-z0-9][a-z0-9._-]{0,31}\x00[0-9a-f]{12,32}"
)
"""id, handoff, hlc, author, replica joined by NUL (which none may contain): one match checks all five."""
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
_raw_decode = json.JSONDecoder().raw_decode


class BadLine(Exception):
    """A line that cannot be imported; `retry` when a newer baton (or time) may make it usable."""

    def __init__(self, reason: str, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


def event_row(line: bytes | str) -> dict[str, Any]:
    """The `events` table row for one line; BadLine with the reason when it is not an event."""
    text = line if isinstance(line, str) else text_of(line)
    return row_of(parse(text), text)


def text_of(line: bytes) -> str:
    if len(line) > MAX_LINE:
        raise BadLine(f"longer than any event baton writes ({len(line):,} bytes; at most {MAX_LINE:,})")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        raise BadLine("not JSON (not UTF-8 text)") from None


def read_line(line: bytes, loads: Callable[[str], Any], reduced_of: Callable[[str], str | None]) -> tuple[Row, Event]:
    """`row_and_event(parse(text_of(line), loads), ...)`, the same rows, events and BadLines, faster.

    A line that carries no checklist snapshot and few brackets is first parsed by a compiled
    decoder that takes only an object of exactly the nine fields, each of the JSON type baton
    writes (msgspec, imported on first use: only an import reads lines). What it takes, it parses
    to what `json.loads` gives (duplicate keys included: the last wins); everything it refuses
    (another shape, NaN, a lone surrogate, a number out of range) goes the way it always went,
    so a line that is wrong gets the very reason it got before. `loads` and `reduced_of` are
    those of a Snapshots (snapshots.py), which shares the checklist snapshots of created events.
    """
    text = text_of(line)
    if '"template":' not in text and text.count("{") + text.count("[") <= bounded_json.MAX_DEPTH:
        fields = _fast_fields(text)
        if fields is not None:
            try:
                return _checked(*fields, text=text, reduced=None)
            except _NotExact:
                pass  # read the long way, for the reason
    return row_and_event(parse(text, loads), text, reduced_of(text))


Row = dict[str, Any]
Event = dict[str, Any]
_decode: Callable[[str], Any] | None = None


def _fast_fields(text: str) -> tuple[Any, ...] | None:
    """The nine fields of a line (v first, then `_FIELDS_OF`'s order) when the compiled decoder takes it."""
    global _decode
    if _decode is None:
        _decode = _line_decoder()
    try:
        line = _decode(text)
    except ValueError:
        return None
    return (line.v, line.id, line.handoff, line.kind, line.hlc, line.at, line.author, line.replica, line.payload)


def _line_decoder() -> Callable[[str], Any]:
    import msgspec

    class Line(msgspec.Struct, forbid_unknown_fields=True, gc=False):
        """An event line: these nine fields, all required, no others, each of its JSON type (bool is not int)."""

        v: int
        id: str
        handoff: str
        kind: str
        hlc: str
        at: int
        author: str
        replica: str
        payload: dict[str, Any]

    decode: Callable[[str], Any] = msgspec.json.Decoder(Line).decode  # its errors are ValueErrors
    return decode


def parse(line: bytes | str, loads: Callable[[str], Any] = bounded_json.loads) -> dict[str, Any]:
    """The JSON object on a line, unchecked; BadLine when it is not one. `loads` as `bounded_json.loads`
    (a parser that refuses text nested more deeply than baton writes, like Snapshots.loads)."""
    text = line if isinstance(line, str) else text_of(line)
    if len(text) > MAX_LINE:
        raise BadLine(f"longer than any event baton writes ({len(text):,} characters; at most {MAX_LINE:,})")
    try:
        data = loads(text)
    except (bounded_json.TooDeep, RecursionError):
        raise BadLine(f"not an event: nested more than {bounded_json.MAX_DEPTH} levels deep") from None
    except ValueError:
        raise BadLine("not JSON") from None
    if type(data) is not dict:
        raise BadLine(f"not an event: a JSON {type(data).__name__}, not an object")
    return data


def row_of(data: dict[str, Any], text: str | None = None, reduced: str | None = None) -> dict[str, Any]:
    """The row for a parsed line, after the exact check (see `row_and_event`)."""
    return row_and_event(data, text, reduced)[0]


def row_and_event(
    data: dict[str, Any], text: str | None = None, reduced: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The row for a parsed line, after the exact check, and the event as the fold takes it.

    The event has the fields of one read back from the store (events.event_from_row), made
    here with the row's keys and values: the parsed dict's own keys are new strings on every
    line, and a first import holds its events until it folds them.

    When the line is laid out exactly as baton's export writes it (these keys in
    this order, no spaces), the payload's JSON is taken from the line as written:
    the author's replica stored it in canonical form and export copies it
    verbatim, so re-encoding would give the same text at a real cost (created
    events carry a whole checklist). Any other layout is re-encoded canonically.
    `reduced` is the line with its checklist snapshot cut out (see snapshots.py), when known.

    `exact` and `_payload_text`, written out once here: this runs for every line of an import.
    """
    if data.keys() != FIELDS:
        raise BadLine(*_why(data))
    try:
        return _checked(data["v"], *_FIELDS_OF(data), text=text, reduced=reduced)
    except _NotExact:
        raise BadLine(*_why(data)) from None


class _NotExact(Exception):
    """A field is not in the form baton writes: the caller asks the model why (`_why`), or reads the line again."""


def _checked(
    version: Any,
    event_id: Any,
    handoff: Any,
    kind: Any,
    hlc: Any,
    at: Any,
    author: Any,
    replica: Any,
    payload: Any,
    *,
    text: str | None,
    reduced: str | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`row_and_event` for an event's nine fields (however they were parsed); _NotExact when one is not in
    the form baton writes, BadLine for a payload or time that is wrong."""
    if not (
        type(version) is int
        and version == SCHEMA_VERSION
        and type(kind) is str
        and kind in KINDS
        and type(at) is int
        and 0 <= at <= MAX_AT
        and type(payload) is dict
        and type(event_id) is str
        and type(handoff) is str
        and type(hlc) is str
        and type(author) is str
        and type(replica) is str
        and _KEYS.fullmatch(f"{event_id}\x00{handoff}\x00{hlc}\x00{author}\x00{replica}") is not None
    ):
        raise _NotExact
    problem = payload_problem(kind, payload)
    if problem is not None:
        raise BadLine(f"wrong shape: {problem[0]}", retry=problem[1])
    wrong = times_problem(kind, at, hlc, payload) or stamp_problem(hlc, replica)
    if wrong is not None:
        raise BadLine(f"wrong shape: {wrong}")
    stored = None
    if text is not None and text[-1:] == "}":
        head = (
            f'{{"v":1,"id":"{event_id}","handoff":"{handoff}","kind":"{kind}","hlc":"{hlc}","at":{at},'
            f'"author":"{author}","replica":"{replica}","payload":'
        )
        if text.startswith(head) and text[len(head) : len(head) + 1] == "{":
            stored = _payload_of(text, len(head), reduced)
    row = {
        "id": event_id,
        "handoff_id": handoff,
        "kind": kind,
        "hlc": hlc,
        "at": at,
        "author": author,
        "replica": replica,
        "payload": stored or _dumps(payload),
    }
    event = {
        "id": event_id,
        "handoff": _intern(handoff),
        "kind": _KIND_TEXTS[kind],
        "hlc": hlc,
        "at": at,
        "author": _intern(author),
        "replica": _intern(replica),
        "payload": payload,
    }
    return row, event


_KIND_TEXTS = {kind: kind for kind in KINDS}
_FIELDS_OF = itemgetter("id", "handoff", "kind", "hlc", "at", "author", "replica", "payload")


def _payload_text(data: dict[str, Any], text: str | None, reduced: str | None = None) -> str | None:
    if text is None or not text.endswith("}"):
        return None
    head = (
        f'{{"v":1,"id":"{data["id"]}","handoff":"{data["handoff"]}","kind":"{data["kind"]}",'
        f'"hlc":"{data["hlc"]}","at":{data["at"]},"author":"{data["author"]}",'
        f'"replica":"{data["replica"]}","payload":'
    )
    if not (text.startswith(head) and text[len(head)] == "{"):
        return None
    return _payload_of(text, len(head), reduced)


def _payload_of(text: str, start: int, reduced: str | None) -> str | None:
    """The payload's text in a line whose head (up to `start`) is as baton writes it; None when what
    follows is not exactly one object closing the line."""
    # The payload must be the whole rest of the line: a second "payload" key (JSON keeps the last)
    # or any key after it would otherwise leave text that is not this payload. An object with no
    # brace inside is one at sight (the line parsed, so its only `}` closes it); any other is
    # parsed again to find its end, in the line without its checklist snapshot when known.
    payload = text[start:-1]
    if payload.count("{") == 1 and payload.count("}") == 1 and payload.endswith("}"):
        return payload
    whole = reduced or text
    rest = whole[start:-1]
    if whole is reduced and rest.count("{") == 1 and rest.count("}") == 1 and rest.endswith("}"):
        return payload
    try:
        _, end = _raw_decode(whole, start)
    except ValueError:
        return None
    return payload if end == len(whole) - 1 else None


def exact(data: dict[str, Any]) -> bool:
    """Whether a parsed line is an event exactly as baton writes one."""
    if data.keys() != FIELDS:
        return False
    at, event_id, handoff, hlc, author, replica = (
        data["at"],
        data["id"],
        data["handoff"],
        data["hlc"],
        data["author"],
        data["replica"],
    )
    return (
        type(data["v"]) is int
        and data["v"] == SCHEMA_VERSION
        and type(data["kind"]) is str
        and data["kind"] in KINDS
        and type(at) is int
        and 0 <= at <= MAX_AT
        and type(data["payload"]) is dict
        and type(event_id) is str
        and type(handoff) is str
        and type(hlc) is str
        and type(author) is str
        and type(replica) is str
        and _KEYS.fullmatch(f"{event_id}\x00{handoff}\x00{hlc}\x00{author}\x00{replica}") is not None
    )


def _why(data: dict[str, Any]) -> tuple[str, bool]:
    version = data.get("v")
    if type(version) is int and version > SCHEMA_VERSION:
        return f"written by a newer baton (event schema v{version}); update baton to read it", True
    kind = data.get("kind")
    if isinstance(kind, str) and kind not in KINDS and data.get("v") == SCHEMA_VERSION:
        return f"unknown event kind {kind!r} (written by a newer baton?)", True
    from pydantic import ValidationError  # only for a line that is not as baton writes it

    from baton.core.event_model import Event

    try:
        Event.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "event"
        return f"wrong shape: {where}: {first['msg']}", False
    missing = sorted(FIELDS - data.keys())
    if missing:
        return f"wrong shape: missing {', '.join(missing)}", False
    if type(data["at"]) is int and at_problem(data["at"]) is not None:
        return f"wrong shape: {at_problem(data['at'])}", False
    return "wrong shape: a value is not in the form baton writes", False
