"""Why an event's writer does not speak for the team: a reason every caller decides on, and every message says.

The fold, the local check before a write, and the sync report all ask the roster one
question about a writer ("is this device its author's, on the team, at this stamp?").
The answer is a `Standing` with the facts it rests on, never a sentence to be parsed:
whether the event is *held* (folded as if not in the log, as the import keeps such
segments aside) depends on the standing alone, and the words are made from it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .join_wait import JoinWait


class Standing(Enum):
    """How a writer stands with the team, when it does not speak for it."""

    NOT_ON_TEAM = "not on the team"
    """No device of the author's is on the team at that stamp: a stranger, or a key never enrolled."""
    OTHERS_DEVICE = "another person's device"
    """The device is on the team, but it is someone else's: it cannot write as the author."""
    RETIRED_DEVICE = "retired device"
    """The author's own device, which a lead retired before that stamp (lost or stolen)."""
    REMOVED = "removed"
    """The author's own device, but the author was removed from the team before that stamp."""
    JOIN_WAITS = "join waits for its invitation's record"
    """A device whose join is written, but whose invitation's record has not counted (join_wait.py)."""


def not_on_team(user: str) -> str:
    """The words every replica uses for a writer the roster does not know."""
    return f"a device claiming to be {user} is not on the team"


@dataclass(frozen=True)
class WriterProblem:
    """Why an event by `author` is not the team's: the standing, and who and which key it concerns."""

    standing: Standing
    author: str
    by: str = ""
    """OTHERS_DEVICE: whose device it is; RETIRED_DEVICE: who retired it; REMOVED: who removed the author."""
    fingerprint: str = ""
    """RETIRED_DEVICE: the retired key's fingerprint."""
    join: JoinWait | None = None
    """JOIN_WAITS: the join and what is known of its record (by: its invitation's maker)."""

    @property
    def held(self) -> bool:
        """Whether the event is folded as if it were not in the log (verify.py keeps such segments aside).

        A removed member's event, by a device that was theirs, is taken in by every replica and shown as not
        applied, with who removed them: it is not held. Every other standing is a device that does not speak
        for the author, whose segments the import keeps aside."""
        return self.standing is not Standing.REMOVED

    @property
    def reason(self) -> str:
        """The one line a person reads."""
        if self.standing is Standing.OTHERS_DEVICE:
            return f"written by a device of {self.by}, not of {self.author}"
        if self.standing is Standing.RETIRED_DEVICE:
            return f"written by a device of {self.author}'s that {self.by} retired (key {self.fingerprint})"
        if self.standing is Standing.REMOVED:
            return f"{self.author} was removed from the team by {self.by}"
        if self.join is not None:
            return self.join.reason
        return not_on_team(self.author)

    def __str__(self) -> str:
        return self.reason
