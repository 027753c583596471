"""The item a command names, or a lookup miss that says what was meant.

Naming an item the handoff's checklist does not have is a typo, not a broken rule: it gets
NotFound (exit 4) with the closest item id, or the list of ids when nothing is close.
"""

from __future__ import annotations

from .errors import NotFound
from .projection import HandoffState
from .template import Item


def require_item(state: HandoffState, item_id: str, listed: bool = False) -> Item:
    """The item, or NotFound naming a near miss (`listed`: else every item id)."""
    template = state.template
    item = template.item(item_id) if template is not None else None
    if item is None:
        name = template.id if template is not None else "handoff's"
        ids = [i.id for i in template.items] if template is not None else []
        from .near_miss import did_you_mean

        known = did_you_mean(item_id, ids)
        if not known and listed and ids:
            known = f" (items: {', '.join(ids)})"
        raise NotFound(f"the {name} checklist has no item `{item_id}`{known}")
    return item
