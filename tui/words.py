"""The words baton uses for the same thing on every screen and in every command's output.

Kept apart from Textual so the command line can use them without loading the app.
"""

from __future__ import annotations


def gate_words(blockers: int, sending: bool = True) -> str:
    """The gate's one name: "Ready to send", or "2 items block sending" (receivers: "All required items done")."""
    if not blockers:
        return "Ready to send" if sending else "All required items done"
    return f"{blockers} item{'s' if blockers != 1 else ''} block{'' if blockers != 1 else 's'} sending"
