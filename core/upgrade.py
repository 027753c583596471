"""Template upgrades: move an open handoff to the newest version of its checklist.

A handoff pins the checklist version it was created from, so a later edit never
changes work under way by surprise. When a newer version exists, `plan` says what
changes for this handoff (items added, removed and changed; which values carry
over; which new required items will block), and `upgrade` applies it as one
`upgraded` event carrying the new checklist, so it syncs like any other change.
Which values survive is decided by `carry_values`, in the fold, the same on every
replica: a value stays when its item still exists and still reads as that kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .allowed import LATER
from .errors import BatonError, InvalidValue, NotAllowed
from .gate import gate
from .permissions import NOT_ALLOWED, Problem
from .rules import check
from .statuses import EDITABLE, status_said
from .template_snapshot import template_of
from .values import display, parse

if TYPE_CHECKING:
    from .projection import HandoffState
    from .replica import Replica
    from .template import Item, Template

_COMPARED = ("text", "kind", "required", "min_length", "pattern", "choices", "min", "max", "when")


@dataclass
class Plan:
    """What an upgrade changes for one handoff."""

    handoff_id: str
    title: str
    template_id: str
    from_version: int
    to_version: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    """(item, what changed about it)."""
    kept: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)
    """(item, why its value does not carry over)."""
    blockers: list[str] = field(default_factory=list)
    """Items that will block the send on the new version."""

    def lines(self) -> list[str]:
        head = f"{self.handoff_id[:8]} “{self.title}”: {self.template_id} v{self.from_version} → v{self.to_version}"
        out = [head]
        out += [f"  + {item} (new)" for item in self.added]
        out += [f"  - {item} (removed)" for item in self.removed]
        out += [f"  ~ {item}: {', '.join(what)} changed" for item, what in self.changed]
        if self.kept:
            out.append(f"  values kept: {', '.join(self.kept)}")
        out += [f"  value dropped: {item} ({why})" for item, why in self.dropped]
        if self.blockers:
            out.append(f"  will block the send until done: {', '.join(self.blockers)}")
        return out


def carry_values(template: Template, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The values that carry onto `template`, and each dropped one with the reason."""
    kept: dict[str, Any] = {}
    dropped: list[tuple[str, str]] = []
    for item_id, value in values.items():
        item = template.item(item_id)
        if item is None:
            dropped.append((item_id, "the item is gone"))
            continue
        try:
            kept[item_id] = parse(item, value)
        except BatonError:
            dropped.append((item_id, f"{display(item, value) or value!r} is not a {item.kind} answer"))
    return kept, dropped


def apply_upgrade(state: HandoffState, payload: dict[str, Any]) -> str:
    """The fold's part for an `upgraded` event: the new checklist, and the values, waivers and origins that carry."""
    old = state.template
    state.template = template_of(payload)
    state.values, _dropped = carry_values(state.template, state.values)
    state.value_meta = {k: v for k, v in state.value_meta.items() if k in state.values}
    state.carried = {k: v for k, v in state.carried.items() if k in state.values}
    state.waivers = {k: v for k, v in state.waivers.items() if state.template.item(k) is not None}
    return f"upgraded the checklist from v{old.version if old else '?'} to v{state.template.version}"


def _differences(old: Item, new: Item) -> list[str]:
    return [name for name in _COMPARED if getattr(old, name) != getattr(new, name)]


def plan(state: HandoffState, newer: Template) -> Plan:
    assert state.template is not None
    old = state.template
    result = Plan(state.id, state.title, old.id, old.version, newer.version)
    result.added = [item.id for item in newer.items if old.item(item.id) is None]
    result.removed = [item.id for item in old.items if newer.item(item.id) is None]
    for item in newer.items:
        before = old.item(item.id)
        if before is not None and _differences(before, item):
            result.changed.append((item.id, _differences(before, item)))
    kept, result.dropped = carry_values(newer, state.values)
    result.kept = [item.id for item in newer.items if item.id in kept]
    waivers = frozenset(w for w in state.waivers if newer.item(w) is not None)
    result.blockers = [b.item_id for b in gate(newer, kept, waivers)]
    return result


