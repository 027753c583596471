"""Chains: accepting a handoff opens the next one, carrying values forward with where they came from.

A checklist names the checklists that follow it (`next`); an item names the
value it starts from (`carry_from = "sales-to-onboarding:client-goals"`) or, with
no such line, carries the value of an item with the same id. The draft's id is
derived from the accept event and the next checklist, so opening it twice (two
devices, or the app and the command line) gives one draft, never two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .drafts import Draft, check_to_form, next_id, open_draft
from .errors import BatonError, NotAllowed, NotFound
from .record import record
from .statuses import status_said
from .values import parse

if TYPE_CHECKING:
    from .projection import HandoffState
    from .replica import Replica
    from .store import Store
    from .template import Template


@record(frozen=True)
class Opened:
    """What became of one `next` checklist: a draft opened now, one opened before, or why none was."""

    template_id: str
    handoff_id: str = ""
    receiver: str = ""
    route: str = ""
    carried: int = 0
    existed: bool = False
    problem: str = ""
    refusal: BatonError | None = None
    """The refusal `problem` words, for a screen that says its fix its own way (a stage nobody receives for)."""
    note: str = ""
    """What was not done, though asked: a receiver named for a draft opened before (it keeps its own)."""


class NothingFollows(NotFound):
    """The handoff's checklist names no next one: there is nothing to open."""


@record(frozen=True)
class Link:
    """Another handoff in the same chain, as `show`, the brief and the app list it."""

    handoff_id: str
    title: str
    transition: str
    status: str


def accept_event(state: HandoffState) -> dict[str, Any] | None:
    return next((e for e in reversed(state.applied) if e["kind"] == "accepted"), None)


def carried_values(state: HandoffState, target: Template) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The values the next checklist starts with, and for each where it came from; a waived item's value is
    not one of them (a placeholder like "none" a lead waived is no answer to start the next handoff with)."""
    assert state.template is not None
    source = state.template
    values: dict[str, Any] = {}
    origin: dict[str, dict[str, Any]] = {}
    for item in target.items:
        src_id = item.id
        if item.carry_from:
            template_id, _, src_id = item.carry_from.partition(":")
            if template_id != source.id:
                continue
        if src_id not in state.values or source.item(src_id) is None:
            continue
        if src_id in state.waivers:  # a lead let it go without an answer: what it holds is no answer to carry
            continue
        try:
            values[item.id] = parse(item, state.values[src_id])
        except BatonError:
            continue  # a value of another kind does not carry; the sender fills it in
        by, at = state.value_meta.get(src_id, (state.sender, state.created_at))
        origin[item.id] = state.carried.get(src_id) or {
            "handoff": state.id,
            "title": state.title,
            "transition": source.transition,
            "item": src_id,
            "by": by,
            "at": at,
        }
    return values, origin


def open_next(replica: Replica, handoff: str, to: str | None = None) -> list[Opened]:
    """Open the drafts that follow an accepted handoff, for its receiver; one result per `next` checklist.

    `to` names their receiver (a teammate, or `@stage`) where routing would pick one: the way on when
    nobody receives for the next stage yet."""
    state = replica.state(handoff)
    if state.status != "accepted" or state.template is None:
        raise NotAllowed(f"{status_said(state.status)}: the next handoff opens once it is accepted")
    if not state.template.next:
        raise NothingFollows(f"nothing follows this handoff: the {state.template.id} checklist names no next one")
    accept = accept_event(state)
    assert accept is not None
    if to is not None:
        check_to_form(to)  # `--to ''` is refused, even where every draft is open already
    if state.receiver != replica.user:
        return _opened_by_receiver(replica.store, state, accept["id"])
    results = []
    for template_id in state.template.next:
        draft_id = next_id(accept["id"], template_id)
        with replica.transaction():
            existing = replica.store.conn.execute("SELECT receiver FROM handoffs WHERE id = ?", (draft_id,)).fetchone()
            if existing is not None:
                kept = existing[0]
                note = (
                    f"--to {to} was not used: it was opened before, for {kept} "
                    f"(`baton reassign {draft_id} --receiver USER` gives it another)"
                    if to is not None and to != kept
                    else ""
                )
                results.append(Opened(template_id, draft_id, kept, existed=True, note=note))
                continue
            try:
                target = replica.catalog().get(template_id).template
                values, origin = carried_values(state, target)
                draft: Draft = open_draft(
                    replica,
                    template_id,
                    state.title,
                    to=to,
                    values=values,
                    chain={"from": state.id, "accept": accept["id"]},
                    carried=origin,
                    handoff_id=draft_id,
                    new_teammate=False,
                )
            except BatonError as exc:
                results.append(Opened(template_id, problem=str(exc), refusal=exc))
                continue
        route = draft.route.reason if draft.route else ""
        results.append(Opened(template_id, draft.id, draft.receiver, route, len(draft.carried)))
    return results


def _opened_by_receiver(store: Store, state: HandoffState, accept_id: str) -> list[Opened]:
    """For a teammate who asks: the drafts the receiver has opened already (reading them is anyone's); only the
    receiver opens the rest, so none open yet is a refusal naming them."""
    assert state.template is not None
    only = f"only {state.receiver} (who accepted it) opens what comes next"
    results = []
    for template_id in state.template.next:
        draft_id = next_id(accept_id, template_id)
        row = store.conn.execute("SELECT receiver FROM handoffs WHERE id = ?", (draft_id,)).fetchone()
        results.append(
            Opened(template_id, draft_id, row[0], existed=True) if row else Opened(template_id, problem=only)
        )
    if not any(r.existed for r in results):
        raise NotAllowed(only)
    return results


def links(store: Store, state: HandoffState) -> tuple[Link | None, list[Link]]:
    """The handoff this one was opened from, and those opened from it."""
    before = None
    if state.chain and state.chain.get("from"):
        before = _link(store, str(state.chain["from"]))
    after: list[Link] = []
    accept = accept_event(state)
    if accept is not None and state.template is not None:
        for template_id in state.template.next:
            found = _link(store, next_id(accept["id"], template_id))
            if found is not None:
                after.append(found)
    return before, after


def _link(store: Store, handoff_id: str) -> Link | None:
    row = store.conn.execute(
        "SELECT id, title, from_stage, to_stage, status FROM handoffs WHERE id = ?", (handoff_id,)
    ).fetchone()
    if row is None:
        return None
    return Link(row[0], row[1], f"{row[2]} → {row[3]}", row[4])


def origin_line(origin: dict[str, Any], tz: str) -> str:
    """`from Acme rollout, sales → onboarding, set by ana on 3 Dec`."""
    from .timezones import to_local

    when = to_local(int(origin.get("at", 0)), tz)
    return (
        f"from {origin.get('title', '?')}, {origin.get('transition', '?')}, "
        f"set by {origin.get('by', '?')} on {when.day} {when:%b}"
    )
