"""Projection: a handoff's state is a fold of its events in clock order.

The fold is a pure function of the *set* of events: they are sorted by stamp (then
id), so every replica that holds the same events computes the same state. Values
and scalar fields go to the last writer by stamp; comments are all kept; a
lifecycle event that is not valid at its place is kept in the log, not applied,
and listed as a conflict with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .creators import CLAIMED, in_clock_order
from .deadlines import send_moment
from .drafts import apply_start, is_twin
from .events import kind_noun
from .gate import Blocker, gate, progress
from .receiver_change import apply_receiver_change
from .record import field, record
from .rules import NOT_ALLOWED, PAYLOAD_FLAG, RULES, RuleContext, check
from .statuses import EDITABLE, WITH_RECEIVER
from .team.context import RosterContext, pin_checklist
from .team.origins import past_removal
from .template import Item, Template
from .template_snapshot import template_of
from .values import display

Said = str | tuple[str, Template | None, str, Any, Any]
"""A history line, or the facts of a value change to say later (see Entry)."""


@record
class Comment:
    id: str
    author: str
    at: int
    text: str
    retracted: bool = False


@record
class Entry:
    """One line of history: who did what, when, and whether it took effect.

    `said` holds the words, or for a value change the facts they are made of: a fold
    writes a line for every event, and most lines are never read.
    """

    event_id: str
    kind: str
    author: str
    at: int
    said: Said
    applied: bool = True
    reason: str = ""
    undo: bool = False

    @property
    def summary(self) -> str:
        text = self.said if isinstance(self.said, str) else _say(*self.said)
        return text + " (undo)" if self.undo else text


@record
class Conflict:
    event_id: str
    kind: str
    author: str
    at: int
    reason: str


@record
class HandoffState:
    id: str
    exists: bool = False
    template: Template | None = None
    title: str = ""
    sender: str = ""
    receiver: str = ""
    status: str = ""
    due: str | None = None
    created_at: int = 0
    first_sent_at: int | None = None
    sent_at: int | None = None
    answered_at: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    value_meta: dict[str, tuple[str, int]] = field(default_factory=dict)
    value_events: dict[str, str] = field(default_factory=dict)
    """The id of the `item_set` event each value came from, when one did (the item row points to it: item_rows.py)."""
    waivers: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    history: list[Entry] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    blocked_sends: list[tuple[int, list[str]]] = field(default_factory=list)
    vague_sends: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(event id, payload) of each applied send that recorded vague answers (see answer_warnings.py)."""
    return_count: int = 0
    return_reason: str = ""
    cancel_reason: str = ""
    cancelled_by: str = ""
    status_before: str = ""
    updated_at: int = 0
    last_hlc: str = ""
    undone: set[str] = field(default_factory=set)
    before: dict[str, Any] = field(default_factory=dict)
    """For each applied event, what it replaced (old value, old holder, old status): undo needs it."""
    applied: list[dict[str, Any]] = field(default_factory=list)
    route: dict[str, Any] | None = None  # when a stage picked the receiver: stage, rule, reason (routing.py)
    chain: dict[str, Any] | None = None  # when an accept opened this draft: `from` and `accept` (chains.py)
    carried: dict[str, dict[str, Any]] = field(default_factory=dict)  # by item: where a carried value came from
    """Once read through the store (Store.state), only what this copy confirmed (provenance.py)."""
    answer_by: int | None = None  # the deadline the current send counts with (deadlines.counted_answer_by)
    deadlines: dict[str, int] = field(default_factory=dict)  # the same, for each applied send by event id (rounds)
    unconfirmed: dict[str, str] = field(default_factory=dict)  # by item: why its carried claim was not confirmed
    checklist_sha: str = ""  # once a team exists: the pinned checklist's hash, and why the team does not know it
    unapproved: str = ""
    created_event: str = ""

    @property
    def owner(self) -> str:
        """The one person who owns the work now: the sender until accepted, then the receiver."""
        return self.receiver if self.status == "accepted" else self.sender

    @property
    def next_actor(self) -> str:
        """Whose move it is: the sender fills and sends, the receiver answers."""
        if self.status in EDITABLE:
            return self.sender
        if self.status in WITH_RECEIVER:
            return self.receiver
        return ""

    @property
    def transition(self) -> str:
        return self.template.transition if self.template else ""

    def comment(self, comment_id: Any) -> Comment | None:
        return next((c for c in self.comments if c.id == comment_id), None)

    @property
    def judged_at(self) -> int:
        """The moment the gate judges promised dates at: the send's time once sent, else the last change."""
        if self.status in WITH_RECEIVER and self.sent_at is not None:
            return self.sent_at
        return self.updated_at

    def blockers(self, now: int | None = None) -> list[Blocker]:
        """The gate's blockers; dates judged at `now`, else at `judged_at`."""
        if self.template is None:
            return []
        return gate(self.template, self.values, frozenset(self.waivers), self.judged_at if now is None else now)

    def progress(self, now: int | None = None) -> tuple[int, int]:
        if self.template is None:
            return 0, 0
        return progress(self.template, self.values, frozenset(self.waivers), self.judged_at if now is None else now)


