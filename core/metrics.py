"""Metrics for leads: the leading indicators of broken trust, computed in SQL.

Retention is the lagging outcome; these figures move first. Rework shows as
bounce-backs (returns, and why); slow answers between teams show as the time
from creation to send and from send to answer, and as acceptance windows
missed; confusion over who owns the next step shows as handoffs waiting on
someone unknown to the team or gone quiet, and as sync conflicts nobody has
settled. `report()` reads only the projection tables over one `sqlite3`
connection (no pydantic), so the command line and the app's dashboard share it.
The whole report (no `since`, no transition) reads the figures the store keeps up
to date on write (report_tables.py, kept_figures.py): on 100,000 handoffs that is
tens of milliseconds where counting afresh takes about a second. With `since` or a
transition the figures are counted afresh here, exactly as the kept ones would be
(tests/test_kept_report.py holds the two equal).

Decisions, where the product was silent:
- `since` bounds the *flow* figures by when things happened (sends, answers,
  returns, blocked sends, late answers); the open queue, aging, unclear owners,
  waiting breaches and unsettled conflicts always describe *now*. Waivers count
  on handoffs created since then (a waiver carries no time of its own here).
- Waiting time is counted from when the step became that person's: the send for
  a sent handoff, the return for a returned one, the creation for a draft.
- Durations use the authors' wall clocks; a negative one (a clock behind) counts
  as zero. Medians and 90th percentiles interpolate between neighbouring ranks.
- The return rate is returns per answer (an answer is an accept or a return).
- A breach is a send not answered within the template's window: still waiting
  past the deadline, or answered late (a recall or cancellation after the
  deadline counts too: the receiver had not answered in time).
- A conflict is settled once the handoff has an applied change later than it.
- Lists whose order left ties open now break them the same way every time (a breach
  by its send's id, a reason by its text, an item by its checklist), so the kept and
  the counted report list the same rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from .kept_figures import kept_flow, why_unowned
from .percentiles import percentiles as _percentiles
from .report_scope import known_transitions, parse_since, transition_key
from .report_shapes import (
    AGING,
    Breach,
    Durations,
    Figures,
    Flow,
    ItemCount,
    OpenConflict,
    Report,
    ReturnReason,
    Tally,
    Unowned,
)
from .report_tables import ready as kept_ready
from .statuses import OPEN, sql_in
from .times import DAY, HOUR, WEEK
from .vague_report import vague_figures

QUIET_MS = 7 * DAY
"""A teammate not seen for this long no longer counts as a clear next owner."""
WEEKS = 12
"""How many weeks the weekly series (returns, answers) cover."""

WAITING_SINCE = "CASE h.status WHEN 'sent' THEN h.sent_at WHEN 'returned' THEN h.answered_at ELSE h.created_at END"
TRANSITION = "h.from_stage || ' → ' || h.to_stage"
SEND_TRANSITION = "s.from_stage || ' → ' || s.to_stage"
IN_SCOPE = "(:transition IS NULL OR h.template_id = :transition OR h.from_stage || '->' || h.to_stage = :transition)"


def report(
    conn: sqlite3.Connection,
    now: int,
    since: int | None = None,
    transition: str | None = None,
    limit: int = 50,
    recount: bool = False,
    gone: Mapping[str, str] | None = None,
) -> Report:
    """Every figure of `baton report` over the store behind `conn`; lists are cut to `limit` rows.

    Without `since` or `transition`, the figures the store keeps up to date on write (kept_figures.py);
    otherwise, or with `recount`, counted afresh from the projection tables. Both give the same report."""
    key = transition_key(transition)
    if key is not None and key not in known_transitions(conn):
        from .errors import NotFound

        known = (
            ", ".join(sorted({r[0] for r in conn.execute("SELECT DISTINCT template_id FROM handoffs")})) or "none yet"
        )
        raise NotFound(f"no handoffs for transition {transition!r} (known: {known})")
    p = {
        "now": now,
        "since": since if since is not None else -(2**62),
        "transition": key,
        "limit": limit,
        "quiet": now - QUIET_MS,
        "week": WEEK,
        "weeks": WEEKS,
        "gone": dict(gone or {}),  # removed from the team (team/gone.py): whoever waits on them waits on nobody
        "gone_list": json.dumps(sorted(gone or {})),
    }
    # Plain tuples: a sqlite3.Row per row costs about a tenth of the report on 100,000 handoffs.
    row_factory, conn.row_factory = conn.row_factory, None
    # The sends in scope (a temporary table, about 12 MB at 100,000 handoffs) kept in memory:
    # dropping it from a temporary file costs 30 ms more. Only the report makes temporary tables.
    temp_store = conn.execute("PRAGMA temp_store").fetchone()[0]
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        return _report(conn, p, now, since, key, recount)
    finally:
        conn.row_factory = row_factory
        conn.execute(f"PRAGMA temp_store = {int(temp_store)}")


def _report(
    conn: sqlite3.Connection, p: dict[str, Any], now: int, since: int | None, key: str | None, recount: bool
) -> Report:
    tally = Tally()
    if since is None and key is None and not recount and kept_ready(conn):
        flow = kept_flow(conn, p, tally)
    else:
        flow = _counted_flow(conn, p, tally)
    conflicts_total, conflicts = _open_conflicts(conn, p)
    return Report(
        now=now,
        since=since,
        transition=key,
        total=tally.total,
        transitions=[tally.transitions[k] for k in sorted(tally.transitions)],
        people=[tally.people[k] for k in sorted(tally.people)],
        return_reasons=flow.return_reasons,
        breaches_by_receiver=dict(sorted(flow.breaches_by_receiver.items())),
        breaches=flow.breaches,
        blocking_items=flow.blocking_items,
        waived_items=flow.waived_items,
        unowned=flow.unowned,
        unowned_total=flow.unowned_total,
        conflicts=conflicts,
        conflicts_total=conflicts_total,
        returns_by_week=flow.returns_by_week,
        answers_by_week=flow.answers_by_week,
        vague=flow.vague,
    )


def _counted_flow(conn: sqlite3.Connection, p: dict[str, Any], tally: Tally) -> Flow:
    """The figures counted afresh from the projection tables: for a `since` or a transition, and to check
    the kept ones against."""
    _open_queue(conn, p, tally)
    # The send rounds in scope, with their transition, read once: a join per figure costs more.
    conn.execute("DROP TABLE IF EXISTS temp.report_sends")
    conn.execute(
        f"""CREATE TEMP TABLE report_sends AS
        SELECT s.*, h.from_stage, h.to_stage, h.title FROM sends s JOIN handoffs h ON h.id = s.handoff_id
        WHERE {IN_SCOPE}""",
        p,
    )
    # Serves the vague figures' joins from vague_sends (a few rows) to their send: one index
    # here instead of an automatic one built for each of their five queries.
    conn.execute("CREATE INDEX temp.report_sends_by_event ON report_sends (event_id)")
    try:
        _speed(conn, p, tally)
        _answers(conn, p, tally)
        by_receiver, breaches = _breaches(conn, p, tally)
        reasons = _return_reasons(conn, p)
        returns_by_week, answers_by_week = _weekly(conn, p)
        vague = vague_figures(conn, p)
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.report_sends")
    unowned_total, unowned = _unowned(conn, p, p["now"])
    return Flow(
        by_receiver,
        breaches,
        reasons,
        returns_by_week,
        answers_by_week,
        vague,
        _blocking(conn, p),
        _waived(conn, p),
        unowned,
        unowned_total,
    )


def _open_queue(conn: sqlite3.Connection, p: dict[str, Any], tally: Tally) -> None:
    """Open handoffs by status, and how long each has waited on whoever has the next step."""
    for tr, who, status, bucket, n in conn.execute(
        f"""
            SELECT {TRANSITION}, h.next_actor, h.status,
                   CASE WHEN w < {DAY} THEN 0 WHEN w < {3 * DAY} THEN 1 ELSE 2 END, COUNT(*)
            FROM (SELECT h.*, MAX(0, :now - {WAITING_SINCE}) AS w FROM handoffs h NOT INDEXED
                  WHERE h.status IN {sql_in(OPEN)} AND {IN_SCOPE}) h
            GROUP BY h.from_stage, h.to_stage, 2, 3, 4""",
        p,
    ):
        for figures in tally.groups(tr, who):
            figures.open[status] += n
            figures.aging[bucket] += n


def _speed(conn: sqlite3.Connection, p: dict[str, Any], tally: Tally) -> None:
    """From creation to first send (by sender), and from each send to its answer (by receiver)."""
    to_send = _percentiles(
        conn,
        f"""
        SELECT {TRANSITION} AS tr, h.sender AS who, MAX(0, h.first_sent_at - h.created_at) AS d
        FROM handoffs h WHERE h.first_sent_at IS NOT NULL AND h.first_sent_at >= :since AND {IN_SCOPE}""",
        p,
    )
    to_answer = _percentiles(
        conn,
        f"""
        SELECT {SEND_TRANSITION} AS tr, s.receiver AS who, MAX(0, s.answered_at - s.sent_at) AS d
        FROM temp.report_sends s
        WHERE s.answer IN ('accepted', 'returned') AND s.answered_at >= :since""",
        p,
    )
    for (dim, name), durations in to_send.items():
        tally.pick(dim, name).to_send = durations
    for (dim, name), durations in to_answer.items():
        tally.pick(dim, name).to_answer = durations


def _answers(conn: sqlite3.Connection, p: dict[str, Any], tally: Tally) -> None:
    """Answers and returns, counted for the sender; returns given, for the receiver."""
    for tr, sender, receiver, answer, n in conn.execute(
        f"""
            SELECT {SEND_TRANSITION}, s.sender, s.receiver, s.answer, COUNT(*)
            FROM temp.report_sends s
            WHERE s.answer IN ('accepted', 'returned') AND s.answered_at >= :since
            GROUP BY s.from_stage, s.to_stage, 2, 3, 4""",
        p,
    ):
        for figures in tally.groups(tr, sender):
            figures.answers += n
            figures.returns += n if answer == "returned" else 0
        if answer == "returned":
            tally.person(receiver).returns_given += n


def _breaches(
    conn: sqlite3.Connection, p: dict[str, Any], tally: Tally
) -> tuple[dict[str, tuple[int, int]], list[Breach]]:
    """Sends not answered within the window (the deadline each round stored): per receiver, and the worst."""
    breach_where = """FROM temp.report_sends s
        WHERE COALESCE(s.answered_at, :now) > s.deadline
          AND (s.answer IS NULL OR s.deadline >= :since)"""
    by_receiver: dict[str, tuple[int, int]] = {}
    for tr, receiver, waiting, late in conn.execute(
        f"""
            SELECT {SEND_TRANSITION}, s.receiver, SUM(s.answer IS NULL), SUM(s.answer IS NOT NULL)
            {breach_where} GROUP BY s.from_stage, s.to_stage, 2""",
        p,
    ):
        for figures in tally.groups(tr, receiver):
            figures.breaches += waiting + late
        old = by_receiver.get(receiver, (0, 0))
        by_receiver[receiver] = (old[0] + waiting, old[1] + late)
    breaches = [
        Breach(*r)
        for r in conn.execute(
            f"""
            SELECT s.handoff_id, s.title, {SEND_TRANSITION}, s.sender, s.receiver, s.round, s.sent_at, s.deadline,
                   s.answered_at, s.answer, COALESCE(s.answered_at, :now) - s.deadline, s.event_id
            {breach_where} ORDER BY s.receiver, s.answer IS NOT NULL, 11 DESC, s.event_id LIMIT :limit""",
            p,
        )
    ]
    return by_receiver, breaches


def _return_reasons(conn: sqlite3.Connection, p: dict[str, Any]) -> list[ReturnReason]:
    """The most common return reasons (alike when they differ only in case and closing punctuation)."""
    return [
        ReturnReason(*r)
        for r in conn.execute(
            """
        SELECT MAX(s.reason), COUNT(*), MAX(s.answered_at), MAX(s.handoff_id)
        FROM temp.report_sends s
        WHERE s.answer = 'returned' AND s.answered_at >= :since
        GROUP BY lower(trim(rtrim(trim(s.reason), '.!'))) ORDER BY 2 DESC, 3 DESC, 1 LIMIT :limit""",
            p,
        )
    ]


def _blocking(conn: sqlite3.Connection, p: dict[str, Any]) -> list[ItemCount]:
    """The items that block sends most often."""
    return [
        ItemCount(*r)
        for r in conn.execute(
            f"""
        SELECT g.template_id, g.item_id,
               COALESCE((SELECT text FROM items i WHERE i.handoff_id = g.any_handoff AND i.item_id = g.item_id), g.item_id),
               g.n, g.handoffs
        FROM (SELECT h.template_id, b.item_id, COUNT(*) AS n, COUNT(DISTINCT b.handoff_id) AS handoffs,
                     MAX(b.handoff_id) AS any_handoff
              FROM send_blocks b JOIN handoffs h ON h.id = b.handoff_id
              WHERE b.at >= :since AND {IN_SCOPE} GROUP BY 1, 2) g
        ORDER BY g.n DESC, g.handoffs DESC, g.item_id, g.template_id LIMIT :limit""",
            p,
        )
    ]


def _waived(conn: sqlite3.Connection, p: dict[str, Any]) -> list[ItemCount]:
    """The items most often waived."""
    return [
        ItemCount(*r)
        for r in conn.execute(
            f"""
        SELECT h.template_id, i.item_id, MAX(i.text), COUNT(*), COUNT(*)
        FROM items i JOIN handoffs h ON h.id = i.handoff_id
        WHERE i.waived = 1 AND h.created_at >= :since AND {IN_SCOPE}
        GROUP BY 1, 2 ORDER BY 4 DESC, 2, 1 LIMIT :limit""",
            p,
        )
    ]


def _unowned(conn: sqlite3.Connection, p: dict[str, Any], now: int) -> tuple[int, list[Unowned]]:
    """Open handoffs whose next person is nobody, unknown to the team, or gone quiet; how many in all."""
    total, found = 0, []
    for r in conn.execute(
        f"""
            SELECT h.id, h.title, h.status, h.next_actor, t.user IS NOT NULL, t.last_seen, COUNT(*) OVER ()
            FROM handoffs h NOT INDEXED LEFT JOIN teammates t ON t.user = h.next_actor
            WHERE h.status IN {sql_in(OPEN)} AND {IN_SCOPE}
              AND (h.next_actor = '' OR t.user IS NULL OR t.last_seen < :quiet
                   OR h.next_actor IN (SELECT value FROM json_each(:gone_list)))
            ORDER BY {WAITING_SINCE}, h.id LIMIT :limit""",
        p,
    ):
        total = r[6]
        found.append(Unowned(r[0], r[1], r[2], r[3], why_unowned(r[3], r[4], r[5], now, p["gone"].get(r[3]))))
    return total, found


def _open_conflicts(conn: sqlite3.Connection, p: dict[str, Any]) -> tuple[int, list[OpenConflict]]:
    """Conflicts nobody has settled yet (no applied change on the handoff since), newest first; how many."""
    conflict_sql = f"""FROM conflicts c LEFT JOIN handoffs h ON h.id = c.handoff_id
        WHERE (h.id IS NULL OR c.at >= h.updated_at) AND (h.id IS NULL OR {IN_SCOPE})"""
    total = int(conn.execute(f"SELECT COUNT(*) {conflict_sql}", p).fetchone()[0])
    conflicts = [
        OpenConflict(*r)
        for r in conn.execute(
            f"""
        SELECT c.event_id, c.handoff_id, COALESCE(h.title, '(not arrived yet)'), c.kind, c.author, c.at, c.reason
        {conflict_sql} ORDER BY c.at DESC LIMIT :limit""",
            p,
        )
    ]
    return total, conflicts


def _weekly(conn: sqlite3.Connection, p: dict[str, Any]) -> tuple[list[int], list[int]]:
    """Returns and answers per week for the last WEEKS weeks, oldest first."""
    returns_by_week, answers_by_week = [0] * WEEKS, [0] * WEEKS
    for ago, answer, n in conn.execute(
        """
            SELECT (:now - s.answered_at) / :week, s.answer, COUNT(*)
            FROM temp.report_sends s
            WHERE s.answer IN ('accepted', 'returned') AND s.answered_at > :now - :week * :weeks
              AND s.answered_at <= :now
            GROUP BY 1, 2""",
        p,
    ):
        slot = WEEKS - 1 - int(ago)
        answers_by_week[slot] += n
        if answer == "returned":
            returns_by_week[slot] += n
    return returns_by_week, answers_by_week


__all__ = [
    "AGING",
    "DAY",
    "HOUR",
    "WAITING_SINCE",
    "WEEK",
    "Breach",
    "Durations",
    "Figures",
    "ItemCount",
    "OpenConflict",
    "Report",
    "ReturnReason",
    "Unowned",
    "known_transitions",
    "parse_since",
    "report",
    "transition_key",
]
