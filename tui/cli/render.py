"""What the command line prints: tables, a handoff's page, history, and stable JSON.

The JSON shapes here are a contract for scripts (documented in the README): keys
are only ever added, never renamed or removed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import closing
from typing import Any

from baton.core.deadlines import row_answer_by, state_answer_by, window_left
from baton.core.handoff_json import handoff_json as stable_json
from baton.core.hlc import now_ms
from baton.core.home import Home
from baton.core.ids import short_prefixes
from baton.core.statuses import EDITABLE
from baton.core.terminal_text import harmless, harmless_json, harmless_line
from baton.core.times import iso
from baton.core.timezones import format_age, format_time
from baton.tui.cli.fit import NARROW, cell_width, cut_to_cells, fit_queue
from baton.tui.cli.output import terminal_columns


def read_identity(home: Home) -> tuple[str, str]:
    """(user, tz) from the config, checked as every command checks it (core/config.py, no pydantic): a
    damaged config.json is said in one line, not shown as `(times in 5)` or an empty inbox."""
    from baton.core.config import load_config

    config = load_config(home)
    return config.user, config.tz


def window_text(row: Any, now: int) -> str:
    """`answer within 5h` / `answer 2d late` for a sent handoff, else the due date."""
    deadline = row_answer_by(row)
    if deadline is not None:
        return f"answer {window_left(deadline - now)}"
    return f"due {row['due']}" if row["due"] else ""


def row_json(row: Any, short: str) -> dict[str, Any]:
    """One handoff of `baton list --json`: the stable keys, with the shortest unique id prefix."""
    shape = stable_json(row)
    return {"id": shape["id"], "short_id": short, **shape}


TABLE_COLUMNS = (
    "id, title, status, from_stage, to_stage, next_actor, required_done, required_total, created_at, due, "
    "sent_at, accept_within_hours, answer_by"
)
"""What the table of `list` reads (the window's deadline among them: deadlines.row_answer_by); `--json` reads all."""


SCOPE_WORDS = {"inbox": "your inbox", "outbox": "your outbox", "mine": "your inbox or outbox"}


def nothing_listed(scope: str, status: str | None, elsewhere: int) -> str:
    """What an empty list says: where else the handoffs asked for are (`elsewhere`: how many the whole team has).

    `list --status cancelled` always said "No handoffs here. Start one with `baton new`": a cancelled or closed
    handoff is in nobody's inbox or outbox, and the team's two cancelled ones were one `--all` away, unsaid."""
    what = f"{status} handoffs" if status else "handoffs"
    if elsewhere:
        again = f"`baton list --all{f' --status {status}' if status else ''}`"
        return f"No {what} in {SCOPE_WORDS.get(scope, 'this list')}; the team has {elsewhere}: {again}."
    if status:
        return f"No {what}, yours or the team's."
    return "No handoffs here. Start one with `baton new TEMPLATE --title ... --to ...`."


def list_handoffs(home: Home, scope: str, status: str | None, as_json: bool) -> None:
    from dataclasses import replace

    from baton.core.config import load_config
    from baton.core.queues import COLUMNS, QueueFilter, all_ids, connect, count, page

    config = load_config(home)  # read as read_identity reads it; its replica id: only this home's database is read
    user, tz = config.user, config.tz
    if not home.database.exists():
        from baton.core.errors import NotInitialized

        raise NotInitialized(home.no_database())
    queue = QueueFilter.listed(user, scope, status)
    with closing(connect(home.database, config.replica_id)) as conn:
        rows = page(conn, queue, columns=COLUMNS if as_json else TABLE_COLUMNS)
        shorts = short_prefixes(all_ids(conn)) if rows else {}
        unapproved = _unapproved(conn) if rows else {}
        elsewhere = (
            0 if rows or as_json or scope == "team" else count(conn, replace(queue, scope="team", open_only=False))
        )
    out = sys.stdout
    if as_json:
        listed = [
            {**row_json(row, shorts[row["id"]]), "unapproved_checklist": unapproved.get(row["id"])} for row in rows
        ]
        out.write(harmless_json(json.dumps(listed, indent=2, ensure_ascii=False)) + "\n")
        return
    if not rows:
        out.write(nothing_listed(scope, status, elsewhere) + "\n")
        return
    now = now_ms()
    titles = "".join(row["title"] for row in rows)  # one look at every title: one-cell text is counted by length
    width = len if titles.isascii() or NARROW.fullmatch(titles) else cell_width  # rich loads for wide text only
    table = [["ID", "STATUS", "TRANSITION", "TITLE", "NEXT", "DONE", "AGE", "WINDOW"]]
    for row in rows:
        title = harmless_line(row["title"])  # a teammate's title: its escape sequences shown, not obeyed
        title = title if width(title) <= 34 else cut_to_cells(title, 33) + "…"
        table.append(
            [
                shorts[row["id"]],
                row["status"],
                f"{row['from_stage']} → {row['to_stage']}",
                title,
                row["next_actor"] or "-",
                f"{row['required_done']}/{row['required_total']}",
                format_age(now - row["created_at"]),
                window_text(row, now) + ("  ⚠ unapproved checklist" if row["id"] in unapproved else ""),
            ]
        )
    right = fit_queue(table, terminal_columns(out), width)
    lines = aligned(table, right=right, width=width)
    lines.append(f"{len(rows)} handoff{'s' if len(rows) != 1 else ''} (times in {tz})")
    out.write(harmless("\n".join(lines)) + "\n")


def aligned(
    table: list[list[str]], right: set[int] | None = None, width: Callable[[str], int] = len, gap: int = 2
) -> list[str]:
    """Rows as lines with every column as wide as its widest cell, `gap` spaces apart (`right`: right-aligned).

    `width` counts a cell: `len` for plain text, `cell_width` when a cell may hold wide (CJK) characters.
    """
    right = right or set()
    if width is cell_width and NARROW.fullmatch("".join(map("".join, table))):
        width = len  # one cell per character: the quick path (90,000 cells for `list --all` at 10,000)
    widths = [max(map(width, column)) for column in zip(*table)]
    if width is len:
        line = (" " * gap).join(f"{{:{'>' if i in right else '<'}{w}}}" for i, w in enumerate(widths)).format
        return [line(*row).rstrip() for row in table]  # one format per line: 10,000 rows for `list --all`

    def fit(i: int, cell: str) -> str:
        pad = " " * (widths[i] - width(cell))
        return pad + cell if i in right else cell + pad

    return [(" " * gap).join(fit(i, cell) for i, cell in enumerate(row)).rstrip() for row in table]


def item_rows(state: Any) -> list[dict[str, Any]]:
    """Every item with its value, who set it, waiver and whether it counts now."""
    from baton.core.gate import condition_holds
    from baton.core.values import display, problem, rules

    rows = []
    for item in state.template.items:
        value = state.values.get(item.id)
        meta = state.value_meta.get(item.id)
        waiver = state.waivers.get(item.id)
        counts = condition_holds(item, state.template, state.values)
        rows.append(
            {
                "id": item.id,
                "text": item.text,
                "why": item.why,
                "kind": item.kind,
                "required": item.required,
                "applies": counts,
                "value": value,
                "display": display(item, value),
                "set_by": meta[0] if meta else None,
                "set_at": meta[1] if meta else None,
                "waived": {"reason": waiver[0], "by": waiver[1], "at": iso(waiver[2])} if waiver else None,
                "problem": problem(item, value) if counts and (item.required or value is not None) else None,
                "rules": rules(item),
            }
        )
    return rows


def _unapproved(conn: Any) -> dict[str, str]:
    """Handoffs on a checklist the team does not know (recorded with the conflicts of their created event)."""
    rows = conn.execute(
        "SELECT handoff_id, reason FROM conflicts WHERE kind = 'created' AND reason LIKE 'unapproved checklist%'"
    )
    return {row[0]: row[1] for row in rows}


def handoff_json(replica: Any, state: Any, warnings: list[Any] | None = None) -> dict[str, Any]:
    """`baton show --json`: the stable keys (core.handoff_json) of the folded handoff, then its details;
    `warnings` are the vague answers (read_warnings), per item and in all."""
    from baton.core.projection_rows import handoff_record
    from baton.core.receiver_rules import unsent_now
    from baton.tui.cli.render_chain import chain_json

    template = state.template
    found = warnings or []
    by_item: dict[str, list[dict[str, str]]] = {}
    for f in found:
        by_item.setdefault(f.item_id, []).append({"check": f.check, "reason": f.reason, "fix": f.fix})
    return {
        **stable_json(handoff_record(state)),
        "template": {
            "id": template.id,
            "version": template.version,
            "title": template.title,
            "trigger": template.trigger,
            "accept_within_hours": template.accept_within_hours,
        },
        "cancel_reason": state.cancel_reason or None,
        "items": [
            {**row, "set_at": iso(row["set_at"]), "warnings": by_item.get(row["id"], [])} for row in item_rows(state)
        ],
        "blockers": [{"item": b.item_id, "text": b.text, "reason": b.reason} for b in state.blockers()],
        # the gate may pass and a send still be refused: the text says "Cannot send: …", a script reads this
        "send_refused": unsent_now(state, replica.store.rules) if state.status in EDITABLE else None,
        "warnings": [f.as_json() for f in found],
        "comments": [
            {"id": c.id, "author": c.author, "at": iso(c.at), "text": c.text} for c in state.comments if not c.retracted
        ],
        "history": [
            {
                "event": e.event_id,
                "kind": e.kind,
                "author": e.author,
                "at": iso(e.at),
                "summary": e.summary,
                "applied": e.applied,
                "reason": e.reason or None,
            }
            for e in state.history
        ],
        "conflicts": [
            {"event": c.event_id, "kind": c.kind, "author": c.author, "at": iso(c.at), "reason": c.reason}
            for c in state.conflicts
        ],
        "unapproved_checklist": state.unapproved or None,
        **chain_json(replica, state),
    }


def _lines(text: str) -> list[str]:
    """A teammate's text cut at its line breaks only: a lone carriage return (or a form feed) stays in its line,
    to be shown as `\\r` like everywhere else, not taken for a line break as `str.splitlines` would."""
    return text.replace("\r\n", "\n").split("\n")


def history_lines(replica: Any, state: Any, columns: int | None = None) -> list[str]:
    """One line per event (when, who, what); in a terminal `columns` wide, what it says wraps under its column."""
    from baton.tui.cli.fit import wrapped

    tz = replica.config.tz
    lines = []
    for entry in state.history:
        mark = (
            f"  ✗ not applied: {entry.reason}" if not entry.applied else f"  ({entry.reason})" if entry.reason else ""
        )
        lead = f"{format_time(entry.at, tz)}  {entry.author:<10} "
        first, *more = _lines(f"{entry.summary}{mark}")
        said = [lead + first, *(" " * len(lead) + line for line in more)]  # a comment's later lines: same column
        lines += wrapped(said, columns, len(lead))
    return lines


def _next_gone(replica: Any, state: Any) -> str | None:
    """Why the next person, someone other than the viewer, will not take the next step now (removed from the
    team, or away today), in the words `send` and `reassign` use; None when nothing keeps them."""
    from baton.core.receivers import absence_note
    from baton.core.statuses import OPEN

    if state.status not in OPEN or not state.next_actor or state.next_actor == replica.user:
        return None
    if not replica.store.meta("team"):  # no roster to ask: no removal, and `show` stays as fast as it was
        return None
    return absence_note(replica, state.next_actor, off_hours=False)  # an evening off is no warning


def handoff_text(replica: Any, state: Any, warnings: list[Any] | None = None, columns: int | None = None) -> str:
    """What `show` prints; `warnings` (vague answers) go under their items and after the gate. In a terminal
    `columns` wide, an item's text wraps under its id, an event's and a comment's under their text."""
    from baton.core.timezones import local_clock
    from baton.tui.cli.fit import wrapped
    from baton.tui.cli.render_chain import chain_lines, deadline_line

    tz = replica.config.tz
    found = warnings or []
    done, total = state.progress()
    now = now_ms()
    # The other side's clock: the receiver's for anyone else, the sender's for the receiver reading their own.
    # (as the app's summary does), and never the viewer's own.
    someone = state.sender if replica.user == state.receiver else state.receiver
    other = replica.store.teammate(someone) if someone != replica.user else None
    their = f"  (it is {local_clock(other['tz'], now)} for {other['display_name']}, {other['tz']})" if other else ""
    lines = [
        f"{state.title}",
        *([f"  ⚠ {state.unapproved}: its sends are not applied"] if state.unapproved else []),
        f"  {state.id}  ·  {state.template.title} (v{state.template.version})",
        f"  status: {state.status}   owner: {state.owner}   next: {state.next_actor or '—'}",
        *([f"  ⚠ {gone}"] if (gone := _next_gone(replica, state)) else []),
        f"  {state.sender} → {state.receiver}{their}",
        f"  trigger: {state.template.trigger}   created {format_time(state.created_at, tz)}"
        + (f"   due {state.due}" if state.due else ""),
    ]
    if state_answer_by(state) is not None and state.sent_at:
        lines.append(f"  sent {format_time(state.sent_at, tz)}; {deadline_line(replica, state)}")
    lines += wrapped(chain_lines(replica, state), columns, 4)
    if state.status == "returned":
        lines.append(f"  returned: {state.return_reason}")
    if state.status == "cancelled":
        lines.append(f"  cancelled: {state.cancel_reason}")
    lines += ["", f"Checklist — {done}/{total} required done"]
    for row in item_rows(state):
        if not row["applies"]:
            lines += wrapped([f"  ·  {row['id']}: {row['text']} (not needed now)"], columns, 5)
            continue
        if row["waived"]:
            mark = "~"
        elif row["problem"]:
            mark = "✗"
        elif row["value"] is not None:
            mark = "✓"
        else:
            mark = " "
        flag = "*" if row["required"] else " "
        value = f" = {row['display']}" if row["value"] is not None else ""
        who = f"   ({row['set_by']}, {format_time(row['set_at'], tz)})" if row["set_by"] else ""
        origin = state.carried.get(row["id"])
        if origin:  # who opened the draft did not give this answer: who did, on the handoff before
            who = f"   (carried: {origin.get('by', '?')}, {format_time(int(origin.get('at', 0)), tz)})"
        lines += wrapped([f"  [{mark}]{flag}{row['id']}: {row['text']}{value}{who}"], columns, 6)
        if row["waived"]:
            lines.append(f"        waived by {row['waived']['by']}: {row['waived']['reason']}")
        elif row["problem"] and (row["required"] or row["value"] is not None):
            lines.append(f"        {row['problem']} — why: {row['why']}")
        lines += [f"        ! {f.reason}. {f.fix}" for f in found if f.item_id == row["id"]]
    blockers = state.blockers()
    if state.status in EDITABLE:
        lines.append("")
        from baton.tui.words import gate_words

        lines.append(
            f"Gate: {gate_words(0)}."
            if not blockers
            else f"Gate: {gate_words(len(blockers))} — " + ", ".join(b.item_id for b in blockers)
        )
        from baton.core.receiver_rules import unsent_now
        from baton.tui.cli.hot_commands import receiver_change_command

        gone = unsent_now(state, replica.store.rules)  # the gate may pass: the send is still refused
        if gone is not None:
            lines.append(f"Cannot send: {gone} ({receiver_change_command(state.id)})")
    if found:
        from baton.core.answer_warnings import vague_count, vague_items

        lines.append(
            f"Check before relying on: {', '.join(vague_items(found))} ({vague_count(found)}; a warning, not a blocker)"
        )
    if state.conflicts:
        lines += ["", "Conflicts (kept in the log, not applied):"]
        lines += [f"  {format_time(c.at, tz)}  {c.author}: {c.kind} — {c.reason}" for c in state.conflicts]
    live = [c for c in state.comments if not c.retracted]
    if live:
        lines += ["", "Comments:"]
        for c in live:
            lead = f"  {format_time(c.at, tz)}  {c.author}: "
            first, *more = _lines(c.text)
            lines += wrapped([lead + first, *(" " * len(lead) + line for line in more)], columns, len(lead))
    history = history_lines(replica, state, columns and columns - 2)
    lines += ["", f"History (times in {tz}):"] + ["  " + line for line in history]
    return "\n".join(lines)
