"""Random ids and the short unique prefixes people type.

Ids are random, never sequential, so two replicas working offline never mint the
same one. People see and type the shortest prefix that is unique (as git does).
"""

from __future__ import annotations

import secrets

SHORT_MIN = 6


def new_id() -> str:
    """128 random bits as 32 lowercase hex digits."""
    return secrets.token_hex(16)


def short_prefixes(ids: list[str], minimum: int = SHORT_MIN) -> dict[str, str]:
    """Map each id to its shortest unique prefix of at least `minimum` characters."""
    ordered = sorted(set(ids))
    result: dict[str, str] = {}
    for index, current in enumerate(ordered):
        need = minimum
        for neighbour_index in (index - 1, index + 1):
            if 0 <= neighbour_index < len(ordered):
                other = ordered[neighbour_index]
                common = 0
                while common < len(current) and common < len(other) and current[common] == other[common]:
                    common += 1
                need = max(need, common + 1)
        result[current] = current[:need]
    return result
