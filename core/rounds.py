"""Send rounds: every applied send of a handoff, and how it was answered.

A handoff can be sent, returned and sent again several times; each send opens a
round that the receiver closes by accepting or returning it (or that the sender
closes by cancelling it). A recalled send was never received: it is no round at all
(its later rounds are numbered as if it had never been made). Leads read the rounds for the leading
indicators of broken trust: how long answers take, how often work bounces back
and why, and which acceptance windows were missed. The store keeps them in the
`sends` table (and the `returns` view over it), rebuilt with the other projections.

Attribution follows the events, not the handoff's current fields: a round's
sender is whoever sent it, its receiver whoever answered it (or, while it waits,
the receiver at that moment, after any reassignment).
"""

from __future__ import annotations

from typing import Any

from .deadlines import recorded_answer_by, send_moment
from .projection import HandoffState
from .statuses import WITH_RECEIVER

CLOSING = {"accepted": "accepted", "returned": "returned", "cancelled": "cancelled"}


def send_rounds(state: HandoffState) -> list[tuple[Any, ...]]:
    """Rows for the `sends` table, in the order of its columns, from the handoff's applied events."""
    if state.template is None:
        return []
    hours = state.template.accept_within_hours
    rounds: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    receiver, status, before_cancel = "", "", ""
    for event in state.applied:
        kind, author, at, payload = event["kind"], event["author"], event["at"], event["payload"]
        if kind == "created":
            receiver, status = str(payload.get("to", "")), "draft"
        elif kind == "receiver_changed":  # only ever on a draft or returned handoff: the next send goes to them
            receiver = str(payload.get("to", receiver))
        elif kind == "reassigned":
            if status in WITH_RECEIVER:
                receiver = str(payload.get("to", receiver))
                if current is not None:
                    current["receiver"] = receiver
        elif kind == "sent":
            at = send_moment(event)  # as projection._sent: not before the send's stamp
            current = {
                "event_id": event["id"],
                "sender": author,
                "receiver": receiver,
                "sent_at": at,
                "deadline": state.deadlines.get(event["id"]) or recorded_answer_by(at, payload, hours),
                "answer": None,
                "answer_event_id": None,
                "answered_at": None,
                "answered_by": None,
                "reason": None,
            }
            rounds.append(current)
            status = "sent"
        elif kind == "recalled":
            if current is not None and status == "sent":  # the send that is out, as projection._recalled
                rounds.remove(current)
                current = None
            status = "draft"
        elif kind in CLOSING:
            if kind == "cancelled":
                before_cancel = status
            if current is not None and status == "sent":
                current.update(
                    answer=CLOSING[kind],
                    answer_event_id=event["id"],
                    answered_at=at,
                    answered_by=author,
                    reason=payload.get("reason"),
                )
                if kind in ("accepted", "returned"):
                    current["receiver"] = author
                current = None if kind != "cancelled" else current
            status = kind
        elif kind == "reopened":
            status = before_cancel or "draft"
            if status == "sent" and current is not None:
                # Reopened into `sent`: the same send waits for its answer again.
                current.update(answer=None, answer_event_id=None, answered_at=None, answered_by=None, reason=None)
            elif current is not None and current["answer"] == "cancelled":
                current = None
    return [
        (
            r["event_id"],
            state.id,
            number,
            r["sender"],
            r["receiver"],
            r["sent_at"],
            r["deadline"],
            r["answer"],
            r["answer_event_id"],
            r["answered_at"],
            r["answered_by"],
            r["reason"],
        )
        for number, r in enumerate(rounds, start=1)
    ]
