"""A handoff's events in clock order, and which `created` events claim a handoff someone else started.

A handoff's id is bound to the replica that started it (ids.py `bound_to`). A `created` for it from
another replica is someone claiming it: stamped before the real one, it would start the handoff as
theirs (sender, title, checklist) and leave the real start refused as "the handoff already exists".
So once the real start is among a handoff's events, every `created` of another replica is not
applied, whatever its stamp; every replica that holds both folds the same. A draft an accept opened
has an id made from the accept's (drafts.next_id, the same on each of the receiver's devices): its
real start is the one written where the accept was, whose replica the accept's id is bound to, and
a start by someone else is a claim; the receiver's other devices write twins (drafts.is_twin).
Ids from before binding bind no replica: those handoffs are folded as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from .ids import bound_to

CLAIMED = "another replica started this handoff: this start claims it, and is not applied"

_order = itemgetter("hlc", "id")  # clock order: by stamp, then by id (stamps are unique per replica; ids break ties)


def in_clock_order(handoff_id: str, events: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], frozenset[str]]:
    """The events sorted as the fold reads them, and the ids of the `created` events that claim the handoff."""
    ordered = sorted(events, key=_order)
    starts = [e for e in ordered if e["kind"] == "created"]
    if len(starts) < 2:
        return ordered, frozenset()
    owner = next((e for e in starts if bound_to(handoff_id, e["replica"]) or _opened_here(handoff_id, e)), None)
    if owner is None:
        return ordered, frozenset()
    return ordered, frozenset(
        e["id"] for e in starts if e["replica"] != owner["replica"] and e["author"] != owner["author"]
    )


def _opened_here(handoff_id: str, start: dict[str, Any]) -> bool:
    """Whether `start` opens the draft of an accept written on its own replica (the id says which accept)."""
    chain = start["payload"].get("chain")
    accept = chain.get("accept") if isinstance(chain, dict) else None
    if not isinstance(accept, str) or not bound_to(accept, start["replica"]):
        return False
    from .drafts import next_id
    from .template_snapshot import template_of

    try:
        return next_id(accept, template_of(start["payload"]).id) == handoff_id
    except Exception:  # a start whose checklist cannot be read opens nothing (its own rule says why)
        return False
