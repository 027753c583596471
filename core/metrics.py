"""Metrics for leads: the leading indicators of broken trust, computed in SQL.

Retention is the lagging outcome; these figures move first. Rework shows as
bounce-backs (returns, and why); slow answers between teams show as the time
from creation to send and from send to answer, and as acceptance windows
missed; confusion over who owns the next step shows as handoffs waiting on
someone unknown to the team or gone quiet, and as sync conflicts nobody has
settled. `report()` reads only the projection tables over one `sqlite3`
connection (no pydantic), so the command line and the app's dashboard share it
and it stays fast on 100,000 handoffs.

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
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .statuses import OPEN, sql_in
from .times import DAY, HOUR, WEEK
from .vague_report import VagueFigures, vague_figures

AGING = ("< 1 day", "1–3 days", "> 3 days")
QUIET_MS = 7 * DAY
"""A teammate not seen for this long no longer counts as a clear next owner."""
WEEKS = 12
"""How many weeks the weekly series (returns, answers) cover."""

WAITING_SINCE = "CASE h.status WHEN 'sent' THEN h.sent_at WHEN 'returned' THEN h.answered_at ELSE h.created_at END"
TRANSITION = "h.from_stage || ' → ' || h.to_stage"
SEND_TRANSITION = "s.from_stage || ' → ' || s.to_stage"
IN_SCOPE = "(:transition IS NULL OR h.template_id = :transition OR h.from_stage || '->' || h.to_stage = :transition)"


@dataclass(frozen=True)
class Durations:
    """How long something took: count, median and 90th percentile, in ms (None when count is 0)."""

    count: int = 0
    median_ms: float | None = None
    p90_ms: float | None = None


@dataclass
class Figures:
    """The figures for everyone, one transition or one person.

    For a person, each figure takes the role it is about: `open` and `aging`
    count what waits on them (they have the next step); `to_send`, `answers`
    and `returns` count the handoffs they sent; `to_answer`, `returns_given`
    and `breaches` count the sends they received.
    """

    key: str
    open: dict[str, int] = field(default_factory=lambda: {s: 0 for s in OPEN})
    aging: list[int] = field(default_factory=lambda: [0, 0, 0])
    to_send: Durations = Durations()
    to_answer: Durations = Durations()
    answers: int = 0
    returns: int = 0
    returns_given: int = 0
    breaches: int = 0

    @property
    def open_total(self) -> int:
        return sum(self.open.values())

    @property
    def return_rate(self) -> float | None:
        return self.returns / self.answers if self.answers else None


@dataclass(frozen=True)
class ReturnReason:
    reason: str
    count: int
    last_at: int
    example: str
    """One handoff returned for this reason."""


@dataclass(frozen=True)
class Breach:
    handoff_id: str
    title: str
    transition: str
    sender: str
    receiver: str
    round: int
    sent_at: int
    deadline: int
    answered_at: int | None
    answer: str | None
    late_ms: int
    send_event_id: str

    @property
    def waiting(self) -> bool:
        """Still unanswered: someone is waiting right now."""
        return self.answer is None


@dataclass(frozen=True)
class ItemCount:
    template_id: str
    item_id: str
    text: str
    count: int
    handoffs: int


@dataclass(frozen=True)
class Unowned:
    handoff_id: str
    title: str
    status: str
    next_actor: str
    why: str


@dataclass(frozen=True)
class OpenConflict:
    event_id: str
    handoff_id: str
    title: str
    kind: str
    author: str
    at: int
    reason: str


@dataclass
class Report:
    now: int
    since: int | None
    transition: str | None
    total: Figures
    transitions: list[Figures]
    people: list[Figures]
    return_reasons: list[ReturnReason]
    breaches_by_receiver: dict[str, tuple[int, int]]
    """receiver -> (still waiting past the window, answered late)."""
    breaches: list[Breach]
    blocking_items: list[ItemCount]
    waived_items: list[ItemCount]
    unowned: list[Unowned]
    unowned_total: int
    conflicts: list[OpenConflict]
    conflicts_total: int
    returns_by_week: list[int]
    answers_by_week: list[int]
    vague: VagueFigures = field(default_factory=VagueFigures)
    """Vague answers sent, and the returns that followed them (vague_report.py)."""
    """Oldest week first; the last entry is the seven days up to `now`."""


def transition_key(text: str | None) -> str | None:
    """A `--transition` as typed (`sales-to-onboarding`, `sales->onboarding`, `sales → onboarding`) for matching."""
    if text is None or not text.strip():
        return None
    key = re.sub(r"\s+", "", text.strip().lower()).replace("→", "->")
    return key


def known_transitions(conn: sqlite3.Connection) -> list[str]:
    """Every template id and `from->to` pair the store holds handoffs for."""
    rows = conn.execute("SELECT DISTINCT template_id, from_stage, to_stage FROM handoffs").fetchall()
    return sorted({r[0] for r in rows} | {f"{r[1]}->{r[2]}" for r in rows})


def parse_since(text: str, tz: str, now: int) -> int:
    """`YYYY-MM-DD` (midnight in the viewer's zone), or `7d` / `2w` / `12h` back from now, as UTC ms."""
    from .errors import InvalidValue

    raw = text.strip().lower()
    relative = re.fullmatch(r"(\d{1,4})\s*([hdw])", raw)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        return now - amount * {"h": HOUR, "d": DAY, "w": WEEK}[unit]
    try:
        day = date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidValue(f"--since {text!r} is not a date: use YYYY-MM-DD, or 12h, 7d, 2w back from now")
    local = datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(tz))
    return int(local.astimezone(UTC).timestamp() * 1000)