def _say(verb: str, template: Template | None, item_id: str, old: Any, new: Any) -> str:
    item = template.item(item_id) if template else None
    if verb == "set":
        return f"set {item_id}: {_shown(item, old)} → {_shown(item, new)}"
    return f"cleared {item_id} (was {_shown(item, old)})"


def _shown(item: Item | None, value: Any) -> str:
    return "(empty)" if value is None else display(item, value) if item else str(value)


def _created(state: HandoffState, event: dict[str, Any]) -> Said:
    payload = event["payload"]
    state.exists = True
    state.template = template = template_of(payload)
    state.title = payload.get("title", "")
    state.sender = event["author"]
    state.receiver = payload.get("to", "")
    state.due = payload.get("due")
    state.status = "draft"
    state.created_at = event["at"]
    how = apply_start(state, payload, event["author"], event["at"])
    return f"created from {template.id} v{template.version} for {state.receiver}{how}"


def _item_set(state: HandoffState, event: dict[str, Any]) -> Said:
    payload = event["payload"]
    item_id, value = payload["item"], payload["value"]
    old = state.values.get(item_id)
    state.before[event["id"]] = old
    state.values[item_id] = value
    state.value_meta[item_id] = (event["author"], event["at"])
    state.value_events[item_id] = event["id"]
    state.carried.pop(item_id, None)
    return "set", state.template, item_id, old, value


def _item_cleared(state: HandoffState, event: dict[str, Any]) -> Said:
    item_id = event["payload"]["item"]
    old = state.values.pop(item_id, None)
    state.value_meta.pop(item_id, None)
    state.value_events.pop(item_id, None)
    state.carried.pop(item_id, None)
    state.before[event["id"]] = old
    return "cleared", state.template, item_id, old, None


def _waived(state: HandoffState, event: dict[str, Any]) -> Said:
    payload = event["payload"]
    state.waivers[payload["item"]] = (payload["reason"], event["author"], event["at"])
    return f"waived {payload['item']}: {payload['reason']}"


def _unwaived(state: HandoffState, event: dict[str, Any]) -> Said:
    item_id = event["payload"]["item"]
    state.waivers.pop(item_id, None)
    return f"withdrew the waiver on {item_id}"


def _commented(state: HandoffState, event: dict[str, Any]) -> Said:
    text = event["payload"]["text"]
    state.comments.append(Comment(event["id"], event["author"], event["at"], text))
    return f"commented: {text}"


def _comment_retracted(state: HandoffState, event: dict[str, Any]) -> Said:
    comment = state.comment(event["payload"]["comment"])
    if comment:
        comment.retracted = True
    return "took a comment back"


def _send_blocked(state: HandoffState, event: dict[str, Any]) -> Said:
    items = [str(i) for i in event["payload"].get("items", [])]
    state.blocked_sends.append((event["at"], items))
    return f"tried to send; blocked by {', '.join(items)}"


def _sent(state: HandoffState, event: dict[str, Any]) -> Said:
    at = send_moment(event)  # not before the stamp: a clock set back does not make the receiver late
    state.before[event["id"]] = (state.status, state.sent_at, state.first_sent_at, state.answer_by)  # for a recall
    state.status = "sent"
    state.sent_at = at
    state.first_sent_at = state.first_sent_at or at
    if "vague" in event["payload"]:
        state.vague_sends.append((event["id"], event["payload"]))
    return f"sent to {state.receiver}"


def _recalled(state: HandoffState, event: dict[str, Any]) -> Said:
    """A recalled send (the one out: the last applied, as in rounds.py) counts nowhere: state as before it."""
    send = next((e["id"] for e in reversed(state.applied) if e["kind"] == "sent"), event["payload"].get("undoes", ""))
    status, sent_at, first_sent_at, answer_by = state.before.get(send) or ("draft", None, None, None)
    state.status = status or "draft"
    if send in state.before:
        state.sent_at, state.first_sent_at, state.answer_by = sent_at, first_sent_at, answer_by
    state.vague_sends = [(i, p) for i, p in state.vague_sends if i != send]
    return "recalled the send"


def _accepted(state: HandoffState, event: dict[str, Any]) -> Said:
    state.status = "accepted"
    state.answered_at = event["at"]
    return "accepted: now owns it"


def _returned(state: HandoffState, event: dict[str, Any]) -> Said:
    reason = event["payload"]["reason"]
    state.status = "returned"
    state.answered_at = event["at"]
    state.return_count += 1
    state.return_reason = reason
    return f"returned it: {reason}"


def _reassigned(state: HandoffState, event: dict[str, Any]) -> Said:
    """The next step moves: the sender's while it is theirs to edit, else the receiver's."""
    to = event["payload"]["to"]
    if state.status in EDITABLE:
        state.before[event["id"]] = old = state.sender
        state.sender = to
    else:
        state.before[event["id"]] = old = state.receiver
        state.receiver = to
    return f"reassigned from {old} to {to}"


