"""Reminders: what waits on each person (the one with the next step), oldest first.

A handoff waits on its sender while it is a draft or returned (fill in, fix and
send) and on its receiver while it is sent (accept or return). The wait counts
from when the step became theirs: creation, the return, or the send. A sent
handoff past its template's acceptance window is flagged as a breach, and each
newly seen breach is announced once to the team's `on-breach` hook.

Plain `sqlite3` and no pydantic, like the queues: `baton remind` must start fast.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .deadlines import waiting_answer_by
from .hooks import HookOutcome, Hooks, handoff_payload
from .metrics import WAITING_SINCE
from .statuses import OPEN, sql_in
from .times import MINUTE, iso


@dataclass(frozen=True)
class Waiting:
    """One handoff waiting on its owner's next step."""

    handoff_id: str
    title: str
    transition: str
    status: str
    sender: str
    receiver: str
    since: int
    waited_ms: int
    deadline: int | None
    late_ms: int
    step: str
    """The next step in words, e.g. `accept or return` or `fix and send again: <reason>`."""

    @property
    def breached(self) -> bool:
        return self.late_ms > 0


@dataclass
class OwnerQueue:
    owner: str
    waiting: list[Waiting] = field(default_factory=list)

    @property
    def breaches(self) -> int:
        return sum(1 for w in self.waiting if w.breached)

    @property
    def oldest_ms(self) -> int:
        return max((w.waited_ms for w in self.waiting), default=0)


def knows_user(conn: sqlite3.Connection, user: str) -> bool:
    """Whether this copy has heard of `user` (a teammate, or a sender or receiver of some handoff): a typo has not."""
    sql = """
        SELECT 1 FROM teammates WHERE user = :user
        UNION ALL SELECT 1 FROM handoffs WHERE sender = :user OR receiver = :user OR next_actor = :user
        LIMIT 1"""
    return conn.execute(sql, {"user": user}).fetchone() is not None


def unknown_user(conn: sqlite3.Connection, user: str) -> str | None:
    """Why `remind --user` names nobody this copy has heard of, with whom a typo meant; None when it names someone."""
    if knows_user(conn, user):
        return None
    from .near_miss import did_you_mean

    sql = """
        SELECT user FROM teammates
        UNION SELECT sender FROM handoffs UNION SELECT receiver FROM handoffs UNION SELECT next_actor FROM handoffs"""
    known = [row[0] for row in conn.execute(sql) if isinstance(row[0], str) and row[0]]
    meant = did_you_mean(user, known)
    return f"no teammate called {user}{meant}: nobody by that name has synced or sent or received a handoff"


def reminders(conn: sqlite3.Connection, now: int, owner: str | None = None) -> list[OwnerQueue]:
    """Per owner, every open handoff waiting on them, oldest first; owners with the longest wait first."""
    sql = f"""
        SELECT h.id, h.title, h.from_stage || ' → ' || h.to_stage, h.status, h.sender, h.receiver, h.next_actor,
               {WAITING_SINCE} AS since, h.sent_at, h.accept_within_hours, h.answer_by, h.blockers, h.return_reason
        FROM handoffs h WHERE h.status IN {sql_in(OPEN)}
        {"AND h.next_actor = :owner" if owner else ""}
        ORDER BY h.next_actor, since, h.id"""
    queues: dict[str, OwnerQueue] = {}
    for row in conn.execute(sql, {"owner": owner}):
        shown: tuple[str, str, str, str, str, str] = row[:6]  # a Waiting's first six fields, in order
        status, (next_actor, since, sent_at, window, recorded, blockers, reason) = row[3], row[6:]
        deadline = waiting_answer_by(status, sent_at, window, recorded)
        late = max(0, now - deadline) if deadline is not None else 0
        waiting = Waiting(*shown, since, max(0, now - since), deadline, late, _step(status, blockers, reason))
        queues.setdefault(next_actor, OwnerQueue(next_actor)).waiting.append(waiting)
    return sorted(queues.values(), key=lambda q: (-q.oldest_ms, q.owner))


def _step(status: str, blockers: int, reason: str) -> str:
    if status == "sent":
        return "accept or return"
    if status == "returned":
        return f"fix and send again: {reason}"
    return "fill in and send" + (
        f" ({blockers} blocker{'s' if blockers != 1 else ''} left)" if blockers else " (ready)"
    )


def announce_breaches(conn: sqlite3.Connection, hooks: Hooks, now: int) -> list[HookOutcome]:
    """Run `on-breach` once for each send newly found waiting past its window; the outcomes.

    Each breach is claimed in the `breach_alerts` table before its hook runs, so two
    processes never announce the same one, and a failing hook is reported, not
    retried. Without an `on-breach` hook nothing is claimed: a hook added later
    still hears about breaches that are waiting then.
    """
    if hooks.path("on-breach") is None:
        return []
    rows = conn.execute(
        """
        SELECT s.event_id, s.round, s.receiver, s.sent_at, s.deadline, h.*
        FROM sends s JOIN handoffs h ON h.id = s.handoff_id
        WHERE s.answer IS NULL AND s.deadline < ?
          AND NOT EXISTS (SELECT 1 FROM breach_alerts a WHERE a.send_event_id = s.event_id)
        ORDER BY s.deadline""",
        (now,),
    ).fetchall()
    outcomes = []
    for row in rows:
        with conn:
            claimed = (
                conn.execute(
                    "INSERT OR IGNORE INTO breach_alerts (send_event_id, handoff_id, at) VALUES (?,?,?)",
                    (row["event_id"], row["id"], now),
                ).rowcount
                == 1
            )
        if not claimed:
            continue
        outcome = hooks.run(
            "on-breach",
            {
                "handoff": handoff_payload(row),
                "breach": {
                    "receiver": row["receiver"],
                    "round": row["round"],
                    "sent_at": iso(row["sent_at"]),
                    "deadline": iso(row["deadline"]),
                    "late_by_minutes": (now - row["deadline"]) // MINUTE,
                },
            },
        )
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes
