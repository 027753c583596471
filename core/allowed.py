"""What a viewer may do with a handoff now, and why not the rest.

The app shows, hides and disables its buttons from this answer alone, and it is
the same permission each command's rule starts with (permissions.py), asked of
the event the command would write: an action is offered exactly when the command
would accept it with good input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .payloads import LEAD_KINDS, EventDict
from .permissions import (
    INVALID,
    PAYLOAD_FLAG,
    Rule,
    RuleContext,
    may_answer,
    may_cancel,
    may_change_receiver,
    may_comment,
    may_fill,
    may_reassign,
    may_send,
    may_upgrade,
    may_waive,
)
from .record import record
from .waivable import waivable

if TYPE_CHECKING:
    from .projection import HandoffState


class Reason(str):
    """Why an action is not open to a viewer, in words; `category` says what kind of no it is.

    A plain string to anyone who prints it. A screen reads `category` to choose
    between hiding a button (NOT_ALLOWED, INVALID) and showing it disabled (BLOCKED:
    the action is theirs, but the gate holds it until the checklist is done).
    """

    category: str

    def __new__(cls, text: str, category: str) -> Reason:
        reason = super().__new__(cls, text)
        reason.category = category
        return reason


@record(frozen=True)
class Viewer:
    """Who is looking: their user name and whether their replica acts as a lead."""

    user: str
    lead: bool = False


ACTIONS: dict[str, tuple[str, Rule]] = {
    "edit": ("item_set", may_fill),
    "waive": ("waived", may_waive),
    "comment": ("commented", may_comment),
    "send": ("sent", may_send),
    "accept": ("accepted", may_answer),
    "return": ("returned", may_answer),
    "reassign": ("reassigned", may_reassign),
    "change_receiver": ("receiver_changed", may_change_receiver),
    "cancel": ("cancelled", may_cancel),
    "upgrade": ("upgraded", may_upgrade),
}
"""What a person can ask to do with a handoff, the event kind it writes, and its permission."""

LATER: Final = "9999999999999999-9999-ffffffffffffffff"
"""A stamp after every real one: the place of a change the viewer would make now."""


def allowed_actions(
    state: HandoffState, viewer: Viewer, ctx: RuleContext = PAYLOAD_FLAG, now: int = 0
) -> dict[str, Reason | None]:
    """For each action (ACTIONS order): None when `viewer` may do it now, else why not, in words.

    The same permission the command's rule starts with, on the event the command
    would write (as a lead's replica writes it), so an action is offered exactly
    when the command would accept it with good input. `send` says why while the
    gate holds it (the app shows the button, disabled); `waive` needs a required
    item that is neither waived nor filled already (waivable.py). `now` (UTC ms) is when the viewer would act: the
    gate judges promised dates then, as it would judge a send made now; 0 judges
    them at the handoff's last change.
    """
    answers: dict[str, Reason | None] = {}
    for action, (kind, permission) in ACTIONS.items():
        if not state.exists:
            answers[action] = Reason("the handoff does not exist", INVALID)
            continue
        payload: dict[str, Any] = {"as_lead": True} if viewer.lead and kind in LEAD_KINDS else {}
        probe: EventDict = {
            "id": "",
            "handoff": state.id,
            "kind": kind,
            "hlc": LATER,
            "at": now,
            "author": viewer.user,
            "replica": "",
            "payload": payload,
        }
        problem = permission(state, probe, ctx)
        if problem is None and action == "waive" and not waivable(state, now or None):
            problem = INVALID, "every required item is filled or waived already: nothing to waive"
        answers[action] = None if problem is None else Reason(problem[1], problem[0])
    return answers
