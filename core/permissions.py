"""Who may do what, and when: the permission each rule starts with, and who counts as a lead.

A permission looks only at the handoff's status and the event's author; the rules
(rules.py) add their checks of the event's content after it, and `allowed_actions`
(allowed.py) asks the same permissions for a viewer, so what a screen offers is
exactly what a command accepts.

Whether the author counts as a lead is one question, `RuleContext.is_lead`, asked
of the event at its place in clock order, and only when the answer matters (the
author is not the sender, receiver or whoever holds the step), so the fold seldom
pays for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from .gate import gate
from .payloads import EventDict
from .statuses import EDITABLE, OPEN, status_said

if TYPE_CHECKING:
    from .hours import Member
    from .projection import HandoffState

INVALID: Final = "invalid"
NOT_ALLOWED: Final = "not_allowed"
BLOCKED: Final = "blocked"

Problem = tuple[str, str] | None
"""None when the event may apply; else (category, reason)."""


class RuleContext:
    """What the rules know beyond the handoff's own events: who is a lead, who was removed, which checklists the
    team knows.

    Without a team the event itself says so (`as_lead`, written by a lead's
    replica) and every checklist will do. Once a team is founded, the roster
    answers at the event's stamp (core/team/context.py). One context serves a
    whole store (`Store.rules`): every fold, every command's check and every
    `allowed_actions` of a replica asks it, so a context that knows the roster
    reaches them all.
    """

    __slots__ = ()

    def is_lead(self, event: EventDict | dict[str, Any]) -> bool:
        """Whether the event's author acts as a lead at the event's place in clock order."""
        return bool(event["payload"].get("as_lead"))

    def checklist_problem(self, state: HandoffState, event: EventDict | dict[str, Any]) -> str | None:
        """Why a send may not go out on this handoff's checklist ("unapproved checklist: ..."); None when it may."""
        return None

    def unknown_checklist(self, snapshot: dict[str, Any], event: EventDict | dict[str, Any]) -> str | None:
        """Why the team does not know the checklist an event puts a handoff on ("unapproved checklist: ..."), at
        the event's place in clock order; None when it does (without a team, every checklist will do)."""
        return None

    def removed_by(self, user: str, event: EventDict | dict[str, Any]) -> str | None:
        """The lead who had removed `user` from the team at the event's place in clock order; None when they
        were not removed then (without a team nobody ever is)."""
        return None

    def receiver_at(self, user: str, event: EventDict | dict[str, Any]) -> Member | None:
        """`user`'s hours, holidays, days away and zone as every copy knows them at the event's place in clock
        order; None where no such answer exists (without a team, each copy keeps its own profiles)."""
        return None

    def answer_by(self, state: HandoffState, event: EventDict | dict[str, Any]) -> int:
        """The deadline an applied send counts with (deadlines.counted_answer_by): never earlier than its rules."""
        from .deadlines import counted_answer_by, send_moment

        template = state.template
        assert template is not None
        receiver = self.receiver_at(state.receiver, event) if template.window.working else None
        return counted_answer_by(send_moment(event), event["payload"], template, receiver)


PAYLOAD_FLAG: Final = RuleContext()
"""The context the fold and the commands use unless given another (one object, made once)."""


Rule = Callable[["HandoffState", EventDict, RuleContext], Problem]
"""A permission or a rule: None when the event may apply, else (category, reason)."""


def _unless_editable(state: HandoffState, can: str) -> Problem:
    """Only a draft or a returned handoff changes: once sent, what the receiver judges stays put."""
    if state.status not in EDITABLE:
        return NOT_ALLOWED, f"{status_said(state.status)}: only a draft or returned handoff {can}"
    return None


def _unless_sender_or_lead(state: HandoffState, event: EventDict, ctx: RuleContext, can: str) -> Problem:
    """The sender owns a handoff until it is accepted; a lead may step in for them."""
    if event["author"] != state.sender and not ctx.is_lead(event):
        return NOT_ALLOWED, f"only {state.sender} (the sender) or a lead {can}"
    return None


