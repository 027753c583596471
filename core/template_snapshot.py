"""The checklist a handoff pins: parsing the snapshot its `created` (or `upgraded`) event carries, once.

An import folds a million events that share a few dozen distinct snapshots, so each
distinct one is parsed once and found again by identity or by its marshal bytes.
A snapshot from outside (a teammate's event) is checked against the pydantic schema
(template_schema.py) the first time it is met; one this replica's store already
holds was checked on its way in and is built without the schema (`trusted_snapshot`),
so reading a handoff never loads pydantic.
"""

from __future__ import annotations

import json
import marshal
from functools import lru_cache
from typing import Any

from .template import Template


@lru_cache(maxsize=256)
def _template_from_json(text: str) -> Template:
    return _validated(json.loads(text))


def _validated(raw: Any) -> Template:
    """A snapshot from outside: checked against the schema (imports pydantic)."""
    from .template_schema import validate

    return Template.from_dict(validate(raw, "the handoff's checklist"))


_SNAPSHOTS: dict[bytes, Template] = {}
_BY_OBJECT: dict[int, tuple[Any, Template]] = {}
"""The same parsed snapshot dict met again (an import shares one among all events carrying
it; the store shares one per stored text): known by identity, without even marshalling it.
Holding the dict keeps its id unique."""


def trusted_snapshot(raw: dict[str, Any]) -> Template:
    """The template of a snapshot this replica already checked (a text of its own snapshots
    table): built without the schema, and known by `raw`'s identity from now on."""
    try:
        template = Template.from_dict(raw)
    except (KeyError, TypeError, ValueError):
        template = _validated(raw)  # not as stored: the schema says why
    _remember(raw, template)
    return template


def _remember(raw: Any, template: Template) -> None:
    if len(_BY_OBJECT) >= 256:
        _BY_OBJECT.clear()
    _BY_OBJECT[id(raw)] = (raw, template)


def template_of(payload: dict[str, Any]) -> Template:
    """The template snapshot a `created` event carries (checked and parsed once per distinct snapshot).

    A parsed snapshot is known by its marshal bytes: exact in type (1, 1.0 and true
    differ, as they do in a template) and several times cheaper than JSON to make.
    """
    raw = payload["template"]
    if isinstance(raw, str):
        return _template_from_json(raw)
    seen = _BY_OBJECT.get(id(raw))
    if seen is not None and seen[0] is raw:
        return seen[1]
    try:
        key = marshal.dumps(raw, 2)
    except ValueError:  # not plain data: the JSON text is the key
        return _template_from_json(json.dumps(raw, sort_keys=True))
    template = _SNAPSHOTS.get(key)
    if template is None:
        template = _validated(raw)
        if len(_SNAPSHOTS) >= 256:
            _SNAPSHOTS.clear()
        _SNAPSHOTS[key] = template
    _remember(raw, template)
    return template
