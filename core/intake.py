"""Intake: a handoff started by another tool (a CRM webhook, a Zapier or Make step, a cron job).

The request is one JSON object, documented in the README:
`{"template": "...", "title": "...", "to": "user or @stage (optional)", "due": "YYYY-MM-DD (optional)",
"values": {"item-id": value, ...}}`. Everything wrong with it is listed at once;
the draft itself is opened by `drafts.open_draft`, which lists what is wrong with
the values, so nothing is created until the whole request is good.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import bounded_json
from .errors import InvalidValue
from .event_check import MAX_LINE

FIELDS = ("template", "title", "to", "due", "values")
MAX_REQUEST = 16 * MAX_LINE
"""Bytes read of a request (16 MiB): more than the events a draft's title and values become, each at most
an event's size, in any checklist a team writes. Input past it (`/dev/zero`, an endless pipe) is refused
after this much, not read until memory runs out."""


@dataclass
class Request:
    template: str
    title: str
    to: str | None = None
    due: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """What is wrong with the request itself; listed with the values' problems when the draft is opened."""


def read_request(text: str | None, source: str, overrides: dict[str, Any], sets: Iterable[str]) -> Request:
    """The request from JSON text (if any), then options given on the command line, then `--set ITEM=VALUE`."""
    problems: list[str] = []
    data: dict[str, Any] = {}
    if text is not None:
        try:
            loaded = bounded_json.loads(text)
        except bounded_json.TooDeep as exc:
            raise InvalidValue(f"{source} is {exc}: a request is one object a few levels deep") from None
        except ValueError as exc:
            raise InvalidValue(f"{source} is not valid JSON: {exc}") from None
        if not isinstance(loaded, dict):
            raise InvalidValue(f"{source} must hold one JSON object with {', '.join(FIELDS)}")
        data = loaded
        problems += [
            f"{source}: unknown field `{key}` (known: {', '.join(FIELDS)})" for key in data if key not in FIELDS
        ]
        for key in ("template", "title", "to", "due"):
            if data.get(key) is not None and not isinstance(data[key], str):
                problems.append(f"{source}: `{key}` must be a string")
        if data.get("values") is not None and not isinstance(data["values"], dict):
            problems.append(f"{source}: `values` must be an object of item ids and values")
    merged = {**{k: v for k, v in data.items() if k in FIELDS}, **{k: v for k, v in overrides.items() if v is not None}}
    values = dict(merged.get("values") or {}) if isinstance(merged.get("values"), dict) else {}
    for pair in sets:
        item_id, sep, value = pair.partition("=")
        if not sep or not item_id.strip():
            problems.append(f"--set {pair!r} is not ITEM=VALUE")
            continue
        values[item_id.strip()] = value
    for key in ("template", "title"):
        if isinstance(merged.get(key), str) and not merged[key].strip():  # given, but only spaces or nothing
            problems.append(f"the {key} given is empty: a handoff needs one")
        elif not isinstance(merged.get(key), str):
            problems.append(
                f"a {key} is needed (give it{' as the first argument' if key == 'template' else ' with --title'} or in the JSON)"
            )
    if problems and not isinstance(merged.get("template"), str):
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise InvalidValue(f"nothing created, {count}: " + "; ".join(problems))
    return Request(
        str(merged["template"]).strip(),
        str(merged.get("title") or ""),
        merged.get("to") if isinstance(merged.get("to"), str) else None,
        merged.get("due") if isinstance(merged.get("due"), str) else None,
        values,
        problems,
    )
