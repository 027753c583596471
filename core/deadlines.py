"""The acceptance deadline: by when the receiver of a sent handoff should answer.

One formula, here: the template's acceptance window (`accept_within_hours`)
counted from the send. Every view, report, reminder, hook and export asks this
module, in Python (`answer_by` and its wrappers) or in SQL (`answer_by_sql`, the
same arithmetic for queries that sort or export 100,000 rows); a send round
stores its deadline from `answer_by` too, so reports read the same number.

Plain Python without pydantic: `baton list` imports it and must start fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .times import HOUR

if TYPE_CHECKING:
    from .projection import HandoffState


def window_ms(accept_within_hours: float) -> int:
    """The acceptance window in ms (whole ms, rounded down)."""
    return int(accept_within_hours * HOUR)


def answer_by(sent_at: int, accept_within_hours: float) -> int:
    """When an answer to a send at `sent_at` is due, UTC ms."""
    return sent_at + window_ms(accept_within_hours)


def waiting_answer_by(status: str, sent_at: int | None, accept_within_hours: float) -> int | None:
    """The deadline while the handoff waits for an answer (status `sent`); None otherwise."""
    if status != "sent" or sent_at is None:
        return None
    return answer_by(sent_at, accept_within_hours)


def row_answer_by(row: Mapping[str, Any] | Any) -> int | None:
    """The deadline of a `handoffs` row (status, sent_at, accept_within_hours); None when not waiting."""
    return waiting_answer_by(row["status"], row["sent_at"], row["accept_within_hours"])


def state_answer_by(state: HandoffState) -> int | None:
    """The deadline of a folded handoff; None when not waiting (or it does not exist)."""
    if state.template is None:
        return None
    return waiting_answer_by(state.status, state.sent_at, state.template.accept_within_hours)


def answer_by_sql(sent_at: str = "sent_at", hours: str = "accept_within_hours") -> str:
    """SQL for `answer_by` over two columns (NULL when `sent_at` is NULL)."""
    return f"({sent_at} + CAST({hours} * {HOUR} AS INTEGER))"


def waiting_answer_by_sql(status: str = "status", sent_at: str = "sent_at", hours: str = "accept_within_hours") -> str:
    """SQL for `waiting_answer_by`: the deadline while sent, else NULL."""
    return f"(CASE WHEN {status} = 'sent' THEN {answer_by_sql(sent_at, hours)} END)"
