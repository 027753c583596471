"""What `baton report` and `baton remind` print: text for people, stable JSON for scripts.

JSON keys are only ever added, never renamed or removed. Times are UTC ISO 8601;
durations are milliseconds (`*_ms`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from baton.core.deadlines import window_left
from baton.core.metrics import AGING, Durations, Figures, Report
from baton.core.times import iso
from baton.core.timezones import format_age, format_time
from baton.core.vague_report import VagueFigures

TIME_KEYS = {"now", "since", "sent_at", "deadline", "answered_at", "last_at", "at"}

TITLE = 40
"""The most terminal cells a handoff's title takes on a report line (cut with `…`, as `list` cuts its own), so the
line still says what the handoff is: a title in wide characters (CJK, emoji) takes two cells a character."""


def _times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (iso(v) if k in TIME_KEYS and isinstance(v, int) else _times(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_times(v) for v in value]
    return value


def _figures_json(figures: Figures) -> dict[str, Any]:
    data = asdict(figures)
    data["open_total"] = figures.open_total
    data["aging"] = dict(zip(AGING, figures.aging))
    data["return_rate"] = figures.return_rate
    return data


def report_json(report: Report) -> dict[str, Any]:
    data = {
        "now": report.now,
        "since": report.since,
        "transition": report.transition,
        "total": _figures_json(report.total),
        "transitions": [_figures_json(f) for f in report.transitions],
        "people": [_figures_json(f) for f in report.people],
        "return_reasons": [asdict(r) for r in report.return_reasons],
        "breaches_by_receiver": {
            k: {"waiting": v[0], "answered_late": v[1]} for k, v in report.breaches_by_receiver.items()
        },
        "breaches": [{**asdict(b), "waiting": b.waiting} for b in report.breaches],
        "blocking_items": [asdict(i) for i in report.blocking_items],
        "waived_items": [asdict(i) for i in report.waived_items],
        "unowned": [asdict(u) for u in report.unowned],
        "unowned_total": report.unowned_total,
        "conflicts": [asdict(c) for c in report.conflicts],
        "conflicts_total": report.conflicts_total,
        "returns_by_week": report.returns_by_week,
        "answers_by_week": report.answers_by_week,
        "vague_answers": _vague_json(report.vague),
    }
    return _times(data)


def _vague_json(v: VagueFigures) -> dict[str, Any]:
    data = asdict(v)
    data["return_rate_after_vague"] = v.return_rate_after_vague
    data["return_rate_clear"] = v.return_rate_clear
    return data


def vague_lines(v: VagueFigures, columns: int | None = None) -> list[str]:
    """The report's section on vague answers sent, and the returns that followed them (wrapped to `columns`)."""
    from baton.tui.cli.fit import wrapped

    lines = [f"Vague answers sent ({v.answers} in {v.vague_sends} of {v.sends} sends)"]
    if not v.answers:
        return lines + ["  none"]

    def pct(rate: float | None) -> str:
        return "—" if rate is None else f"{rate:.0%}"

    lines.append(
        f"  returned after a vague answer: {v.returned_after_vague} of {v.answered_after_vague} answered "
        f"({pct(v.return_rate_after_vague)}); without one: {v.returned_clear} of {v.answered_clear} "
        f"({pct(v.return_rate_clear)})"
    )
    for title, counts in (("by transition", v.by_transition), ("by sender", v.by_sender), ("by check", v.by_check)):
        lines.append(f"  {title}: " + ", ".join(f"{c.key} {c.answers}" for c in counts))
    lines = wrapped(lines, columns)
    lines.append("  by item:")
    lines += wrapped(
        [f"  {c.answers:>3}× in {c.sends} send{'' if c.sends == 1 else 's'}  {c.key}: {c.text}" for c in v.by_item],
        columns,
        8,
    )
    return lines


def duration(d: Durations) -> str:
    if not d.count:
        return "—"
    return f"{format_age(int(d.median_ms or 0))} / {format_age(int(d.p90_ms or 0))} (n={d.count})"


def rate(figures: Figures) -> str:
    return "—" if figures.return_rate is None else f"{figures.return_rate:.0%}"


def _label(key: str, width: int) -> str:
    key = key or "everyone"
    return key if len(key) <= width else key[: width - 1] + "…"


OPEN = "  {:<30} {:>5} {:>5} {:>8}   {:>8} {:>8} {:>8}"
SPEED = "  {:<30} {:<18} {:<18} {:>7} {:>7} {:>5} {:>8}"
"""The report's tables as a pipe gets them (and a terminal wide enough): fixed columns, labels cut to 30."""


