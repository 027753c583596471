"""What the handoff screen says in words: the summary (Textual markup), comments and history."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text

from baton.core.deadlines import state_answer_by, window_left
from baton.core.projection import HandoffState
from baton.core.statuses import EDITABLE
from baton.core.template import Template
from baton.core.timezones import local_clock
from baton.core.undo import undo_reopens
from baton.tui.shown import in_markup as escape
from baton.tui.shown import plain
from baton.tui.widgets.parted_lines import Line

PARTS = " · "
"""What joins the facts of a header line, where it may break."""


def checklist_of(state: HandoffState) -> Template:
    """The template a handoff was created from: every handoff a screen shows has its created event."""
    if state.template is None:
        raise ValueError(f"handoff {state.id} has no created event")
    return state.template


def place(tz: str) -> str:
    """`Asia/Singapore` -> `Singapore`: the city people know a zone by."""
    return tz.rsplit("/", 1)[-1].replace("_", " ")


def their_time(user: str, teammates: dict[str, dict[str, Any]], now: int) -> str:
    """`14:05 for Priya Raman, Singapore`, or "" for someone we have not met."""
    mate = teammates.get(user)
    if not mate:
        return ""
    try:
        return f"{local_clock(mate['tz'], now)} for {mate['display_name']}, {place(mate['tz'])}"
    except Exception:  # an unknown zone from a teammate must not break the screen
        return ""


def summary_text(
    state: HandoffState, teammates: dict[str, dict[str, Any]], now: int, me: str, receiver_gone: bool = False
) -> str:
    """The summary as markup text, each line's parts joined (`summary_lines`)."""
    lines = summary_lines(state, teammates, now, me, receiver_gone)
    return "\n".join(joint.join(str(part) for part in parts) for parts, joint in lines)


def summary_lines(
    state: HandoffState, teammates: dict[str, dict[str, Any]], now: int, me: str, receiver_gone: bool = False
) -> list[Line]:
    """Two or three short lines: what and where it stands, whose move it is, and what went wrong; each line in
    parts that wrap whole (PartedLines: "due" never ends a line whose next one starts with the date).

    `receiver_gone`: core refuses the send because a lead removed the receiver (receiver_rules.unsent_now).
    """
    t = checklist_of(state)
    other = state.sender if me == state.receiver else state.receiver
    facts = [f"[b]{escape(state.title)}[/b]", escape(t.transition), f"[b]{state.status}[/b]"]
    facts.append(f"{escape(state.sender)} → {escape(state.receiver)}")
    if state.due:
        facts.append(f"due {state.due}")
    lines: list[Line] = [(facts, PARTS)]
    if state.unapproved:
        lines.append(([f"[$error]⚠ {escape(state.unapproved)}: its sends are not applied[/]"], PARTS))
    turn = next_step(state, now, me, lambda user: teammates.get(user, {}).get("display_name") or user, receiver_gone)
    clock = their_time(other, teammates, now) if other != me else ""  # never "it is 04:45 for" the viewer
    if turn or clock:
        whose = [*(turn.split(PARTS) if turn else []), *([f"it is {escape(clock)}"] if clock else [])]
        lines.append((whose, PARTS))
    if state.status == "returned" and state.return_reason:
        lines.append(
            ([f"[$warning]Returned ({state.return_count}×): {escape(reason_shown(state.return_reason))}[/]"], PARTS)
        )
    if state.status == "cancelled":
        reopens = " (Ctrl+Z reopens)" if undo_reopens(state, me) else ""  # only the canceller's undo reopens
        said = escape(reason_shown(state.cancel_reason))
        lines.append(([f"[$error]Cancelled by {state.cancelled_by}: {said}{reopens}[/]"], PARTS))
    if state.conflicts:
        count = len(state.conflicts)
        lines.append(
            ([f"[$error]{count} change{'' if count == 1 else 's'} could not apply: see History (F4)[/]"], PARTS)
        )
    return lines


