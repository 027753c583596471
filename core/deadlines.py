"""The acceptance deadline: by when the receiver of a sent handoff should answer.

One formula, here: the template's acceptance window counted from the send, on the
wall clock (`accept_within = "24h"`, or the older `accept_within_hours`) or in the
receiver's working hours (`accept_within = "8 working hours"`: their hours,
public holidays and days away; see hours.py). The send computes its deadline with
`send_answer_by` and records it in the `sent` event, so every replica, and every
view, report, reminder, hook and export, reads the same moment even after the
receiver's hours change; `recorded_answer_by` reads it back (a send from before
deadlines were recorded gets the wall-clock window), and `counted_answer_by` never
lets a recorded one be earlier than the rules give for that send. Projections keep it in the
`answer_by` column, which the SQL expressions below read for queries over 100,000 rows.

Plain Python without pydantic: `baton list` imports it and must start fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .times import HOUR, MINUTE
from .timezones import format_age

if TYPE_CHECKING:
    from .hours import Member
    from .projection import HandoffState
    from .template import Template
    from .windows import Window


def send_moment(event: Mapping[str, Any]) -> int:
    """When a send counts from, on every copy: its wall time, or its clock stamp's where that is later.

    A sender's clock set back days (a flat battery, a hand-set date) writes the send days back, and its receiver
    read late the moment it arrived. The stamp cannot go back past what that copy had already written or taken
    in (hlc.Clock), so it bounds how far back a send can count from."""
    at = int(event["at"])
    try:
        return max(at, int(str(event["hlc"])[:16]))
    except (KeyError, ValueError):
        return at


def window_ms(accept_within_hours: float) -> int:
    """The acceptance window in ms (whole ms, rounded down)."""
    return int(accept_within_hours * HOUR)


def answer_by(sent_at: int, accept_within_hours: float) -> int:
    """When an answer to a send at `sent_at` is due, UTC ms."""
    return sent_at + window_ms(accept_within_hours)


def send_answer_by(sent_at: int, window: Window, receiver: Member | None) -> int:
    """The deadline a send sets: `window` from `sent_at`, counting only `receiver`'s working time when it says so.

    With nothing known about the receiver, or too little working time ahead of them in the 800 days searched
    (hours.SEARCH_DAYS: none at all, or a calendar of a few hours a week), a working-hours window falls back to
    the wall clock, so a deadline always exists. A checklist's working window is at most a working year
    (windows.LONGEST_WORKING_HOURS), which a full-time week holds well within the search.
    """
    if window.working and receiver is not None:
        moment = receiver.add_working(sent_at, window.ms)
        if moment is not None:
            return moment
    return sent_at + window.ms


def recorded_answer_by(sent_at: int, payload: Mapping[str, Any], accept_within_hours: float) -> int:
    """The deadline a `sent` event recorded; for a send from before sends recorded one, the wall-clock window."""
    recorded = payload.get("answer_by")
    if isinstance(recorded, int) and not isinstance(recorded, bool) and recorded > sent_at:
        return recorded
    return answer_by(sent_at, accept_within_hours)


def counted_answer_by(sent_at: int, payload: Mapping[str, Any], template: Template, receiver: Member | None) -> int:
    """The deadline a send counts with, on every copy: the one it recorded, unless that is earlier than its rules allow.

    A sender's copy writes the deadline, so a modified one could record a minute after the send and the receiver
    would read late everywhere, in every report. So a recorded deadline (or, for a send that recorded none, the
    wall-clock window) counts only when it is no earlier than what the rules give for a send a minute earlier (the
    sender reads its clock twice): the pinned checklist's window from the send, in `receiver`'s working hours
    and days away as the roster stood at the send's stamp (not public holidays: see below). An earlier one is ignored and the rules'
    deadline counts instead; the send itself always applies. Recomputing rather than refusing: a sender's copy
    may lack a roster change stamped before the send (days away added at the same time elsewhere), and its
    honest send must never be lost; its deadline only moves to the later, right one.

    `receiver` is None where the roster cannot say the same on every copy (no team yet, old work the founding
    vouches for, a receiver not on the team then or with no zone there): the floor is then the window on the
    wall clock, which no working-hours deadline is ever before, so every copy agrees and nothing honest moves.
    Asked by the fold for every applied send (permissions.RuleContext.answer_by).
    """
    window = template.window
    recorded = recorded_answer_by(sent_at, payload, template.accept_within_hours)
    # Public holidays come from this machine's `holidays` package, whose versions differ between teammates'
    # machines: the floor leaves them out (an honest deadline, which counts them, is never earlier), so every
    # copy reads the same floor and the same deadline whatever its package knows.
    bare = None
    if receiver is not None:  # (a receiver is a dataclass from hours.py: loading `replace` then costs nothing more)
        from dataclasses import replace

        bare = replace(receiver, holidays=None)
    if recorded >= send_answer_by(sent_at - MINUTE, window, bare):
        return recorded
    return send_answer_by(sent_at, window, bare)


def waiting_answer_by(
    status: str, sent_at: int | None, accept_within_hours: float, recorded: int | None = None
) -> int | None:
    """The deadline while the handoff waits for an answer (status `sent`); None otherwise.

    `recorded` is the deadline the send recorded (the `answer_by` column), when known.
    """
    if status != "sent" or sent_at is None:
        return None
    return recorded if recorded is not None else answer_by(sent_at, accept_within_hours)


def row_answer_by(row: Mapping[str, Any] | Any) -> int | None:
    """The deadline of a `handoffs` row (status, sent_at, answer_by or accept_within_hours); None when not waiting."""
    try:  # a row from before the column (asking `in row.keys()` built a list of every column, per row)
        recorded = row["answer_by"]
    except (KeyError, IndexError):  # a mapping without it; a sqlite3.Row without it
        recorded = None
    return waiting_answer_by(row["status"], row["sent_at"], row["accept_within_hours"], recorded)


def row_window_ms(row: Mapping[str, Any] | Any) -> int:
    """How long the current send's window is, in ms, on the wall clock (a working-hours window spans nights)."""
    deadline = row_answer_by(row)
    if deadline is not None and row["sent_at"] is not None:
        return int(deadline - row["sent_at"])
    return window_ms(row["accept_within_hours"])