def _fixed(rows: list[list[str]], layout: str) -> list[str]:
    """A table of the report (headings first, labels first) as a pipe gets it: `layout`'s fixed columns, labels
    cut to 30; cells past the layout's columns follow, three spaces apart."""
    slots = layout.count("{")
    return [
        layout.format(_label(row[0], 30) if i else row[0], *row[1:slots]) + "".join(f"   {c}" for c in row[slots:])
        for i, row in enumerate(rows)
    ]


def _narrow(rows: list[list[str]], columns: int, gap: int = 1, right_from: int = 1) -> list[str]:
    """The same table in a terminal too narrow for its fixed columns: each column as wide as its cells, `gap`
    cells apart (right-aligned from column `right_from` on), labels cut to fit, to 16 cells at the least."""
    from baton.tui.cli.fit import cell_width, cut_column, table_width
    from baton.tui.cli.render import aligned

    table = [[row[0] or "everyone" if i else row[0], *row[1:]] for i, row in enumerate(rows)]
    cut_column(table, 0, table_width(table, cell_width, gap) + 2 - columns, cell_width)
    right = set(range(right_from, len(table[0])))
    return ["  " + line for line in aligned(table, right=right, width=cell_width, gap=gap)]


def _fits(lines: list[str], columns: int | None) -> bool:
    from baton.tui.cli.fit import cell_width

    return columns is None or max(map(cell_width, lines)) <= columns


def _open_table(report: Report, columns: int | None) -> list[str]:
    """Open handoffs per transition, and per person they wait on, with how long they have waited."""
    people = [f for f in report.people if f.open_total]
    rows = [["", "draft", "sent", "returned", *AGING]]
    for f in [report.total, *report.transitions, *people]:
        rows.append([f.key, *(str(f.open[s]) for s in ("draft", "sent", "returned")), *map(str, f.aging)])
    lines = _fixed(rows, OPEN)
    if not _fits(lines, columns):
        lines = _narrow(rows, columns or 0)
    at = 2 + len(report.transitions)
    return [*lines[:at], "  by person (waiting on them):", *lines[at:]]


def _speed_table(report: Report, columns: int | None) -> list[str]:
    """Time to send and to answer, and rework, per transition and per person; in two tables when one is too wide."""

    def cells(f: Figures) -> list[str]:
        return [f.key, duration(f.to_send), duration(f.to_answer), str(f.answers), str(f.returns), rate(f)]

    rows = [["", "create → send", "send → answer", "answers", "returns", "rate", "breaches"]]
    rows += [[*cells(f), str(f.breaches)] for f in [report.total, *report.transitions]]
    at = len(rows)
    people = [[*cells(f), str(f.breaches), f"returned {f.returns_given}"] for f in report.people]
    lines = _fixed(rows + people, SPEED)
    by = "  by person (sending: create → send, returns to them; receiving: send → answer, returned, breaches):"
    if _fits(lines, columns):
        return [*lines[:at], by, *lines[at:]]
    rows += [[*row[:-1], row[-1].removeprefix("returned ")] for row in people]
    rows[0].append("returned")
    rows = [row + [""] * (len(rows[0]) - len(row)) for row in rows]
    one = _narrow(rows, 10_000, gap=2, right_from=3)  # first one table, each column as wide as its cells, labels whole
    if _fits(one, columns):
        return [*one[:at], by, *one[at:]]
    speed = _narrow([row[:3] for row in rows], columns or 0, gap=2, right_from=3)
    rework = _narrow([[row[0], *row[3:]] for row in rows], columns or 0)
    return [
        *speed[:at],
        "  by person (sending: create → send; receiving: send → answer):",
        *speed[at:],
        "",
        *rework[:at],
        "  by person (returns: to them as sender; returned, breaches: as receiver):",
        *rework[at:],
    ]


