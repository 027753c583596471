"""The words baton uses for the same thing on every screen and in every command's output.

Kept apart from Textual so the command line can use them without loading the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

RECEIVER_KEY = "Ctrl+G gives it another receiver"
"""Where the app gives a draft another receiver (the command line: `baton reassign ID --receiver USER`)."""

SHOWN_BLOCKERS = 4
"""A refused send names this many items; the rest are counted (the checklist marks every one)."""


def gate_words(blockers: int, sending: bool = True) -> str:
    """The gate's one name: "Ready to send", or "2 items block sending" (receivers: "All required items done")."""
    if not blockers:
        return "Ready to send" if sending else "All required items done"
    return f"{blockers} item{'s' if blockers != 1 else ''} block{'' if blockers != 1 else 's'} sending"


def blocked_words(refusal: str, blockers: Sequence[Any]) -> str:
    """A refused send, then what still blocks it by each item's text, as the checklist shows it and the gate says it.

    "cannot send: 4 items still block it" alone leaves the person hunting through the checklist for the four.
    """
    lines = [f"{refusal}:"] + [f"✗ {b.text}: {b.reason}" for b in blockers[:SHOWN_BLOCKERS]]
    if len(blockers) > SHOWN_BLOCKERS:
        lines.append(f"… and {len(blockers) - SHOWN_BLOCKERS} more, marked in the checklist")
    return "\n".join(lines)