def _cancelled(state: HandoffState, event: dict[str, Any]) -> Said:
    reason = event["payload"]["reason"]
    state.status_before = state.status
    state.status = "cancelled"
    state.cancel_reason = reason
    state.cancelled_by = event["author"]
    return f"cancelled: {reason}"


def _upgraded(state: HandoffState, event: dict[str, Any]) -> Said:
    from .upgrade import apply_upgrade  # loaded by the first upgraded handoff folded, not by every fold

    return apply_upgrade(state, event["payload"])


def _reopened(state: HandoffState, event: dict[str, Any]) -> Said:
    state.status = state.status_before or "draft"
    return f"reopened as {state.status}"


APPLY: dict[str, Callable[[HandoffState, dict[str, Any]], Said]] = {
    "created": _created,
    "item_set": _item_set,
    "item_cleared": _item_cleared,
    "waived": _waived,
    "unwaived": _unwaived,
    "commented": _commented,
    "comment_retracted": _comment_retracted,
    "send_blocked": _send_blocked,
    "sent": _sent,
    "recalled": _recalled,
    "accepted": _accepted,
    "returned": _returned,
    "reassigned": _reassigned,
    "receiver_changed": apply_receiver_change,
    "cancelled": _cancelled,
    "reopened": _reopened,
    "upgraded": _upgraded,
}
"""How each kind of event changes the state, once the rules (rules.py) let it apply; returns its history line."""


_TEAMLESS = ("", "", False)  # what the roster says of every event before a team is founded


def fold(
    handoff_id: str, events: Iterable[dict[str, Any]], history: bool = True, ctx: RuleContext = PAYLOAD_FLAG
) -> HandoffState:
    """The state of one handoff from its events, in any order given.

    `history=False` leaves `state.history` empty: the projection tables do not hold it, and an import folds a
    million events without reading a line of it.
    Every event meets the rules (rules.check) at its place, with `ctx` saying who is a lead.
    A team's context (team/context.py) also refuses writers not on the team and flags unknown checklists.
    """
    roster = ctx.roster if isinstance(ctx, RosterContext) and ctx.roster.founded else None
    withdrawn, outlawed = (roster.withdrawn, roster.outlawed) if roster is not None else (frozenset(), frozenset())
    state = HandoffState(id=handoff_id)
    lines, applied = state.history, state.applied
    rule_of, apply = RULES.get, APPLY  # locals: the loop runs once per event of an import
    ordered, claims = in_clock_order(handoff_id, events)
    for event in ordered:
        kind = event["kind"]
        try:  # a stored event no import takes today (wire.py checks them whole) is a conflict, never a failure
            if (kind == "created" and is_twin(state, event)) or (withdrawn and event["id"] in withdrawn):
                continue  # a twin; or signed by a retired device past its watermark: as if never taken in
            refusal, note, held = roster.judge_event(event) if roster else _TEAMLESS
            if held:
                continue  # not the team's device: as if kept aside, the same on every replica (Roster.judge)
            problem: tuple[str, str] | None = (NOT_ALLOWED, refusal) if refusal else None
            if outlawed and event["id"] in outlawed:
                problem = (NOT_ALLOWED, past_removal(event["author"]))
            if claims and event["id"] in claims:
                problem = ("invalid", CLAIMED)  # someone else's handoff (creators.py)
            if type(event["at"]) is not int:
                problem = ("invalid", "not a usable event (its time)")
            elif problem is None:
                rule = rule_of(kind)  # check(), without its call on the hot path; it handles the rest
                problem = (
                    rule(state, event, ctx)  # type: ignore[arg-type]  # a stored event is the EventDict shape
                    if rule is not None and state.exists
                    else check(state, event, ctx)
                )
        except Exception as exc:
            problem, note = ("invalid", f"not a usable event ({type(exc).__name__})"), ""
        state.last_hlc = event["hlc"]
        if problem is not None:
            event_id, author, at = event["id"], event["author"], event["at"]
            state.conflicts.append(Conflict(event_id, kind, author, at, problem[1]))
            if history:
                lines.append(Entry(event_id, kind, author, at, f"{kind_noun(kind)} (not applied)", False, problem[1]))
            continue
        try:
            said = apply[kind](state, event)
            if kind == "sent" and state.template is not None:  # never before its rules (deadlines.py)
                state.answer_by = state.deadlines[event["id"]] = ctx.answer_by(state, event)
            if roster and (kind == "created" or kind == "upgraded") and not note:
                pin_checklist(state, event, roster)
        except Exception as exc:
            reason = f"not a usable event ({type(exc).__name__})"
            state.conflicts.append(Conflict(event["id"], kind, event["author"], event["at"], reason))
            continue
        undoes = event["payload"].get("undoes")
        if undoes:
            state.undone.add(undoes)
        at = event["at"]
        if at > state.updated_at:
            state.updated_at = at
        applied.append(event)
        if history:
            lines.append(Entry(event["id"], kind, event["author"], at, said, reason=note, undo=bool(undoes)))
    return state
