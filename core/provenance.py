"""Where a carried value came from, as this copy can confirm it from the source handoff's own events.

A `created` event may say, for each value it starts with, that the value was carried
from an earlier handoff (`carried`: handoff, title, transition, item, by, at; chains.py).
That is only what its writer claims: a modified baton can write "set by ana on her
handoff" over words ana never wrote. So a claim counts only when this copy bears it out:

- the new handoff was opened from an accept (its `chain`): as the handoff it names stood
  at the new one's stamp, that accept is applied there, the handoff is accepted and its
  receiver (its owner) is who created the new one, and the new handoff's id is the one
  that accept opens for its checklist (drafts.next_id);
- the item the checklist carries from there had that value by then, set by that person
  at that time (an applied `item_set`, or the source's own start); or, when the source's
  value was itself carried, the source's own claim is confirmed the same way, one back.

What is shown as fact (title, transition) is read from the source itself, not from the
claim. A claim not confirmed (no chain, the source not on this copy yet, a value nobody
there set) is dropped from `carried` and kept in `unconfirmed` with why: the value then
reads as its creator's own answer, never as another person's words. The check runs when
a handoff is read from the store (Store.state), over the events stored then, never at
fold time: the verdict does not depend on which file arrived first, and is the same on
every copy once it holds both handoffs. `show`, the brief and the app all read it there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .drafts import next_id
from .errors import BatonError
from .template_snapshot import template_of
from .values import parse

if TYPE_CHECKING:
    from .projection import HandoffState
    from .store import Store

DEEPEST = 50
"""Handoffs a claim is followed back through; a longer chain is not confirmed (and a loop ends here)."""
NOT_YET = "the handoff it names is not on this copy yet"
NOT_BORNE_OUT = "that handoff's own events do not bear it out"
_FACTS = ("handoff", "item", "by", "at")
Sources = dict[tuple[str, str], "HandoffState | None"]
"""Source handoffs folded for one check, by id and the stamp they are read before."""


def confirm_carried(store: Store, state: HandoffState) -> HandoffState:
    """`state` with only the carried origins this copy confirms; the rest in `state.unconfirmed`, with why."""
    sources: Sources = {}
    confirmed: dict[str, dict[str, Any]] = {}
    for item_id, claim in state.carried.items():
        try:
            found = _confirmed(store, state, item_id, claim, sources, 0)
        except (BatonError, KeyError, TypeError, ValueError, AttributeError):
            found = NOT_BORNE_OUT
        if isinstance(found, dict):
            confirmed[item_id] = found
        else:
            state.unconfirmed[item_id] = found
    state.carried = confirmed
    return state


def _start(state: HandoffState) -> dict[str, Any] | None:
    return next((e for e in state.applied if e["kind"] == "created"), None)


def _source(store: Store, handoff_id: str, before: str, sources: Sources) -> HandoffState | None:
    """The source handoff as it stood just before stamp `before` (when the new one was opened from it), folded
    from this copy's stored events; None when its start is not here (yet)."""
    key = (handoff_id, before)
    if key not in sources:
        from .projection import fold

        events = store.events_of([handoff_id]).get(handoff_id, [])
        started = any(e["kind"] == "created" for e in events)
        sources[key] = (
            fold(handoff_id, [e for e in events if e["hlc"] < before], False, store.rules) if started else None
        )
    return sources[key]


