"""What a lead may waive: an item the gate still holds the send for, never one already answered or not asked for.

A waiver says "this handoff goes without that item". On an item that is filled and
passes the gate it changes nothing the receiver needs, and it hides the answer's
place in the checklist behind a waiver reason: most often the lead picked the wrong
item. So it is refused, saying the item is filled. An item that is filled but still
blocks (a vague answer on a `vague = "block"` item, a date already past) may be
waived: that is what a waiver is for. An item whose `when` does not hold now is not asked for: a waiver
made then would stay, unseen, and later let the send past the very item the checklist asks for once
its condition holds (a security review waived on a growth plan, then the plan set to enterprise). Checked by the command (Replica.waive) and by
the actions offered (allowed.py), not in the fold: waivers already made still apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .values import display

if TYPE_CHECKING:
    from .projection import HandoffState


def filled_refusal(state: HandoffState, item_id: str, now: int | None = None) -> str | None:
    """Why `item_id` cannot be waived because it is answered already, or None. `now`: when the gate judges dates
    (None: at the handoff's last change)."""
    template = state.template
    item = template.item(item_id) if template is not None else None
    value = state.values.get(item_id)
    if item is None or value is None or item_id in state.waivers:
        return None
    if any(b.item_id == item_id for b in state.blockers(now)):
        return None
    return f"“{item.text}” is already filled ({display(item, value)}): there is nothing to waive"


def not_asked_refusal(state: HandoffState, item_id: str) -> str | None:
    """Why `item_id` cannot be waived because its `when` does not hold now (it does not count), or None."""
    from .gate import condition_holds

    template = state.template
    item = template.item(item_id) if template is not None else None
    if template is None or item is None or item.when is None or condition_holds(item, template, state.values):
        return None
    when = item.when
    decides = template.item(when.item)
    if when.equals is not None:
        test = f"is {display(decides, when.equals) if decides is not None else when.equals}"
    else:
        test = "is filled in" if when.is_set else "is empty"
    return (
        f"“{item.text}” is not asked for now (only while `{when.item}` {test}): there is nothing to waive; "
        "if it comes to count, waive it then"
    )


def refuse_nothing_to_waive(state: HandoffState, item_id: str, now: int | None = None) -> None:
    """Refuse (InvalidValue) a waiver of an item that is answered already, or not asked for now."""
    from .errors import InvalidValue

    refusal = not_asked_refusal(state, item_id) or filled_refusal(state, item_id, now)
    if refusal is not None:
        raise InvalidValue(refusal)


def waivable_items(state: HandoffState, now: int | None = None) -> list[str]:
    """The items a lead may waive now, in checklist order: the required ones the gate holds the send for (empty,
    or answered in a way the gate refuses). Any other required item is waived already or filled; an optional
    item answered wrongly blocks too, but is cleared or fixed, never waived (rules.py)."""
    template = state.template
    if template is None:
        return []
    required = {item.id for item in template.items if item.required}
    return [blocker.item_id for blocker in state.blockers(now) if blocker.item_id in required]


def waivable(state: HandoffState, now: int | None = None) -> bool:
    """Whether an item is left that a lead would waive."""
    return bool(waivable_items(state, now))
