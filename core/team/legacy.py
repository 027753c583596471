"""What the founding vouches for: old work by segment, not by stamp, so nobody can backdate into it.

Work written before the team follows the rules from before (the `as_lead` flag), and a
folder's segments from before keys carry no signature: both are trusted because the
founder's copy held them. A stamp proves nothing (anyone picks one), so the founding
names, per folder it vouches for, the last segment its copy had taken in from there
(`upto`, a watermark as a retirement names one, origins.py), and for the founder's own
folder how many segments it had written (`own_upto`). Then:

- a segment not signed by a device of its folder's user on the team is taken in as old
  work only when the founding's mark covers it (sync/verify.py, rule 4): someone who can
  write into the folder cannot slip in an unsigned segment stamped before the founding,
  under a new number, in a teammate's folder;
- an event of a vouched folder that came only in segments past the mark is not old work
  (`Vouching.past`): it is judged by the roster as it stood after the founding, like a
  teammate's work the founder had not seen, so a member cannot stamp new work among their
  old work and have the old rules grant it a lead's rights.

A founding written by an older baton names no marks: its folders are vouched for by stamp,
as before. A founding that names marks vouches for no other folder's unsigned work: a
device enrolled later brings its earlier work signed by its own key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .origins import Watermark, watermark_from

if TYPE_CHECKING:
    from .roster import Roster

MAX_SEQ = 10**9


@dataclass
class Vouching:
    """What the founding vouches for by segment; nothing for a founding from an older baton (`marked` False)."""

    marks: dict[str, Watermark] = field(default_factory=dict)
    """Per folder other than the founder's: the last segment the founder's copy had taken in."""
    marked: bool = False
    founder_replica: str = ""
    founder_upto: int = 0
    """How many segments the founder's copy had written into its own folder."""
    past_of: Callable[[], frozenset[str]] | None = None
    """The events of those folders that came past the marks (origins.py), found when first asked (`past`):
    only an event stamped before the founding asks."""
    _past: frozenset[str] | None = None

    def past(self) -> frozenset[str]:
        if self._past is None:
            self._past = self.past_of() if self.past_of is not None else frozenset()
        return self._past


def vouched(roster: Roster, replica: str, event_id: str) -> str | None:
    """The newest stamp of `replica`'s old work the founding vouches for, unless this event came past its mark."""
    stamp = roster.legacy.get(replica)
    return None if stamp is None or (event_id and event_id in roster.vouching.past()) else stamp


def take_marks(roster: Roster, payload: dict[str, Any], replica: str) -> None:
    """Read the founding's marks (`upto`, `own_upto`) into the roster; founder's folder is `replica`."""
    upto = payload.get("upto")
    if not isinstance(upto, dict):
        return
    vouching = roster.vouching
    vouching.marked, vouching.founder_replica = True, replica
    for folder in sorted(roster.legacy):
        mark = watermark_from(upto.get(folder), folder) if folder != replica else None
        if mark is not None:
            vouching.marks[folder] = mark
    own = payload.get("own_upto")
    vouching.founder_upto = own if type(own) is int and 0 <= own < MAX_SEQ else 0


def vouches_segment(roster: Roster, replica: str, seq: int, sha256: str) -> bool:
    """Whether the founding vouches for this segment of `replica`'s folder as old work (verify.py, rule 4)."""
    vouching = roster.vouching
    if vouching.marked and replica == vouching.founder_replica:
        return seq <= vouching.founder_upto
    mark = vouching.marks.get(replica)
    if mark is not None:
        return mark.covers(seq, sha256)
    if replica in roster.legacy:
        return True  # a founding, or a founder's copy, from before marks: by stamp, as before
    return not vouching.marked and replica in roster.by_replica
