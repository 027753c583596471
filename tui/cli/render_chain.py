"""What `show` adds for routing, windows and chains: who was picked and why, the window in both
people's time, where carried values came from, and the handoffs before and after this one."""

from __future__ import annotations

from typing import Any

from baton.core.chains import links, origin_line
from baton.core.deadlines import state_answer_by
from baton.core.provenance import unconfirmed_notes
from baton.core.windows import in_both_zones


def _iso(ms: int | None) -> str | None:
    from baton.tui.cli.render import iso

    return iso(ms)


def chain_json(replica: Any, state: Any) -> dict[str, Any]:
    """Keys `show --json` adds: route, window, chain (before and after) and each carried value's origin."""
    before, after = links(replica.store, state)
    return {
        "route": state.route,
        "window": str(state.template.window),
        "chain": {
            "from": before.handoff_id if before else None,
            "next": [link.handoff_id for link in after],
        },
        "carried": {
            item_id: {**origin, "at": _iso(origin.get("at"))} for item_id, origin in sorted(state.carried.items())
        },
        "carried_unconfirmed": {item_id: why for item_id, why in sorted(state.unconfirmed.items())},
    }


def deadline_line(replica: Any, state: Any) -> str:
    """`answer by Tue 11:00 your time, 17:00 for Priya (8 working hours)` while a handoff waits."""
    deadline = state_answer_by(state)
    if deadline is None:
        return ""
    mate = replica.store.teammate(state.receiver)
    if state.receiver == replica.user:
        text = in_both_zones(deadline, replica.config.tz, now=replica.wall())
    else:
        name = mate["display_name"] if mate else state.receiver
        text = in_both_zones(deadline, replica.config.tz, name, mate["tz"] if mate else "", now=replica.wall())
    return f"answer by {text} ({state.template.window})"


def chain_lines(replica: Any, state: Any) -> list[str]:
    """Route, chain links and carried values as lines for `show`."""
    lines = []
    if state.route:
        picked = state.route.get("to") or state.receiver
        lines.append(f"  routed to {picked}: {state.route.get('reason', '')} (stage {state.route.get('stage')})")
    before, after = links(replica.store, state)
    if before:
        lines.append(f"  opened from {before.handoff_id[:8]}  {before.title} ({before.transition}, {before.status})")
    for link in after:
        lines.append(f"  next: {link.handoff_id[:8]}  {link.title} ({link.transition}, {link.status})")
    nexts = state.template.next if state.template is not None else ()
    if state.status == "accepted" and state.receiver == replica.user and len(after) < len(nexts):
        # `accept --no-next`, or a next that could not open then: the way to it, as the app's Ctrl+O line says
        lines.append(f"  next: not opened yet (`baton next {state.id[:8]}` opens it)")
    for item_id, origin in sorted(state.carried.items()):  # only what this copy confirmed (core/provenance.py)
        lines.append(f"  {item_id} carried {origin_line(origin, replica.config.tz)}")
    lines += [f"  {item_id}: {note}" for item_id, note in unconfirmed_notes(state).items()]
    return lines