def may_fill(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    return _unless_editable(state, "can change") or _unless_sender_or_lead(state, event, ctx, "can fill this checklist")


def may_waive(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    """A member is told it is a lead's call first, whatever the state: waiting for a return would not help."""
    if not ctx.is_lead(event):
        return NOT_ALLOWED, "only a lead can waive an item"
    return _unless_editable(state, "can change")


def may_unwaive(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    """Taking a waiver back is a lead's call, as waiving is; the refusal says so in its own words. A lead demoted
    since their waiver, undoing it, was told "only a lead can waive an item", as if waiving anew. Said before
    the state, as for a waiver."""
    if ctx.is_lead(event):
        return _unless_editable(state, "can change")
    author, undone = event["author"], event["payload"].get("undoes")
    own = any(e["id"] == undone and e["kind"] == "waived" and e["author"] == author for e in state.applied)
    if own:  # waived as a lead, and not one now
        return NOT_ALLOWED, f"only a lead can take back a waiver, and {author} is no longer a lead"
    return NOT_ALLOWED, "only a lead can take back a waiver"


def may_comment(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    return None


def may_send(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    problem = _unless_editable(state, "can be sent")
    if problem is not None:
        return problem
    if event["author"] != state.sender:
        return NOT_ALLOWED, f"only {state.sender} (the sender) can send it"
    from .receiver_rules import unsent_problem  # (it asks this module's context: imported when first asked)

    gone = unsent_problem(state, event, ctx)  # a receiver removed by the send's stamp never gets it
    if gone is not None:
        return gone
    unknown = ctx.checklist_problem(state, event)
    if unknown:
        return NOT_ALLOWED, unknown
    if state.template is None:
        return INVALID, "the handoff has no checklist"
    # A promised date is judged at the send's own time (the same on every replica); a probe without one, at
    # the handoff's last change.
    blockers = gate(state.template, state.values, frozenset(state.waivers), event["at"] or state.judged_at)
    if blockers:
        listed = ", ".join(f"{b.item_id} ({b.reason})" for b in blockers)
        return BLOCKED, f"the gate did not pass: {listed}"
    return None


def may_recall(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status != "sent":
        return NOT_ALLOWED, f"{status_said(state.status)}: only a sent handoff can be recalled"
    if event["author"] != state.sender:
        return NOT_ALLOWED, f"only {state.sender} (the sender) can recall it"
    return None


def may_answer(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    kind = event["kind"]
    verb = "accept" if kind == "accepted" else "return"
    if state.status != "sent" and _send_recalled(state):  # the receiver may have had it open, answer half typed
        return NOT_ALLOWED, f"{state.sender} took the send back (recalled it): nothing to {verb} until it is sent again"
    if state.status != "sent":
        return NOT_ALLOWED, f"{status_said(state.status)}: only a sent handoff can be {kind}"
    if event["author"] != state.receiver:
        return NOT_ALLOWED, f"only {state.receiver} (the receiver) can {verb} it"
    return None


def _send_recalled(state: HandoffState) -> bool:
    """The handoff's last move was its sender taking the send back (a recall): why it is no longer sent."""
    moves = ("sent", "recalled", "accepted", "returned", "cancelled", "reopened")
    last = next((e["kind"] for e in reversed(state.applied) if e["kind"] in moves), None)
    return last == "recalled"


def may_reassign(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status == "cancelled":
        return NOT_ALLOWED, status_said("cancelled")
    if event["author"] != state.next_actor and not ctx.is_lead(event) and not _takes_back(state, event):
        return NOT_ALLOWED, f"only {state.next_actor} (whose turn it is) or a lead can reassign it"
    return None


def may_change_receiver(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    """Who receives it is the sender's to choose (or a lead's) until it is sent; once sent, `reassign` moves it."""
    return _unless_editable(state, "can get another receiver") or _unless_sender_or_lead(
        state, event, ctx, "can change its receiver"
    )


def may_cancel(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status not in OPEN:
        return NOT_ALLOWED, f"{status_said(state.status)}: only an open handoff can be cancelled"
    return _unless_sender_or_lead(state, event, ctx, "can cancel it")


def may_reopen(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    if state.status != "cancelled":
        return NOT_ALLOWED, f"{status_said(state.status)}: only a cancelled handoff can be reopened"
    if event["author"] != state.cancelled_by and not ctx.is_lead(event):
        return NOT_ALLOWED, "only who cancelled it or a lead can reopen it"
    return None


def may_upgrade(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    return _unless_editable(state, "can change its checklist") or _unless_sender_or_lead(
        state, event, ctx, "can upgrade its checklist"
    )


def _takes_back(state: HandoffState, event: EventDict) -> bool:
    """An undo of your own reassignment, while the next step still sits with the person you gave it to, giving it
    back to whoever held it before (core/undo.py writes just that): never on to someone else."""
    undone = event["payload"].get("undoes")
    return bool(undone) and any(
        e["id"] == undone
        and e["kind"] == "reassigned"
        and e["author"] == event["author"]
        and e["payload"].get("to") == state.next_actor
        and event["payload"].get("to") == state.before.get(undone)
        for e in state.applied
    )
