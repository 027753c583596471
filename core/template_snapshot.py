"""The checklist a handoff pins: parsing the snapshot its `created` (or `upgraded`) event carries, once.

An import folds a million events that share a few dozen distinct snapshots, so each
distinct one is parsed once and found again by identity or by its marshal bytes.
"""

from __future__ import annotations

import json
import marshal
from functools import lru_cache
from typing import Any

from .template import Template


@lru_cache(maxsize=256)
def _template_from_json(text: str) -> Template:
    return Template.model_validate_json(text)


_SNAPSHOTS: dict[bytes, Template] = {}
_BY_OBJECT: dict[int, tuple[Any, Template]] = {}
"""The same parsed snapshot dict met again (an import shares one among all events carrying
it): known by identity, without even marshalling it. Holding the dict keeps its id unique."""


def template_of(payload: dict[str, Any]) -> Template:
    """The template snapshot a `created` event carries (parsed once per distinct snapshot).

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
        template = Template.model_validate(raw)
        if len(_SNAPSHOTS) >= 256:
            _SNAPSHOTS.clear()
        _SNAPSHOTS[key] = template
    if len(_BY_OBJECT) >= 256:
        _BY_OBJECT.clear()
    _BY_OBJECT[id(raw)] = (raw, template)
    return template