def report(
    conn: sqlite3.Connection, now: int, since: int | None = None, transition: str | None = None, limit: int = 50
) -> Report:
    """Every figure of `baton report` over the store behind `conn`; lists are cut to `limit` rows."""
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
    }
    total = Figures("")
    transitions: dict[str, Figures] = {}
    people: dict[str, Figures] = {}

    def groups(tr: str, person: str | None) -> list[Figures]:
        found = [total, transitions.setdefault(tr, Figures(tr))]
        if person:
            found.append(people.setdefault(person, Figures(person)))
        return found

    for tr, who, status, bucket, n in conn.execute(
        f"""
            SELECT {TRANSITION}, h.next_actor, h.status,
                   CASE WHEN w < {DAY} THEN 0 WHEN w < {3 * DAY} THEN 1 ELSE 2 END, COUNT(*)
            FROM (SELECT h.*, MAX(0, :now - {WAITING_SINCE}) AS w FROM handoffs h NOT INDEXED
                  WHERE h.status IN {sql_in(OPEN)} AND {IN_SCOPE}) h
            GROUP BY h.from_stage, h.to_stage, 2, 3, 4""",
        p,
    ):
        for figures in groups(tr, who):
            figures.open[status] += n
            figures.aging[bucket] += n

    # The send rounds in scope, with their transition, read once: a join per figure costs more.
    conn.execute("DROP TABLE IF EXISTS temp.report_sends")
    conn.execute(
        f"""CREATE TEMP TABLE report_sends AS
        SELECT s.*, h.from_stage, h.to_stage, h.title FROM sends s JOIN handoffs h ON h.id = s.handoff_id
        WHERE {IN_SCOPE}""",
        p,
    )

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
        _pick(total, transitions, people, dim, name).to_send = durations
    for (dim, name), durations in to_answer.items():
        _pick(total, transitions, people, dim, name).to_answer = durations

    for tr, sender, receiver, answer, n in conn.execute(
        f"""
            SELECT {SEND_TRANSITION}, s.sender, s.receiver, s.answer, COUNT(*)
            FROM temp.report_sends s
            WHERE s.answer IN ('accepted', 'returned') AND s.answered_at >= :since
            GROUP BY s.from_stage, s.to_stage, 2, 3, 4""",
        p,
    ):
        for figures in groups(tr, sender):
            figures.answers += n
            figures.returns += n if answer == "returned" else 0
        if answer == "returned":
            people.setdefault(receiver, Figures(receiver)).returns_given += n

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
        for figures in groups(tr, receiver):
            figures.breaches += waiting + late
        old = by_receiver.get(receiver, (0, 0))
        by_receiver[receiver] = (old[0] + waiting, old[1] + late)
    breaches = [
        Breach(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11])
        for r in conn.execute(
            f"""
            SELECT s.handoff_id, s.title, {SEND_TRANSITION}, s.sender, s.receiver, s.round, s.sent_at, s.deadline,
                   s.answered_at, s.answer, COALESCE(s.answered_at, :now) - s.deadline, s.event_id
            {breach_where} ORDER BY s.receiver, s.answer IS NOT NULL, 11 DESC LIMIT :limit""",
            p,
        )
    ]

    reasons = [
        ReturnReason(*r)
        for r in conn.execute(
            """
        SELECT MAX(s.reason), COUNT(*), MAX(s.answered_at), MAX(s.handoff_id)
        FROM temp.report_sends s
        WHERE s.answer = 'returned' AND s.answered_at >= :since
        GROUP BY lower(trim(rtrim(trim(s.reason), '.!'))) ORDER BY 2 DESC, 3 DESC LIMIT :limit""",
            p,
        )
    ]

    blocking = [
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
        ORDER BY g.n DESC, g.handoffs DESC, g.item_id LIMIT :limit""",
            p,
        )
    ]
    waived = [
        ItemCount(*r)
        for r in conn.execute(
            f"""
        SELECT h.template_id, i.item_id, MAX(i.text), COUNT(*), COUNT(*)
        FROM items i JOIN handoffs h ON h.id = i.handoff_id
        WHERE i.waived = 1 AND h.created_at >= :since AND {IN_SCOPE}
        GROUP BY 1, 2 ORDER BY 4 DESC, 2 LIMIT :limit""",
            p,
        )
    ]

    unowned_total, unowned = 0, []
    for r in conn.execute(
        f"""
            SELECT h.id, h.title, h.status, h.next_actor, t.user IS NOT NULL, t.last_seen, COUNT(*) OVER ()
            FROM handoffs h NOT INDEXED LEFT JOIN teammates t ON t.user = h.next_actor
            WHERE h.status IN {sql_in(OPEN)} AND {IN_SCOPE}
              AND (h.next_actor = '' OR t.user IS NULL OR t.last_seen < :quiet)
            ORDER BY {WAITING_SINCE}, h.id LIMIT :limit""",
        p,
    ):
        unowned_total = r[6]
        unowned.append(Unowned(r[0], r[1], r[2], r[3], _why_unowned(r[3], r[4], r[5], now)))

    conflict_sql = f"""FROM conflicts c LEFT JOIN handoffs h ON h.id = c.handoff_id
        WHERE (h.id IS NULL OR c.at >= h.updated_at) AND (h.id IS NULL OR {IN_SCOPE})"""
    conflicts_total = conn.execute(f"SELECT COUNT(*) {conflict_sql}", p).fetchone()[0]
    conflicts = [
        OpenConflict(*r)
        for r in conn.execute(
            f"""
        SELECT c.event_id, c.handoff_id, COALESCE(h.title, '(not arrived yet)'), c.kind, c.author, c.at, c.reason
        {conflict_sql} ORDER BY c.at DESC LIMIT :limit""",
            p,
        )
    ]

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

    vague = vague_figures(conn, p)
    conn.execute("DROP TABLE IF EXISTS temp.report_sends")

    return Report(
        now=now,
        since=since,
        transition=key,
        total=total,
        transitions=[transitions[k] for k in sorted(transitions)],
        people=[people[k] for k in sorted(people)],
        return_reasons=reasons,
        breaches_by_receiver=dict(sorted(by_receiver.items())),
        breaches=breaches,
        blocking_items=blocking,
        waived_items=waived,
        unowned=unowned,
        unowned_total=unowned_total,
        conflicts=conflicts,
        conflicts_total=conflicts_total,
        returns_by_week=returns_by_week,
        answers_by_week=answers_by_week,
        vague=vague,
    )


def _pick(total: Figures, transitions: dict[str, Figures], people: dict[str, Figures], dim: str, name: str) -> Figures:
    if dim == "all":
        return total
    table = transitions if dim == "transition" else people
    return table.setdefault(name, Figures(name))


def _percentiles(conn: sqlite3.Connection, base: str, params: dict) -> dict[tuple[str, str], Durations]:
    """Count, median and 90th percentile of `d` from `base` (columns tr, who, d), for all, per tr, per who.

    SQLite sorts once (ORDER BY d); every group's values then arrive in order, so
    each percentile is a lookup by rank. One sort beats a window function per
    grouping on 100,000 rows by a wide margin.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    everyone: list[int] = []
    for tr, who, d in conn.execute(f"SELECT tr, who, d FROM ({base}) ORDER BY d", params):
        everyone.append(d)
        groups.setdefault(("transition", tr), []).append(d)
        groups.setdefault(("person", who), []).append(d)
    if everyone:
        groups[("all", "")] = everyone
    return {key: Durations(len(values), _rank(values, 0.5), _rank(values, 0.9)) for key, values in groups.items()}


def _rank(ordered: list[int], fraction: float) -> float:
    """The value at `fraction` of the way through `ordered`, interpolating between neighbouring ranks."""
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return _between(ordered[low], ordered[high], position)


def _between(low: float, high: float, position: float) -> float:
    """Linear interpolation between the values at the two ranks around `position`."""
    return low + (position - int(position)) * (high - low)


def _why_unowned(user: str, known: int, last_seen: int | None, now: int) -> str:
    if not user:
        return "nobody has the next step"
    if not known:
        return f"{user} is unknown to the team (never synced)"
    return f"{user} has not been seen for {(now - (last_seen or 0)) // DAY} days"