REASON_SHOWN = 110
"""Cells of a return's or a cancellation's reason the summary shows: with its label, two lines at 80 columns."""


def reason_shown(reason: str) -> str:
    """A reason on one line, whole, or its start and where the rest is: the summary holds six lines at most, and
    a longer reason was cut there mid-sentence, with nothing to say that more followed."""
    from rich.cells import cell_len, set_cell_size

    one = " ".join(reason.split())
    if cell_len(one) <= REASON_SHOWN:
        return one
    head = set_cell_size(one, REASON_SHOWN - 1).rstrip()
    head = head.rsplit(" ", 1)[0] if " " in head else head
    return f"{head}… (all of it: History, F4)"


def next_step(
    state: HandoffState, now: int, me: str, name: Callable[[str], str] = str, receiver_gone: bool = False
) -> str:
    """Whose move it is, in words, with the answer window while it is sent (people by `name`, as the clock
    beside it says them)."""
    deadline = state_answer_by(state)
    if deadline is not None:
        window = f"answer {window_left(deadline - now)}"
        if me == state.receiver:
            return f"[b]Your move:[/b] accept or return it (Ctrl+R) · {window}"
        return f"Waiting for {escape(name(state.receiver))} to answer · {window}"
    if state.status in EDITABLE:
        if me == state.sender and receiver_gone:
            return "[b]Your move:[/b] give it another receiver (Ctrl+G), then send (Ctrl+S)"
        if me == state.sender and state.status == "returned":
            return "[b]Your move:[/b] fix what the return asks for, then send again (Ctrl+S)"
        if me == state.sender:
            return "[b]Your move:[/b] complete the checklist, then send (Ctrl+S)"
        return f"With {escape(name(state.sender))}, who completes the checklist and sends it"
    return ""


def comments_text(state: HandoffState, when: Callable[[int], str]) -> str:
    """Each comment under its time and author, every line of it indented (a second line at the margin read as
    the start of the next comment); shown in a HangingText, so a long line wraps under its own text."""
    shown = [c for c in state.comments if not c.retracted]
    if not shown:
        return "No comments yet."
    return "\n\n".join(
        f"{when(c.at)}  {c.author}\n" + "\n".join(f"  {line}" for line in c.text.split("\n")) for c in shown
    )


def named(state: HandoffState, summary: str) -> str:
    """A history line with each item called by its text, as the checklist shows it (not its id)."""
    template = state.template
    if template is None or not template.items:
        return summary
    texts = {item.id: item.text for item in template.items}
    ids = "|".join(re.escape(i) for i in sorted(texts, key=len, reverse=True))
    return re.sub(rf"(?<![\w-])({ids})(?![\w-])", lambda m: f"“{texts[m.group(1)]}”", summary)


SPLIT = {"item_set": ": ", "waived": ": ", "item_cleared": " (was "}
"""Where the item part of a history line ends (the rest is a value or a reason, left as written)."""


def history_rows(state: HandoffState, when: Callable[[int], str]) -> list[tuple[str, str, str, str]]:
    """(when, who, what happened, why it did not apply or ""), oldest first, items called by their text."""
    rows = []
    for entry in state.history:
        said = entry.summary
        if entry.kind in SPLIT:
            head, sep, tail = said.partition(SPLIT[entry.kind])
            said = named(state, head) + sep + tail
        elif entry.kind in ("unwaived", "send_blocked"):
            said = named(state, said)
        rows.append((when(entry.at), entry.author, said, "" if entry.applied else entry.reason))
    return rows


def history_grid(state: HandoffState, when: Callable[[int], str]) -> Table | Text:
    """The history with what happened in a column of its own: a long line wraps under itself, not under the time."""
    rows = history_rows(state, when)
    if not rows:
        return Text("No history.")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for at, author, said, refused in rows:
        what = Text(plain(said))
        if refused:
            what.append(f"\nnot applied: {plain(refused)}", style="red")
        grid.add_row(Text(at), Text(plain(author)), what)
    return grid
