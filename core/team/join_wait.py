"""A join that waits for its invitation's record: told as what it is, and as a forgery once that is known.

A join counts only once its maker's signed record of the invitation (`member_invited`) is in
the log (changes.NOT_RECORDED): the record sits in the maker's folder, where a retirement's or a
removal's watermark reaches it. Until it arrives, the newcomer's device is not on the team, but
an honest newcomer whose lead has not synced yet is no stranger claiming a name: they are told,
and their teammates are told, that the join waits for that record.

What a copy can know about a record it does not hold:
- **It may still come**: nothing says otherwise. The join waits; it counts once the record does.
- **It can no longer count**: the maker's device was retired, its person removed, or (for an
  invitation that took a lead: someone new, or a device for someone else) demoted, with a
  watermark: a record past it never counts, whoever made it (a code minted with a lost key,
  or one made and never synced before the end).
- **It was never made there**: this copy holds changes the maker's device wrote after the
  invitation's stamp, and no record. A device writes the record as it makes the code and sends
  out its changes in the order it wrote them, so the record would have come first: the code was
  signed with that key outside the maker's own baton (or the maker's copy lost it). Told as a
  device not on the team, like a forgery, and never counting.
A copy that took the watermark in before the maker's older segments may say "can no longer count"
a sync early; the join then counts once those segments arrive, and the words go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .standing import not_on_team

if TYPE_CHECKING:
    from .roster import Roster
    from .standing import WriterProblem

WroteAfter = Callable[[str, str], bool]
"""(replica, stamp) -> whether this copy holds an event that replica wrote after that stamp (Store.wrote_after)."""


@dataclass(frozen=True)
class JoinWait:
    """A join of `user`'s, written with an invitation `maker` signed, whose record has not counted here."""

    user: str
    maker: str
    ended: str = ""
    """Why the maker's record can no longer count ("" while it may still come)."""
    unrecorded: bool = False
    """The maker's device wrote on after the invitation, and its record is not among what it wrote."""

    @property
    def waits(self) -> bool:
        """Whether the record may still come: an honest wait, not a forgery."""
        return not self.ended and not self.unrecorded

    @property
    def standing(self) -> str:
        """How a list of teammates says the person: waiting to be let in while the record may still come, and
        not on the team once it cannot (the reason says why)."""
        if self.waits:
            return f"waiting to be let in: their join waits for {self.maker}'s record of the invitation"
        return "not on the team"

    @property
    def reason(self) -> str:
        """The one line a person reads, on every copy that holds the join."""
        if self.unrecorded:
            return (
                f"{not_on_team(self.user)}: its invitation is signed by {self.maker}'s device, but {self.maker}'s "
                f"record holds no such invitation ({self.maker}'s later changes are here without it), so it never "
                f"counts; if {self.maker} did not make it, someone else holds that key: a lead retires the device"
            )
        if self.ended:
            return (
                f"{not_on_team(self.user)}: {self.maker}'s record of the invitation it joined with did not reach "
                f"the team before {self.ended}, so it never counts (a code made with that key after its end, or "
                f"made and never synced); {self.user} needs a new invitation from a lead"
            )
        return (
            f"{self.user}'s join waits for {self.maker}'s record of the invitation "
            f"(it arrives with {self.maker}'s next sync)"
        )


def waiting_of(roster: Roster, user: str, wrote_after: WroteAfter | None = None) -> JoinWait | None:
    """A join of `user`'s, in whichever folder, that this roster holds waiting for its record; None when none."""
    joiner = next(
        (joiner for joiner, invite in sorted(roster.waiting.values(), key=lambda w: w[0]) if invite.user == user), None
    )
    return None if joiner is None else join_wait(roster, joiner, wrote_after)


def join_wait(roster: Roster, replica: str, wrote_after: WroteAfter | None = None) -> JoinWait | None:
    """The join written in folder `replica` that waits for its invitation's record; None when there is none.

    `wrote_after` lets a copy tell a record that never existed (see the module docstring); without it, only
    what the roster says is used (an ended key)."""
    found = next((invite for joiner, invite in roster.waiting.values() if joiner == replica), None)
    if found is None:
        return None
    key, maker = found.key, found.by
    ended = ""
    if key in roster.watermarks:
        ended = f"{roster.retired.get(key, ('', 'a lead'))[1]} retired the device of {maker}'s that made it"
    elif key in roster.removal_marks and roster.removals.get(maker):
        ended = f"{roster.removals[maker][-1][1]} removed {maker} from the team"
    elif key in roster.demotions and (not found.device or found.user != maker):  # an invitation that took a lead
        ended = f"{maker} stopped being a lead"
    if ended:
        return JoinWait(found.user, maker, ended=ended)
    made_on = next((d.replica for d in roster.devices.get(key, ()) if d.user == maker), None)
    unrecorded = made_on is not None and wrote_after is not None and wrote_after(made_on, found.hlc)
    return JoinWait(found.user, maker, unrecorded=unrecorded)


def refused_write(problem: WriterProblem, roster: Roster, replica: str, wrote_after: WroteAfter) -> str:
    """What a write by this device is refused with while it does not speak for the team (Replica._check)."""
    if problem.join is None:
        return f"{problem.reason}: ask a lead for an invitation (`baton team invite {problem.author}`)"
    join = join_wait(roster, replica, wrote_after) or problem.join
    return join.reason + (": `baton sync` takes it in once it has come" if join.waits else "")
