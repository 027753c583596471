"""For leads: how many vague answers were sent, where, by whom, and whether work came back after them.

A send records the vague answers its sender was warned about (the `vague_sends`
table, from each `sent` event; see answer_warnings.py), so these figures need no
check to run again and read the same on every replica. "Returned after a vague
answer" compares the return rate of sends that carried one with that of sends
that did not: the chase the receiver had to make shows up as a bounce.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class VagueCount:
    """Vague answers sent under one key (a transition, an item, a sender or a check)."""

    key: str
    answers: int
    """Vague answers sent: an item's answer in one send, however many checks flagged it."""
    sends: int
    """Sends that carried at least one."""
    text: str = ""
    """For an item: its text."""


@dataclass
class VagueFigures:
    answers: int = 0
    """Vague answers sent in scope."""
    sends: int = 0
    """Sends in scope."""
    vague_sends: int = 0
    """Sends that carried at least one vague answer."""
    answered_after_vague: int = 0
    """Sends with a vague answer that were accepted or returned."""
    returned_after_vague: int = 0
    """... of which returned."""
    answered_clear: int = 0
    """Sends without a vague answer that were accepted or returned."""
    returned_clear: int = 0
    """... of which returned."""
    by_transition: list[VagueCount] = field(default_factory=list)
    by_item: list[VagueCount] = field(default_factory=list)
    by_sender: list[VagueCount] = field(default_factory=list)
    by_check: list[VagueCount] = field(default_factory=list)

    @property
    def return_rate_after_vague(self) -> float | None:
        return self.returned_after_vague / self.answered_after_vague if self.answered_after_vague else None

    @property
    def return_rate_clear(self) -> float | None:
        return self.returned_clear / self.answered_clear if self.answered_clear else None


def vague_figures(conn: sqlite3.Connection, params: dict[str, Any]) -> VagueFigures:
    """The figures over `temp.report_sends` (the sends in scope that `metrics.report` prepared)."""
    p = {**params}
    figures = VagueFigures()
    row = conn.execute(
        """
        SELECT COUNT(*),
               SUM(v.n IS NOT NULL),
               COALESCE(SUM(v.n), 0),
               SUM(v.n IS NOT NULL AND s.answer IN ('accepted', 'returned')),
               SUM(v.n IS NOT NULL AND s.answer = 'returned'),
               SUM(v.n IS NULL AND s.answer IN ('accepted', 'returned')),
               SUM(v.n IS NULL AND s.answer = 'returned')
        FROM temp.report_sends s
        LEFT JOIN (SELECT send_event_id, COUNT(DISTINCT item_id) AS n FROM vague_sends GROUP BY 1) v ON v.send_event_id = s.event_id
        WHERE s.sent_at >= :since""",
        p,
    ).fetchone()
    figures.sends = row[0] or 0
    figures.vague_sends = row[1] or 0
    figures.answers = row[2] or 0
    figures.answered_after_vague, figures.returned_after_vague = row[3] or 0, row[4] or 0
    figures.answered_clear, figures.returned_clear = row[5] or 0, row[6] or 0
    vague_lists(conn, p, figures, "temp.report_sends")
    return figures


def vague_lists(conn: sqlite3.Connection, p: dict[str, Any], figures: VagueFigures, sends: str) -> None:
    """The lists by transition, sender, check and item, over `sends` (the sends in scope, or every kept round)."""
    # From the few vague rows to their send (an index on its event id), not a probe per send in scope.
    base = f"""FROM vague_sends v CROSS JOIN {sends} s ON s.handoff_id = v.handoff_id AND s.event_id = v.send_event_id
              WHERE s.sent_at >= :since"""
    figures.by_transition = _counts(conn, "s.from_stage || ' → ' || s.to_stage", "''", base, p)
    figures.by_sender = _counts(conn, "s.sender", "''", base, p)
    figures.by_check = _counts(conn, "v.check_name", "''", base, p)
    item_text = "(SELECT text FROM items i WHERE i.handoff_id = v.handoff_id AND i.item_id = v.item_id)"
    template = "(SELECT template_id FROM handoffs h WHERE h.id = v.handoff_id)"
    figures.by_item = _counts(conn, f"{template} || '/' || v.item_id", f"COALESCE({item_text}, '')", base, p)


def _counts(conn: sqlite3.Connection, key: str, text: str, base: str, p: dict[str, Any]) -> list[VagueCount]:
    """Vague answers and the sends carrying them, grouped by `key`, most first, at most `:limit` rows."""
    return [
        VagueCount(r[0], r[1], r[2], r[3])
        for r in conn.execute(
            f"""SELECT {key} AS k, COUNT(DISTINCT v.send_event_id || '/' || v.item_id), COUNT(DISTINCT v.send_event_id),
                       MAX({text})
                {base} GROUP BY k ORDER BY 2 DESC, 1 LIMIT :limit""",
            p,
        )
    ]
