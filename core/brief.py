"""The handoff brief: one Markdown page the receiver can read without asking anyone.

Missing context is how bad handoffs start: the receiver gets vague notes and
spends the first days chasing what the sender already knew. The brief puts the
trigger, every item with its value and who set it when, the vague answers to
check before relying on them, each waiver and its reason, the comment thread, the open questions and what is still missing on one
page, in the viewer's time zone. The CLI prints or saves it; the app saves it.

Open questions are optional items that apply but are still empty, and comments
ending in a question mark that nobody else has written after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .answer_checks import Finding
from .deadlines import state_answer_by, window_left
from .gate import condition_holds
from .projection import HandoffState
from .timezones import format_time, local_clock
from .values import display

if TYPE_CHECKING:
    from .chains import Link


def brief_markdown(
    state: HandoffState,
    tz: str,
    now: int,
    teammates: dict[str, dict[str, Any]] | None = None,
    warnings: list[Finding] | None = None,
    chain: tuple[Link | None, list[Link]] | None = None,
) -> str:
    """The brief of `state` as Markdown; times in `tz`; `warnings` are its vague answers (answer_warnings.py);
    `chain` is the handoff it was opened from and those opened from it (chains.links)."""
    from .chains import origin_line
    from .provenance import unconfirmed_words
    from .windows import in_both_zones

    template = state.template
    assert template is not None, "a brief needs a handoff that exists"
    mates = teammates or {}
    done, total = state.progress()
    blockers = state.blockers()
    lines = [f"# Handoff brief: {_inline(state.title)}", ""]
    lines.append(f"**{_inline(template.title)}** ({template.id} v{template.version}) · `{state.id}`")
    lines.append("")
    lines.append(f"- **From:** {_person(state.sender, mates)}")
    lines.append(f"- **To:** {_person(state.receiver, mates)}{_their_clock(state.receiver, mates, now)}")
    lines.append(f"- **Status:** {state.status} · next step: {state.next_actor or 'nobody'} · owner: {state.owner}")
    lines.append(f"- **Created:** {format_time(state.created_at, tz)}")
    if state.due:
        lines.append(f"- **Due:** {state.due}")
    deadline = state_answer_by(state)
    if deadline is not None and state.sent_at is not None:
        when = window_left(deadline - now)
        lines.append(
            f"- **Sent:** {format_time(state.sent_at, tz)}; answer expected by {format_time(deadline, tz)} ({when})"
        )
        mate = mates.get(state.receiver, {})
        both = in_both_zones(deadline, tz, mate.get("display_name", state.receiver), mate.get("tz", ""), now=now)
        lines.append(f"- **Answer by:** {both} ({template.window})")
    if state.route:
        picked = state.route.get("to") or state.receiver
        lines.append(f"- **Routed:** to {_inline(str(picked))}: {_inline(str(state.route.get('reason', '')))}")
    if state.return_count:
        lines.append(
            f"- **Returned:** {state.return_count} time{'s' if state.return_count != 1 else ''}; "
            f"last reason: {_inline(state.return_reason)}"
        )
    if state.status == "cancelled":
        lines.append(f"- **Cancelled:** {_inline(state.cancel_reason)}")
    lines.append(f"- **Times** are in {tz}.")
    lines += ["", "## Trigger", "", _inline(template.trigger)]
    if template.description:
        lines += ["", _inline(template.description)]

    lines += ["", f"## Checklist ({done}/{total} required done)", ""]
    for item in template.items:
        if not condition_holds(item, template, state.values):
            continue
        value = state.values.get(item.id)
        meta = state.value_meta.get(item.id)
        flag = "required" if item.required else "optional"
        shown = _block(display(item, value)) if value is not None else "_(empty)_"
        origin = state.carried.get(item.id)
        # A carried answer was set on the handoff before, by whom its origin says: not by who opened this draft.
        who = f" — set by {meta[0]}, {format_time(meta[1], tz)}" if meta and not origin else ""
        waived = " — **waived**" if item.id in state.waivers else ""
        carried = f" — carried {_inline(origin_line(origin, tz))}" if origin else ""
        if item.id in state.unconfirmed and value is not None:
            carried = f" — {_inline(unconfirmed_words(state, item.id))}"
        lines.append(f"- **{_inline(item.text)}** (`{item.id}`, {item.kind}, {flag}): {shown}{who}{waived}{carried}")
        lines.append(f"  - why: {_inline(item.why)}")

    if warnings:
        lines += ["", "## Check before relying on", ""]
        lines += [f"- `{w.item_id}`: {_inline(w.reason)}. {_inline(w.fix)}" for w in warnings]

    before, after = chain or (None, [])
    if before or after:
        lines += ["", "## Chain", ""]
        if before:
            lines.append(
                f"- Opened from `{before.handoff_id}` {_inline(before.title)} ({before.transition}, {before.status})"
            )
        lines += [f"- Next: `{a.handoff_id}` {_inline(a.title)} ({a.transition}, {a.status})" for a in after]

    if state.waivers:
        lines += ["", "## Waivers", ""]
        for item_id, (reason, by, at) in state.waivers.items():
            lines.append(f"- `{item_id}` waived by {by}, {format_time(at, tz)}: {_inline(reason)}")

    live = [c for c in state.comments if not c.retracted]
    if live:
        lines += ["", "## Comments", ""]
        lines += [f"- {format_time(c.at, tz)} **{c.author}:** {_block(c.text)}" for c in live]

    questions = open_questions(state)
    lines += ["", "## Open questions", ""]
    lines += [f"- {q}" for q in questions] or ["- none"]

    lines += ["", "## Still missing", ""]
    if blockers:
        lines += [f"- `{b.item_id}` {_inline(b.text)}: {b.reason} (why: {_inline(b.why)})" for b in blockers]
    else:
        lines.append("- nothing: every required item is done or waived")
    return "\n".join(lines) + "\n"


def open_questions(state: HandoffState) -> list[str]:
    """Optional items that apply and are empty, and questions in the thread nobody else answered since."""
    template = state.template
    found: list[str] = []
    for item in template.items if template else []:
        if (
            not item.required
            and template
            and condition_holds(item, template, state.values)
            and state.values.get(item.id) is None
        ):
            found.append(f"`{item.id}` {_inline(item.text)}: not answered (optional)")
    live = [c for c in state.comments if not c.retracted]
    for index, comment in enumerate(live):
        if comment.text.rstrip().endswith("?") and not any(c.author != comment.author for c in live[index + 1 :]):
            found.append(f"{comment.author} asked: {_inline(comment.text)}")
    return found


def _person(user: str, mates: dict[str, dict[str, Any]]) -> str:
    mate = mates.get(user)
    return f"{mate['display_name']} ({user})" if mate else f"{user} (not synced yet)"


def _their_clock(user: str, mates: dict[str, dict[str, Any]], now: int) -> str:
    mate = mates.get(user)
    return f" — it is {local_clock(mate['tz'], now)} for them ({mate['tz']})" if mate else ""


def _inline(text: str) -> str:
    """One line of user text, safe inside Markdown list items."""
    return " ".join(str(text).split())


def _block(text: str) -> str:
    """User text that may span lines, indented to stay inside its list item."""
    lines = str(text).strip().splitlines() or [""]
    return lines[0] + "".join("\n    " + line for line in lines[1:])