def _confirmed(
    store: Store,
    state: HandoffState,
    item_id: str,
    claim: dict[str, Any],
    sources: Sources,
    depth: int,
) -> dict[str, Any] | str:
    """The confirmed origin of `item_id`'s starting value on `state`, or why it is not confirmed."""
    start = _start(state)
    chain = (start or {}).get("payload", {}).get("chain") or {}
    if start is None or depth >= DEEPEST or not isinstance(claim, dict) or not chain.get("from"):
        return NOT_BORNE_OUT
    source = _source(store, str(chain["from"]), start["hlc"], sources)
    origin = str(claim.get("handoff"))
    if source is None or (origin != source.id and _source(store, origin, start["hlc"], sources) is None):
        return NOT_YET
    target = template_of(start["payload"])
    accept = next((e for e in source.applied if e["id"] == chain.get("accept")), None)
    # entitled: the accept that opens this id is the source's, and its creator held the source when opening it
    if (
        accept is None
        or accept["kind"] != "accepted"
        or next_id(accept["id"], target.id) != state.id
        or (source.status, source.receiver) != ("accepted", start["author"])
        or source.template is None
    ):
        return NOT_BORNE_OUT
    item = target.item(item_id)
    held = start["payload"].get("values", {}).get(item_id)
    if item is None or held is None:
        return NOT_BORNE_OUT
    from_template, _, from_item = (item.carry_from or f"{source.template.id}:{item_id}").partition(":")
    if from_template != source.template.id:
        return NOT_BORNE_OUT
    if claim.get("handoff") == source.id and claim.get("item") == from_item:
        setter = (claim.get("by"), claim.get("at"))
        for event in source.applied:
            value = _value_set(event, from_item)
            if value is not None and (event["author"], event["at"]) == setter and _carries(item, value, held):
                return _origin(source, from_item, event["author"], event["at"])
        return NOT_BORNE_OUT
    # carried into the source too: the source's own claim, confirmed one handoff further back
    source_start = _start(source)
    if source_start is None:
        return NOT_BORNE_OUT
    their_claim = source_start["payload"].get("carried", {}).get(from_item)
    value = source_start["payload"].get("values", {}).get(from_item)
    if not isinstance(their_claim, dict) or any(their_claim.get(k) != claim.get(k) for k in _FACTS):
        return NOT_BORNE_OUT
    if value is None or not _carries(item, value, held):
        return NOT_BORNE_OUT
    return _confirmed(store, source, from_item, their_claim, sources, depth + 1)


def _value_set(event: dict[str, Any], item_id: str) -> Any:
    """The value `event` gave `item_id` (a set, or the handoff's start), or None."""
    payload = event["payload"]
    if event["kind"] == "item_set" and payload.get("item") == item_id:
        return payload.get("value")
    if event["kind"] == "created":
        return (payload.get("values") or {}).get(item_id)
    return None


def _carries(item: Any, value: Any, held: Any) -> bool:
    """Whether carrying `value` into `item` gives `held` (parsed on opening, and again when the draft is written)."""
    try:
        once = parse(item, value)
        return _same(once, held) or _same(parse(item, once), held)
    except BatonError:  # a value of another kind does not carry (chains.carried_values)
        return False


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _origin(source: HandoffState, item_id: str, by: str, at: int) -> dict[str, Any]:
    """The origin as shown: the source's own title and transition, the setter and time its events hold."""
    assert source.template is not None
    return {
        "handoff": source.id,
        "title": source.title,
        "transition": source.template.transition,
        "item": item_id,
        "by": by,
        "at": at,
    }


def unconfirmed_words(state: HandoffState, item_id: str) -> str:
    """What `show`, the brief and the app say of a claim not confirmed: whose answer it reads as, and why."""
    who = state.value_meta.get(item_id, (state.sender, 0))[0]
    return f"{who}'s own answer: said to be carried from another handoff, not confirmed ({state.unconfirmed[item_id]})"


def unconfirmed_notes(state: HandoffState) -> dict[str, str]:
    """By item, in item-id order: the note `show` prints and the app shows under a value whose carried claim this
    copy does not confirm (`unconfirmed_words`); an item emptied since has no value to say it of."""
    return {
        item_id: unconfirmed_words(state, item_id) for item_id in sorted(state.unconfirmed) if item_id in state.values
    }


def origin_notes(state: HandoffState, tz: str) -> dict[str, str]:
    """By item: where a value this copy confirms as carried came from, as the app says it under its field (the
    header points there): "carried from Acme — 40 seats: ana set it Tue 1 Dec 10:42"."""
    from .timezones import format_time

    notes = {}
    for item_id, origin in state.carried.items():
        if item_id in state.values:
            source = origin.get("title") or "the previous handoff"
            notes[item_id] = (
                f"carried from {source}: {origin.get('by', '?')} set it {format_time(int(origin.get('at', 0)), tz)}"
            )
    return notes