def report_text(report: Report, tz: str, columns: int | None = None) -> str:
    """The report for people; in a terminal `columns` wide, its tables fit it and its lists wrap under their text."""
    from baton.tui.cli.fit import cut, wrapped

    scope = f"since {format_time(report.since, tz)}" if report.since is not None else "all time"
    which = report.transition or "all transitions"
    lines = [f"Handoff report — {format_time(report.now, tz)} ({tz}) · {scope} · {which}", ""]
    lines.append("Open handoffs, and how long they have waited on whoever has the next step")
    lines += _open_table(report, columns)
    lines += ["", "Speed and rework (median / 90th percentile)"]
    lines += _speed_table(report, columns)

    lines += ["", "Why work bounces back (most common return reasons)"]
    lines += wrapped([f"  {r.count:>3}×  {r.reason}" for r in report.return_reasons], columns, 8) or ["  no returns"]

    lines += ["", "Acceptance windows missed, by receiver"]
    if not report.breaches_by_receiver:
        lines.append("  none")
    for receiver, (waiting, late) in report.breaches_by_receiver.items():
        lines.append(f"  {receiver}: {waiting} still waiting past the window, {late} answered late")
        for b in (b for b in report.breaches if b.receiver == receiver):
            state = f"waiting, {window_left(-b.late_ms)}" if b.waiting else f"{b.answer} {window_left(-b.late_ms)}"
            line = f"    {'!' if b.waiting else ' '} {b.handoff_id[:8]}  {cut(b.title, TITLE)}  ({b.transition}, from {b.sender}) — {state}"
            lines += wrapped([line], columns, 16)

    lines += ["", "Items that block sends most often"]
    lines += wrapped(
        [
            f"  {i.count:>3}× in {i.handoffs} handoff{'' if i.handoffs == 1 else 's'}  {i.template_id}/{i.item_id}: {i.text}"
            for i in report.blocking_items
        ],
        columns,
        8,
    ) or ["  no blocked sends"]
    lines += ["", "Items most often waived"]
    lines += wrapped(
        [f"  {i.count:>3}×  {i.template_id}/{i.item_id}: {i.text}" for i in report.waived_items], columns, 8
    ) or ["  no waivers"]

    lines += ["", *vague_lines(report.vague, columns)]

    lines += ["", f"No clear next owner ({report.unowned_total})"]
    unowned = [f"  {u.handoff_id[:8]}  {cut(u.title, TITLE)}  ({u.status}) — {u.why}" for u in report.unowned]
    lines += wrapped(unowned, columns, 12) or ["  none"]
    lines += ["", f"Sync conflicts not settled ({report.conflicts_total})"]
    conflicts = [
        f"  {c.handoff_id[:8]}  {cut(c.title, TITLE)}  {format_time(c.at, tz)} {c.author}: {c.kind} — {c.reason}"
        for c in report.conflicts
    ]
    lines += wrapped(conflicts, columns, 12) or ["  none"]
    return "\n".join(lines)


def remind_json(queues: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "owner": q.owner,
            "waiting_count": len(q.waiting),
            "breaches": q.breaches,
            "oldest_ms": q.oldest_ms,
            "waiting": [{**_times(asdict(w)), "breached": w.breached} for w in q.waiting],
        }
        for q in queues
    ]


def remind_text(
    queues: list[Any], conn: Any, limit: int, now: int, columns: int | None = None, away: dict[str, str] | None = None
) -> str:
    """Per person, what waits on them, and that they are away today (`away`: words by user); in a terminal
    `columns` wide, each wraps under its title."""
    from baton.core.ids import short_prefixes
    from baton.core.queues import all_ids
    from baton.tui.cli.fit import wrapped

    if not queues:
        return "Nothing waits on anyone."
    shorts = short_prefixes(all_ids(conn))
    lines = []
    for q in queues:
        flag = f", {q.breaches} past the acceptance window" if q.breaches else ""
        gone = f"; {(away or {})[q.owner]}" if q.owner in (away or {}) else ""
        lines.append(f"{q.owner or '(nobody)'} — {len(q.waiting)} waiting{flag}{gone}")
        for w in q.waiting[:limit]:
            mark = "!" if w.breached else " "
            window = ""
            if w.deadline is not None:
                window = f" — answer {window_left(w.deadline - now)}"
            lead = f"  {mark} {format_age(w.waited_ms):>4}  {shorts.get(w.handoff_id, w.handoff_id[:8])}  "
            lines += wrapped([f"{lead}{w.title}  ({w.transition}): {w.step}{window}"], columns, len(lead))
        if len(q.waiting) > limit:
            lines.append(f"    … and {len(q.waiting) - limit} more (--limit)")
    # `baton list`'s AGE counts from creation; a reader comparing the two should not think one of them wrong
    lines.append("(each time: how long it has waited for that step; `baton list` ages count from creation)")
    return "\n".join(lines)
