"""The rules' lead question answered by the team's roster (rules.RuleContext, for a team that exists).

Once the team is founded, whether an event's author acts as a lead is the
roster's answer at the event's stamp; the `as_lead` flag grants nothing. Old
work the founding vouches for keeps the old rule (the flag a lead's replica
wrote), so it reads as it did (see roster.py, "Time"). A send is also refused when the
team does not know the handoff's checklist at the send's stamp, an upgrade when the team does not know the
checklist it moves the handoff onto at the upgrade's stamp, and a handoff is never
handed to someone a lead had removed by the stamp of the event that names them. A send's deadline counts the
receiver's hours as the roster stood at the send's stamp (deadlines.counted_answer_by).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..permissions import RuleContext
from ..timezones import known_zone
from .checklists import checklist_hash

if TYPE_CHECKING:
    from ..hours import Member as HoursMember
    from ..projection import HandoffState
    from ..template import Template
    from .roster import Member, Roster


class RosterContext(RuleContext):
    """The rules' context once a team is founded: the roster at the event's stamp answers, not the payload."""

    __slots__ = ("roster",)

    def __init__(self, roster: Roster) -> None:
        self.roster = roster

    def _judged_at(self, event: Any) -> str | None:
        """The stamp the roster answers every question about `event` at: its own, or later for what a demoted
        lead's device signed past the demotion's watermark (`Roster.floors`); None for old work the founding
        vouches for (the old rules answer). One answer for every rule, so none can be backdated around."""
        roster, hlc = self.roster, event["hlc"]
        if roster.floors:
            hlc = max(hlc, roster.floors.get(event["id"], ""))
        return roster.when(hlc) if roster.judges(event["replica"], hlc, event["id"]) else None

    def is_lead(self, event: Any) -> bool:
        at = self._judged_at(event)
        if at is not None:
            return self.roster.is_lead(event["author"], at)
        return bool(event["payload"].get("as_lead"))

    def removed_by(self, user: str, event: Any) -> str | None:
        at = self._judged_at(event)
        if at is None:
            return None  # old work the founding vouches for: there was no team to be removed from
        removal = self.roster.removed(user, at)
        return None if removal is None else removal[1]

    def receiver_at(self, user: str, event: Any) -> HoursMember | None:
        at = self._judged_at(event)
        entry = self.roster.member(user, at) if at is not None else None
        return _hours_of(entry) if entry is not None and known_zone(entry.tz) else None

    def checklist_problem(self, state: HandoffState, event: Any) -> str | None:
        if not state.checklist_sha:
            return None
        at = self._judged_at(event)
        if at is None or self.roster.knows_checklist(state.checklist_sha, at):
            return None
        return state.unapproved or f"unapproved checklist: {state.template.id if state.template else '?'}"

    def unknown_checklist(self, snapshot: dict[str, Any], event: Any) -> str | None:
        at = self._judged_at(event)
        if at is None:
            return None  # old work the founding vouches for: there was no team to know checklists
        return self.roster.checklist_problem(snapshot, checklist_hash(snapshot), at)


@lru_cache(maxsize=256)
def _hours_of(entry: Member) -> HoursMember:
    """A roster entry as the deadline reads it (members.from_roster), once per distinct entry: a send's fold
    asks it, and an import folds thousands of sends."""
    from ..members import from_roster

    return from_roster([entry], {})[0]


def context_for(roster: Roster) -> RuleContext:
    """The rules' context for a replica holding this roster (the old rule while there is no team)."""
    from ..permissions import PAYLOAD_FLAG

    return RosterContext(roster) if roster.founded else PAYLOAD_FLAG


_SHAS: dict[int, tuple[Template, str]] = {}


def _checklist_sha(template: Template, payload: dict[str, Any]) -> str:
    """The content hash of a created event's checklist: once per distinct snapshot (`template_of` shares them)."""
    seen = _SHAS.get(id(template))
    if seen is not None and seen[0] is template:
        return seen[1]
    raw = payload["template"]
    sha = checklist_hash(json.loads(raw) if isinstance(raw, str) else raw)
    if len(_SHAS) >= 256:
        _SHAS.clear()
    _SHAS[id(template)] = (template, sha)
    return sha


def pin_checklist(state: HandoffState, event: dict[str, Any], roster: Roster) -> None:
    """A handoff created (or upgraded) under the team pins its checklist by hash; one the team does not know is
    flagged. An upgrade pins its new checklist, so a send is judged on the checklist the handoff is on now."""
    raw = event["payload"]["template"]
    if event["kind"] == "created":
        state.created_event = event["id"]
    assert state.template is not None
    state.checklist_sha = _checklist_sha(state.template, event["payload"])
    state.unapproved = ""
    if not roster.knows_checklist(state.checklist_sha):
        snapshot = json.loads(raw) if isinstance(raw, str) else raw
        state.unapproved = roster.checklist_problem(snapshot, state.checklist_sha) or ""