class AlreadyNewest(InvalidValue):
    """The handoff is on the newest version already: nothing to do, which `baton upgrade` says and is no error."""


def newest(replica: Replica, state: HandoffState) -> Template:
    """The newest version of the handoff's checklist this replica knows; AlreadyNewest when it is already on it."""
    assert state.template is not None
    newer = replica.catalog().get(state.template.id).template
    if newer.version <= state.template.version:
        raise AlreadyNewest(
            f"{state.id[:8]} is on {state.template.id} v{state.template.version}, the newest version: nothing to upgrade"
        )
    return newer


def refusal(replica: Replica, state: HandoffState, newer: Template) -> Problem:
    """The `upgraded` rule's answer (rules.py) for the event this viewer's upgrade onto `newer` would write now.

    The same rule the fold asks of every upgrade that arrives through sync, so the command, its dry run and the
    app's offer all meet the checklist approval a creation meets: a version the team does not know is refused.
    """
    assert state.template is not None
    payload: dict[str, Any] = {"template": newer.as_dict(), "from_version": state.template.version}
    if replica.viewer.lead:
        payload["as_lead"] = True  # as `allowed_actions` asks: a lead's replica writes it (the old rule)
    probe = {
        "id": "",
        "handoff": state.id,
        "kind": "upgraded",
        "hlc": LATER,
        "at": replica.wall(),
        "author": replica.user,
        "replica": "",
        "payload": payload,
    }
    return check(state, probe, replica.store.rules)


def offered(replica: Replica, state: HandoffState) -> Plan | None:
    """The upgrade a screen offers this viewer: its plan when a newer checklist exists and the rules take it."""
    if state.template is None or replica.allowed_for(state).get("upgrade") is not None:
        return None  # not this viewer's to upgrade now: the catalog is not even read
    try:
        newer = newest(replica, state)
    except BatonError:
        return None
    return plan(state, newer) if refusal(replica, state, newer) is None else None


def upgrade(replica: Replica, handoff: str, dry_run: bool = False) -> Plan:
    """Show (and unless `dry_run`, apply) the upgrade of one handoff to its checklist's newest version."""
    with replica.transaction():
        state = replica.state(handoff)
        if state.status not in EDITABLE:
            raise NotAllowed(f"{status_said(state.status)}: only a draft or returned handoff can change its checklist")
        newer = newest(replica, state)
        problem = refusal(replica, state, newer)  # a dry run says what the upgrade itself would say
        if problem is not None:
            raise (NotAllowed if problem[0] == NOT_ALLOWED else InvalidValue)(problem[1])
        result = plan(state, newer)
        if not dry_run:
            payload = {"template": newer.as_dict(), "from_version": result.from_version}
            replica._write(state, replica._event(state.id, "upgraded", payload))
    return result


def upgrade_all(replica: Replica, template_id: str, dry_run: bool = False) -> tuple[list[Plan], list[str]]:
    """Leads: upgrade every open handoff of a checklist; (plans, handoffs skipped with why)."""
    if not replica.is_lead:
        raise NotAllowed("only a lead can upgrade every handoff of a checklist")
    newer = replica.catalog().get(template_id).template
    rows = replica.store.query(
        "SELECT id, status FROM handoffs WHERE template_id = ? AND template_version < ? ORDER BY created_at, id",
        (template_id, newer.version),
    )
    plans, skipped = [], []
    for handoff_id, status in [tuple(r) for r in rows]:
        if status not in EDITABLE:
            if status == "sent":
                skipped.append(f"{handoff_id[:8]} is sent: it can be upgraded once returned or recalled")
            continue
        plans.append(upgrade(replica, handoff_id, dry_run))
    return plans, skipped
