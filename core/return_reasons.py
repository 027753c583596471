"""Reasons: a return, a waiver or a cancellation must say something, so a reason that is only a placeholder is refused.

"TBD", "n/a" or "see Slack" as the reason for sending work back leaves the sender to
chase the receiver, the very round trip a return should save, and it then headlines
the lead's report ("Why work bounces back"). The same words as a waiver's reason leave
the receiver to guess why an item the checklist requires is missing, and as a
cancellation's, leave both people to guess why the work stopped. The vague-answer
checks (answer_checks.py) already know these words; here their `placeholder` and
`pointer` checks judge the reason, but strictly: only a reason with nothing left once
its placeholders and pointers are taken out is refused ("TBD, the seat count is
missing" says what is needed and passes). Checked when a person returns, waives or
cancels (Replica.return_, waive, cancel), not in the fold: events written before this
check, or on a device without it, still fold.
"""

from __future__ import annotations

import re

from .answer_checks import AnswerChecks, content_words, normal

JUDGED_BY = ("placeholder", "pointer")
"""The vague-answer tests a return reason meets."""

_PIECES = re.compile(r"[,;:!.\s]+")


def placeholder_reason(checks: AnswerChecks, reason: str) -> str | None:
    """The placeholder a reason consists of (as quoted to the person), or None when it says something."""
    tidy = reason.strip()
    if not tidy:
        return None
    rules = [c for c in checks.checks if c.test in JUDGED_BY]
    words = frozenset().union(*(c.words for c in rules))
    if normal(tidy) in words:
        return tidy
    rest = tidy
    for check in rules:
        for pattern in check.patterns:
            rest = pattern.sub(" ", rest)
    left = [piece for piece in _PIECES.split(rest) if piece and normal(piece) not in words]
    return None if content_words(" ".join(left)) else tidy


NEEDED = {
    "return": ("what the sender needs: write what is missing or wrong", "the seat count is not in the order form"),
    "waiver": ("why the receiver can do without it: write why", "the client has no data to migrate"),
    "cancellation": ("why the work stops: write why", "the client withdrew before signing"),
}
"""What each kind of reason must say, and an example, for the refusal's words."""


def refusal(found: str, what: str = "return") -> str:
    """The one line a person sees when their reason for a `what` (return, waiver, cancellation) is refused."""
    needed, example = NEEDED[what]
    return f"the reason “{found}” does not say {needed} (for example: {example})"


def check_reason(checks: AnswerChecks, reason: str, what: str = "return") -> str:
    """The reason, or InvalidValue when it is only a placeholder or a pointer."""
    from .errors import InvalidValue

    found = placeholder_reason(checks, reason)
    if found is not None:
        raise InvalidValue(refusal(found, what))
    return reason