def state_answer_by(state: HandoffState) -> int | None:
    """The deadline of a folded handoff; None when not waiting (or it does not exist)."""
    if state.template is None:
        return None
    return waiting_answer_by(state.status, state.sent_at, state.template.accept_within_hours, state.answer_by)


FEW_HOURS = 6
"""Under this many hours left (or late) the minutes are said too (`2h 15m`); from it, the nearest hour."""


def window_left(left_ms: int) -> str:
    """The answer window as the receiver reads it: `within 24h`, `within 2h 15m`, `due now`, `1m late`, `3d late`.

    `left_ms` is the deadline minus now. Time left rounds up to the minute, so a window just opened says its
    full length (`within 24h`, never `23h`) and its last seconds `within 1m`. Under FEW_HOURS hours and
    minutes are said; then the nearest hour (23h59m left reads `within 24h`), and from two days the nearest day.
    Lateness rounds down at every step, as a handoff's age does (timezones.format_age), so a handoff is never
    said to be later than it is old (`2d` old and `3d late`); any lateness is at least `1m late`. Every view,
    the CLI and the brief say a window through here, so they never disagree about how long is left.
    """
    if left_ms == 0:
        return "due now"
    late = left_ms < 0
    minutes = max(1, -left_ms // MINUTE) if late else -(-left_ms // MINUTE)
    if minutes < 60:
        length = f"{minutes}m"
    elif minutes < FEW_HOURS * 60:
        hours, rest = divmod(minutes, 60)
        length = f"{hours}h {rest}m" if rest else f"{hours}h"
    elif late:
        length = format_age(minutes * MINUTE)
    elif (hours := (minutes + 30) // 60) < 48:
        length = f"{hours}h"
    else:
        length = f"{(hours + 12) // 24}d"
    return f"{length} late" if late else f"within {length}"


def answer_by_sql(sent_at: str = "sent_at", hours: str = "accept_within_hours", recorded: str = "answer_by") -> str:
    """SQL for the current send's deadline: the recorded one, else the wall-clock window (NULL when never sent)."""
    return f"COALESCE({recorded}, {sent_at} + CAST({hours} * {HOUR} AS INTEGER))"


def waiting_answer_by_sql(
    status: str = "status", sent_at: str = "sent_at", hours: str = "accept_within_hours", recorded: str = "answer_by"
) -> str:
    """SQL for `waiting_answer_by`: the deadline while sent, else NULL."""
    return f"(CASE WHEN {status} = 'sent' THEN {answer_by_sql(sent_at, hours, recorded)} END)"
