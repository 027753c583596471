"""What the handoff screen adds for routing, windows, chains and upgrades, read in a worker, drawn as text.

Core decides everything here (deadlines, links, what a newer checklist changes);
this module only reads it (`read_chain`, in a thread) and says it (`chain_text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from baton.core.chains import Link, links
from baton.core.deadlines import state_answer_by
from baton.core.hlc import now_ms
from baton.core.projection import HandoffState
from baton.core.windows import in_both_zones
from baton.tui.shown import in_markup as escape
from baton.tui.widgets.parted_lines import Line


@dataclass
class ChainFacts:
    before: Link | None = None
    after: list[Link] = field(default_factory=list)
    upgrade: list[str] = field(default_factory=list)
    """The upgrade plan's lines when a newer checklist exists and the viewer may apply it."""
    next_offered: bool = False
    """The viewer accepted it and a next handoff its checklist names is not open yet (core opens it: Ctrl+O)."""


def read_chain(replica: Any, state: HandoffState) -> ChainFacts:
    """Links both ways and an upgrade on offer (call it in a worker: it reads the store and the catalog)."""
    from baton.core.upgrade import offered

    before, after = links(replica.store, state)
    facts = ChainFacts(before, after)
    nexts = state.template.next if state.template is not None else ()
    facts.next_offered = state.status == "accepted" and state.receiver == replica.user and len(after) < len(nexts)
    offer = offered(replica, state)  # core's answer: a newer checklist the team knows, and this viewer may apply it
    facts.upgrade = offer.lines() if offer is not None else []
    return facts


def chain_lines(
    state: HandoffState,
    facts: ChainFacts,
    teammates: dict[str, dict[str, Any]],
    me: str,
    tz: str,
    now: int | None = None,
) -> list[Line]:
    """The lines under the summary, in parts that wrap whole (PartedLines: "Sun 29" never ends a line whose next
    starts "Nov 16:09"); a window already missed (at `now`, UTC ms) says "was due", not "answer by"."""
    lines: list[Line] = []
    deadline = state_answer_by(state)
    if deadline is not None and state.template is not None:
        mate = teammates.get(state.receiver, {})
        other = "" if me == state.receiver else mate.get("display_name", state.receiver)
        said_at = now if now is not None else now_ms()
        when = in_both_zones(deadline, tz, other, mate.get("tz", ""), now=said_at).split(", ")
        missed = now is not None and deadline < now
        lead = "The answer was due" if missed else "Answer by"
        clocks = [escape(part) + ("," if n < len(when) - 1 else "") for n, part in enumerate(when)]
        lines.append(([lead, *clocks, f"(window: {escape(state.template.window)})"], " "))
    if state.route:
        picked = str(state.route.get("to") or state.receiver)
        why = escape(str(state.route.get("reason", "")))
        lines.append(([f"[dim]Routed to {escape(picked)}:[/]", f"[dim]{why}[/]" if why else ""], " "))
    if facts.before:
        b = facts.before
        seen = [f"[b]{b.handoff_id[:8]}[/b]", escape(b.title), f"({escape(b.transition)}, {b.status})"]
        lines.append((["Opened from", *seen], " "))
    for a in facts.after:
        lines.append(
            ([f"Next: [b]{a.handoff_id[:8]}[/b]", escape(a.title), f"({escape(a.transition)}, {a.status})"], " ")
        )
    if facts.next_offered:  # "Not now" after the accept: the way back to it, as `baton next` is on the command line
        lines.append((["What comes next is not opened yet", "Ctrl+O opens it"], " · "))
    if state.carried:
        count = len(state.carried)
        lines.append(
            ([f"{count} value{'' if count == 1 else 's'} carried from the previous handoff: each says so below"], "")
        )
    if facts.upgrade:
        lines.append(
            ([f"[$warning]A newer checklist: {escape(facts.upgrade[0].split(': ', 1)[-1])} · Ctrl+U upgrades[/]"], "")
        )
    return lines
