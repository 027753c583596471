"""JSON from outside (a teammate's segment, replica.json, a stored payload) read without unbounded nesting.

Python's JSON parser recurses once per level of nesting: text nested 100,000 levels
deep raises RecursionError, and anything that walks a deeply nested value later
(an encoder, pydantic, marshal) can fail the same way. baton never writes more than
a few levels (an event, its payload, a checklist, an item, its `when`), so text
nested more deeply than `MAX_DEPTH` is refused on sight, before it is parsed.

The check costs almost nothing for an ordinary line: text with few brackets cannot
be nested deeply, and is parsed at once. Other text has its strings cut out and is
reduced to its brackets; each pass then removes the innermost pairs, so nesting
of depth d is gone in at most d passes (at least d/2), all in C.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32
"""Passes allowed to empty the brackets: text nested up to 32 levels is always read, beyond 64 never."""

_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.DOTALL)
"""A JSON string, or an unterminated one to the end of the text: always matches at a quote, so one linear scan."""
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_plain = json.JSONDecoder().decode


class TooDeep(ValueError):
    """Text nested more deeply than baton ever writes (a ValueError, like any other text that is not JSON)."""


def too_deep(text: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests more deeply than `limit` passes can undo (or has brackets that never pair)."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", "replace")
    if text.count("{") + text.count("[") <= limit:
        return False
    brackets = _NOT_BRACKETS.sub("", _STRING.sub("", text))
    for _ in range(limit):
        reduced = brackets.replace("{}", "").replace("[]", "")
        if not reduced:
            return False
        if reduced == brackets:
            return True  # brackets that never pair: not JSON, and not worth parsing to find out
        brackets = reduced
    return bool(brackets)


def loads(text: str | bytes, decode: Any = _plain) -> Any:
    """`json.loads(text)` for text nested no deeper than baton writes; ValueError (TooDeep) otherwise.

    `decode` parses the text once it is known to be shallow enough (a decoder's
    `decode`, or a function like it); a RecursionError from it is a ValueError too.
    """
    if too_deep(text):
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep")
    try:
        return decode(text.decode("utf-8") if isinstance(text, bytes | bytearray) else text)
    except RecursionError:
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep") from None
