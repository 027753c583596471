"""Did you mean: the one known name a typed name is probably a typo of.

Every lookup that misses a name (an item, a teammate, a checklist, a member of the team) asks the same
question with the same measure, so `bne` finds `ben` wherever it is typed.
"""

from __future__ import annotations

from collections.abc import Iterable


def closest(typed: str, known: Iterable[str]) -> str | None:
    """The known name `typed` is closest to, when it is close enough to be a typo of it; else None."""
    from difflib import get_close_matches  # only for a miss: not loaded by every command

    close = get_close_matches(typed, sorted(set(known)), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(typed: str, known: Iterable[str]) -> str:
    """` (did you mean `ben`?)` to add to a miss's words, or "" when no known name is close."""
    meant = closest(typed, known)
    return f" (did you mean `{meant}`?)" if meant else ""
