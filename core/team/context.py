"""The rules' lead question answered by the team's roster (rules.RuleContext, for a team that exists).

Once the team is founded, whether an event's author acts as a lead is the
roster's answer at the event's stamp; the `as_lead` flag grants nothing. Old
work the founding vouches for keeps the old rule (the flag a lead's replica
wrote), so it reads as it did (see roster.py, "Time"). A send is also refused when the
team does not know the handoff's checklist at the send's stamp.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..rules import RuleContext

if TYPE_CHECKING:
    from ..projection import HandoffState
    from .roster import Roster


class RosterContext(RuleContext):
    __slots__ = ("roster",)

    def __init__(self, roster: Roster) -> None:
        self.roster = roster

    def is_lead(self, event: Any) -> bool:
        roster, hlc = self.roster, event["hlc"]
        if roster.judges(event["replica"], hlc):
            return roster.is_lead(event["author"], roster.when(hlc))
        return bool(event["payload"].get("as_lead"))

    def checklist_problem(self, state: HandoffState, event: Any) -> str | None:
        roster, hlc = self.roster, event["hlc"]
        if not state.checklist_sha or not roster.judges(event["replica"], hlc):
            return None
        if roster.knows_checklist(state.checklist_sha, roster.when(hlc)):
            return None
        return state.unapproved or f"unapproved checklist: {state.template.id if state.template else '?'}"


def context_for(roster: Roster) -> RuleContext:
    """The rules' context for a replica holding this roster (the old rule while there is no team)."""
    from ..rules import PAYLOAD_FLAG

    return RosterContext(roster) if roster.founded else PAYLOAD_FLAG
