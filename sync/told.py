"""What a watcher has said already about trouble that lasts: each warning or problem once while it lasts.

A sync pass reports every warning and problem it sees, and one that lasts (a teammate's
file still arriving, a device not on the team) is seen on pass after pass: said on each,
it buries what is new. So whoever watches (`baton sync --watch`, the app's toasts) says a
line once, and again only when it changes (its words are new) or comes back after a pass
with no trouble at all. A pass may see only some of the lasting trouble (a watch pass reads
what changed), so a line missing from one pass is not taken as cleared: only a clean pass
clears what was said.
"""

from __future__ import annotations

from collections.abc import Iterable


class Told:
    """The lines said so far while trouble lasts."""

    def __init__(self) -> None:
        self.said: set[str] = set()

    def news(self, current: Iterable[str]) -> list[str]:
        """The lines of this pass not said yet, in order (said from now on); a pass with none clears what was said."""
        lines = list(dict.fromkeys(current))
        fresh = [line for line in lines if line not in self.said]
        self.said = self.said | set(lines) if lines else set()
        return fresh
