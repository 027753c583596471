"""The report's figures read from what the store keeps up to date on write (report_tables.py).

Counting on read cost about a second of CPU on 100,000 handoffs: every send joined
to its handoff, then grouped again for each figure. Here the counts come from
`report_tally` (a few hundred rows), the durations for the medians and 90th
percentiles come from one index each (a text of numbers per transition and person,
already in order), and the lists read an index in the order they show, up to their
limit.

Only what depends on the clock is counted on read, from an index: open handoffs
that became someone's step in the last three days (aging), unanswered sends still
inside their window (not breaches yet), and the answers of the last twelve weeks.

These figures are the whole report's (no `--since`, no `--transition`); metrics.py
counts the same ones afresh from the projection tables for those options, and
tests/test_kept_report.py holds both equal whatever the events were.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from .percentiles import summary
from .report_shapes import Breach, Flow, ItemCount, ReturnReason, Tally, Unowned
from .report_tables import TO_SEND, WAITING_SINCE
from .statuses import OPEN, sql_in
from .times import DAY
from .vague_report import VagueFigures, vague_lists

Key = tuple[str, ...]
Counts = defaultdict[Key, int]


KEPT_SENDS = """(SELECT n.name AS handoff_id, CASE WHEN typeof(e.id) = 'blob' THEN lower(hex(e.id)) ELSE e.id END
    AS event_id, r.sender, r.sent_at, r.from_stage, r.to_stage
    FROM rounds r JOIN names n ON n.ref = r.handoff JOIN event_log e ON e.seq = r.event)"""
"""Every send with its transition, for the lists of vague answers (read from their few rows to their send)."""


def kept_flow(conn: sqlite3.Connection, p: dict[str, Any], tally: Tally) -> Flow:
    """Every figure of the whole report but the unsettled conflicts (a few rows, read as they are)."""
    counts = counted(conn)
    _open_queue(conn, p, tally, _by(counts["open"], 1, 2, 3, 4))
    _speed(conn, tally, "to_send")
    _speed(conn, tally, "to_answer")
    _answers(tally, _by(counts["answer"], 1, 2, 3, 4, 5))
    returns_by_week, answers_by_week = _weekly(conn, p)
    unowned_total, unowned = _unowned(conn, p, counts["open"])
    return Flow(
        breaches_by_receiver=_breach_counts(conn, p, tally, counts),
        breaches=_breaches(conn, p),
        return_reasons=_return_reasons(conn, p),
        returns_by_week=returns_by_week,
        answers_by_week=answers_by_week,
        vague=_vague(conn, p, counts),
        blocking_items=_blocking(conn, p, counts),
        waived_items=_waived(conn, p, counts),
        unowned=unowned,
        unowned_total=unowned_total,
    )


def counted(conn: sqlite3.Connection) -> defaultdict[str, Counts]:
    """The running counts by figure, each keyed (template, from, to, person, other, detail) as it is kept
    (report_tables._COUNTED): open handoffs; answers, late answers, waiting sends, sends with and without a
    vague answer and the vague answers themselves from the rounds; blocks and waivers by item."""
    counts: defaultdict[str, Counts] = defaultdict(lambda: defaultdict(int))
    for kind, template, from_stage, to_stage, person, other, detail, n, m in conn.execute(
        """SELECT kind, template_id, from_stage, to_stage, person, other, detail, n, m FROM report_tally
           WHERE n != 0 OR m != 0"""
    ):
        transition = (template, from_stage, to_stage)
        if kind.startswith("round:"):
            vague, late = kind[-2] == "1", kind[-1] == "1"
            counts["send"][(*transition, "", "vague" if vague else "clear", detail)] += n
            counts["vague_answers"][(*transition, "", "", "")] += m
            if detail in ("accepted", "returned"):
                counts["answer"][(*transition, person, other, detail)] += n
            if not detail:
                counts["unanswered"][(*transition, other, "", "")] += n
            if late:
                counts["late"][(*transition, other, "", "")] += n
        elif kind == "block":
            counts["block"][(*transition, person, "", "")] += m
            counts["block_handoffs"][(*transition, person, "", "")] += n
        else:
            counts[kind][(*transition, person, other, detail)] += n
    return counts


def _by(counts: Counts, *fields: int) -> Counts:
    """The counts summed over every field of the key but `fields` (which template a transition came from, ...)."""
    found: Counts = defaultdict(int)
    for key, n in counts.items():
        found[tuple(key[i] for i in fields)] += n
    return found


def _open_queue(conn: sqlite3.Connection, p: dict[str, Any], tally: Tally, open_now: Counts) -> None:
    """Open handoffs by status (kept), and how long each has waited: only the last three days read by time,
    one person at a time (the index is by who has the next step, then since when)."""
    recent: Counts = defaultdict(int)
    for who in sorted({key[2] for key in open_now}):
        for from_stage, to_stage, status, today, n in conn.execute(
            f"""SELECT from_stage, to_stage, status, {WAITING_SINCE} > :now - :day, COUNT(*)
                FROM handoffs INDEXED BY handoffs_waiting
                WHERE status IN {sql_in(OPEN)} AND next_actor = :who AND {WAITING_SINCE} > :now - 3 * :day
                GROUP BY 1, 2, 3, 4""",
            {**p, "day": DAY, "who": who},
        ):
            recent[(from_stage, to_stage, who, status, "1" if today else "0")] += n
    for (from_stage, to_stage, who, status), n in open_now.items():
        today, days = recent[(from_stage, to_stage, who, status, "1")], recent[(from_stage, to_stage, who, status, "0")]
        for figures in tally.groups(f"{from_stage} → {to_stage}", who):
            figures.open[status] += n
            figures.aging[0] += today
            figures.aging[1] += days
            figures.aging[2] += n - today - days


def _unowned(conn: sqlite3.Connection, p: dict[str, Any], open_now: Counts) -> tuple[int, list[Unowned]]:
    """Open handoffs whose next person is nobody, unknown to the team, or gone quiet (how many: kept), longest
    waiting first: the first `limit` of each such person, merged."""
    seen = {user: last_seen for user, last_seen in conn.execute("SELECT user, last_seen FROM teammates")}
    waiting_on = _by(open_now, 3)
    unclear = [
        who
        for (who,) in sorted(waiting_on)
        if not who or who not in seen or (seen[who] is not None and seen[who] < p["quiet"]) or who in p["gone"]
    ]
    first: list[tuple[bool, int, str, str]] = []
    for who in unclear:
        first += [
            (since is not None, since or 0, handoff, who)
            for handoff, since in conn.execute(
                f"""SELECT id, {WAITING_SINCE} FROM handoffs INDEXED BY handoffs_waiting
                    WHERE status IN {sql_in(OPEN)} AND next_actor = ? ORDER BY {WAITING_SINCE}, id LIMIT ?""",
                (who, p["limit"]),
            )
        ]
    found = []
    for _, _, handoff, who in sorted(first)[: int(p["limit"])]:
        title, status = conn.execute("SELECT title, status FROM handoffs WHERE id = ?", (handoff,)).fetchone()
        found.append(
            Unowned(
                handoff, title, status, who, why_unowned(who, who in seen, seen.get(who), p["now"], p["gone"].get(who))
            )
        )
    return sum(waiting_on[(who,)] for who in unclear), found


def why_unowned(user: str, known: int, last_seen: int | None, now: int, removed_by: str | None = None) -> str:
    if not user:
        return "nobody has the next step"
    if removed_by is not None:
        from .receiver_rules import reassign_words

        return reassign_words(user, removed_by)
    if not known:
        return f"{user} is unknown to the team (never synced)"
    return f"{user} has not been seen for {(now - (last_seen or 0)) // DAY} days"


_SPEED = {
    "to_send": (TO_SEND, "handoffs INDEXED BY handoffs_to_send WHERE first_sent_at IS NOT NULL", "sender"),
    "to_answer": ("to_answer", "rounds INDEXED BY rounds_to_answer WHERE to_answer IS NOT NULL", "receiver"),
}
"""Each duration the report gives medians of: its value, the index it is read from, and whose it is."""


def _speed(conn: sqlite3.Connection, tally: Tally, column: str) -> None:
    """Median and 90th percentile of `column` for everyone, per transition and per person (the sender for the
    time to send, the receiver for the time to answer): every value read once from one index, as a run per
    transition and person (a text of numbers per run: no row per value for Python to make), then merged."""
    value, source, person = _SPEED[column]
    by_transition: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    by_person: defaultdict[str, list[int]] = defaultdict(list)
    everyone: list[int] = []
    for from_stage, to_stage, who, values in conn.execute(
        f"SELECT from_stage, to_stage, {person}, group_concat({value}) FROM {source} GROUP BY 1, 2, 3"
    ):
        run = sorted(map(int, values.split(",")))
        by_transition[(from_stage, to_stage)] += run
        by_person[who] += run
        everyone += run
    if everyone:
        setattr(tally.total, column, summary(sorted(everyone)))
    for (from_stage, to_stage), values in by_transition.items():
        setattr(tally.pick("transition", f"{from_stage} → {to_stage}"), column, summary(sorted(values)))
    for who, values in by_person.items():
        setattr(tally.pick("person", who), column, summary(sorted(values)))


def _answers(tally: Tally, answers: Counts) -> None:
    """Answers and returns, counted for the sender; returns given, for the receiver (kept)."""
    for (from_stage, to_stage, sender, receiver, answer), n in answers.items():
        for figures in tally.groups(f"{from_stage} → {to_stage}", sender):
            figures.answers += n
            figures.returns += n if answer == "returned" else 0
        if answer == "returned":
            tally.person(receiver).returns_given += n


def _breach_counts(
    conn: sqlite3.Connection, p: dict[str, Any], tally: Tally, counts: defaultdict[str, Counts]
) -> dict[str, tuple[int, int]]:
    """Breaches per transition and receiver: answered late (kept), and unanswered past the deadline (kept
    unanswered ones, less those still inside their window: read by deadline, from the breaches index)."""
    late, unanswered = _by(counts["late"], 1, 2, 3), _by(counts["unanswered"], 1, 2, 3)
    inside: Counts = defaultdict(int)
    for receiver in sorted({key[2] for key in unanswered}):
        for from_stage, to_stage, n in conn.execute(
            """SELECT from_stage, to_stage, COUNT(*) FROM rounds INDEXED BY rounds_breaches
               WHERE (answered = 0 OR answered_at > deadline) AND receiver = :receiver AND answered = 0
                 AND breach_rank >= :now GROUP BY 1, 2""",
            {**p, "receiver": receiver},
        ):
            inside[(from_stage, to_stage, receiver)] += n
    by_receiver: dict[str, tuple[int, int]] = {}
    for key in sorted(late.keys() | unanswered.keys()):
        waiting = unanswered[key] - inside[key]
        if not waiting + late[key]:
            continue
        from_stage, to_stage, receiver = key
        for figures in tally.groups(f"{from_stage} → {to_stage}", receiver):
            figures.breaches += waiting + late[key]
        old = by_receiver.get(receiver, (0, 0))
        by_receiver[receiver] = (old[0] + waiting, old[1] + late[key])
    return by_receiver


def _breaches(conn: sqlite3.Connection, p: dict[str, Any]) -> list[Breach]:
    """The breaches list: by receiver, still waiting first, latest first; read in that order from one index."""
    return [
        Breach(*r)
        for r in conn.execute(
            """SELECT n.name, (SELECT h.title FROM handoffs h WHERE h.id = n.name),
                      s.from_stage || ' → ' || s.to_stage, s.sender, s.receiver, s.round, s.sent_at, s.deadline,
                      s.answered_at, s.answer, COALESCE(s.answered_at, :now) - s.deadline,
                      (SELECT CASE WHEN typeof(e.id) = 'blob' THEN lower(hex(e.id)) ELSE e.id END
                       FROM event_log e WHERE e.seq = s.event) AS event_id
               FROM rounds s INDEXED BY rounds_breaches JOIN names n ON n.ref = s.handoff
               WHERE (s.answered = 0 OR s.answered_at > s.deadline) AND COALESCE(s.answered_at, :now) > s.deadline
               ORDER BY s.receiver, s.answered, s.breach_rank, event_id LIMIT :limit""",
            p,
        )
    ]


def _return_reasons(conn: sqlite3.Connection, p: dict[str, Any]) -> list[ReturnReason]:
    """The most common return reasons (alike when they differ only in case and closing punctuation), each with
    the greatest id of a handoff returned for it: among the rows with the greatest key (round_rows.HANDOFF_KEY)."""
    found = []
    for reason, n, last, key, handoff_key in conn.execute(
        """SELECT MAX(reason), COUNT(*), MAX(answered_at), reason_key, MAX(handoff_key) FROM rounds
           WHERE answer = 'returned' GROUP BY reason_key ORDER BY 2 DESC, 3 DESC, 1 LIMIT :limit""",
        p,
    ).fetchall():
        (handoff,) = conn.execute(
            """SELECT MAX(n.name) FROM rounds r INDEXED BY rounds_reasons JOIN names n ON n.ref = r.handoff
               WHERE r.answer = 'returned' AND r.reason_key IS ? AND r.handoff_key IS ?""",
            (key, handoff_key),
        ).fetchone()
        found.append(ReturnReason(reason, n, last, handoff))
    return found


def _weekly(conn: sqlite3.Connection, p: dict[str, Any]) -> tuple[list[int], list[int]]:
    """Returns and answers per week for the last `weeks` weeks, oldest first: one count over the index per
    week (week `ago` holds the answers of the `ago`-th seven days back from now), no grouping to sort."""
    weeks = int(p["weeks"])
    returns_by_week, answers_by_week = [0] * weeks, [0] * weeks
    for ago in range(weeks):
        answers, returns = conn.execute(
            """SELECT COUNT(*), COALESCE(SUM(answer = 'returned'), 0) FROM rounds
               WHERE to_answer IS NOT NULL AND answered_at > :now - (:ago + 1) * :week
                 AND answered_at <= :now - :ago * :week""",
            {**p, "ago": ago},
        ).fetchone()
        answers_by_week[weeks - 1 - ago], returns_by_week[weeks - 1 - ago] = answers, returns
    return returns_by_week, answers_by_week


def _vague(conn: sqlite3.Connection, p: dict[str, Any], counts: defaultdict[str, Counts]) -> VagueFigures:
    """Vague answers sent, and the returns after sends with and without one (kept); the lists from the few
    vague rows."""
    figures = VagueFigures()
    for (_, _, _, _, carried, answer), n in counts["send"].items():
        figures.sends += n
        answered = answer in ("accepted", "returned")
        if carried == "vague":
            figures.vague_sends += n
            figures.answered_after_vague += n if answered else 0
            figures.returned_after_vague += n if answer == "returned" else 0
        else:
            figures.answered_clear += n if answered else 0
            figures.returned_clear += n if answer == "returned" else 0
    figures.answers = sum(counts["vague_answers"].values())
    vague_lists(conn, p, figures, KEPT_SENDS)
    return figures


def _blocking(conn: sqlite3.Connection, p: dict[str, Any], counts: defaultdict[str, Counts]) -> list[ItemCount]:
    """The items that block sends most often (kept counts); each one's text from one handoff it blocked."""
    blocks, handoffs = _by(counts["block"], 0, 3), _by(counts["block_handoffs"], 0, 3)
    top = sorted(blocks, key=lambda k: (-blocks[k], -handoffs[k], k[1], k[0]))[: int(p["limit"])]
    found = []
    for template, item in top:
        text = conn.execute(
            """SELECT COALESCE((SELECT text FROM items i WHERE i.item_id = :item AND i.handoff_id =
                   (SELECT MAX(n.name) FROM report_blocks b JOIN names n ON n.ref = b.handoff
                    WHERE b.template_id = :template AND b.item_id = :item AND b.handoff_key =
                    (SELECT MAX(handoff_key) FROM report_blocks WHERE template_id = :template AND item_id = :item))),
                   :item)""",
            {"template": template, "item": item},
        ).fetchone()[0]
        found.append(ItemCount(template, item, text, blocks[(template, item)], handoffs[(template, item)]))
    return found


def _waived(conn: sqlite3.Connection, p: dict[str, Any], counts: defaultdict[str, Counts]) -> list[ItemCount]:
    """The items most often waived (kept counts), each with its text (the greatest, as a recount shows it)."""
    waived = _by(counts["waived"], 0, 3)
    top = sorted(waived, key=lambda k: (-waived[k], k[1], k[0]))[: int(p["limit"])]
    found = []
    for template, item in top:
        (text,) = conn.execute(
            "SELECT MAX(text) FROM report_waivers WHERE template_id = ? AND item_id = ?", (template, item)
        ).fetchone()
        found.append(ItemCount(template, item, text, waived[(template, item)], waived[(template, item)]))
    return found
