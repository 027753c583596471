"""The kinds of event, in two families: changes to one handoff, and changes to the team's roster.

Kept apart from events.py (which needs pydantic) so the roster and the commands that
never parse an event can name the kinds without loading it.
"""

from __future__ import annotations

from typing import Literal, get_args

HandoffKind = Literal[
    "created",
    "item_set",
    "item_cleared",
    "waived",
    "unwaived",
    "commented",
    "comment_retracted",
    "send_blocked",
    "sent",
    "recalled",
    "accepted",
    "returned",
    "reassigned",
    "cancelled",
    "reopened",
    "upgraded",
]
"""Changes to one handoff, checked by core/rules.py."""

RosterKind = Literal[
    "team_founded",
    "member_invited",
    "member_joined",
    "device_added",
    "member_set",
    "member_away",
    "member_removed",
    "checklist_published",
    "stage_rule",
]
"""Changes to the team, filed under the team's own stream and checked by core/team/changes.py."""

ROSTER_KINDS: frozenset[str] = frozenset(get_args(RosterKind))
