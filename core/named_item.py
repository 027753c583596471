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
        from difflib import get_close_matches  # only for a miss: not loaded by every command

        close = get_close_matches(item_id, ids, n=1, cutoff=0.6)
        known = f" (did you mean `{close[0]}`?)" if close else ""
        if not close and listed and ids:
            known = f" (items: {', '.join(ids)})"
        raise NotFound(f"the {name} checklist has no item `{item_id}`{known}")
    return item
