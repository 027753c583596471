"""Opening a draft: to a person or a stage, with values given up front or carried from the last handoff.

A draft starts as one `created` event that carries everything: the checklist, the
receiver (and, when routed, who was picked and why), and any starting values
with where each came from. One event means an intake from another tool lands
whole or not at all, and a draft opened twice from the same accept on two
devices is the same draft (the first by clock order counts; see projection).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .config import check_user
from .due_words import WORDS_HINT, resolve_due
from .errors import BatonError, InvalidValue, NotFound
from .field_rules import due_problem, title_problem
from .ids import new_id
from .receiver_change import SAME_PERSON
from .receivers import check_receiver
from .record import field, record
from .template import IDENT
from .values import parse

if TYPE_CHECKING:
    from .hours import Member
    from .projection import HandoffState
    from .replica import Replica
    from .routing import Route
    from .template import Template


class Invalid(InvalidValue):
    """Several things wrong with one request: every one listed, nothing written."""

    def __init__(self, problems: list[BatonError]) -> None:
        self.causes = problems
        self.problems = [str(p) for p in problems]
        super().__init__(self.said(str))

    def said(self, words: Callable[[BatonError], str]) -> str:
        """Every problem, each in `words`: the app says a refusal's fix its own way (tui/words.py)."""
        count = f"{len(self.causes)} problem{'s' if len(self.causes) != 1 else ''}"
        return f"nothing created, {count}: " + "; ".join(words(p) for p in self.causes)


@record
class Draft:
    """A draft just opened: its id, and the route when a stage picked the receiver."""

    id: str
    receiver: str
    route: Route | None = None
    carried: dict[str, dict[str, Any]] = field(default_factory=dict)


def next_id(accept_event_id: str, template_id: str) -> str:
    """The id of the draft an accept opens for `template_id`: the same on every device that opens it."""
    import hashlib

    return hashlib.sha256(f"next:{accept_event_id}:{template_id}".encode()).hexdigest()[:32]


def check_values(template: Template, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[BatonError]]:
    """Parse every given value; (stored values, every problem) so a caller can list them all at once. An item the
    checklist does not have is NotFound, naming a near miss, as `set` says it."""
    values: dict[str, Any] = {}
    problems: list[BatonError] = []
    for item_id, value in raw.items():
        item = template.item(item_id)
        if item is None:
            from .near_miss import did_you_mean

            meant = did_you_mean(item_id, [i.id for i in template.items])
            problems.append(NotFound(f"the {template.id} checklist has no item `{item_id}`{meant}"))
            continue
        try:
            values[item_id] = parse(item, value)
        except BatonError as exc:
            problems.append(exc)
    return values, problems


def check_to_form(to: str) -> None:
    """A receiver as typed: `@stage` in a stage's form, or a user name (InvalidValue otherwise). Whom it names is
    routing's question and the receiver rules' (receivers.py)."""
    if to.startswith("@"):
        if not re.fullmatch(IDENT, to[1:]):
            raise InvalidValue(f"{to!r} names no stage (use @ and a stage, like @onboarding)")
    else:
        check_user(to)


def open_draft(
    replica: Replica,
    template_id: str,
    title: str,
    to: str | None = None,
    due: str | None = None,
    values: Mapping[str, Any] | None = None,
    chain: dict[str, Any] | None = None,
    carried: dict[str, dict[str, Any]] | None = None,
    handoff_id: str | None = None,
    problems_before: list[str] | None = None,
    new_teammate: bool = True,
) -> Draft:
    """Check everything, list every problem at once, then write one `created` event.

    `to` is a user name, `@stage`, or None for the checklist's receiving stage. `new_teammate` False: `to` was
    typed by a person, who meant a teammate, so a near-miss of a teammate's name is refused as a typo
    (receivers.py); True takes a name nobody knows as someone who will join.
    """
    problems: list[BatonError] = [InvalidValue(p) for p in problems_before or []]
    template = replica.catalog().get(template_id).template
    title = (title or "").strip()
    wrong_title = title_problem(title)
    if wrong_title and not any("title" in p for p in problems_before or []):
        problems.append(InvalidValue(wrong_title))
    now = replica.wall()
    due = resolve_due(due, now, replica.config.tz)
    wrong_due = due_problem(due, now, replica.config.tz)
    if wrong_due and isinstance(due, str) and not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", due):
        wrong_due = f"due date {due!r} is not a day: use {WORDS_HINT}"
    if wrong_due:
        problems.append(InvalidValue(wrong_due))
    stored, value_problems = check_values(template, values or {})
    problems += value_problems
    route: Route | None = None
    receiver = ""
    if to is None or to.startswith("@"):
        stage = to[1:] if to else template.to_stage
        try:
            if to is not None:
                check_to_form(to)
            route = receiver_for(replica, stage)
            receiver = route.user
        except BatonError as exc:
            problems.append(exc)
    else:
        try:
            receiver = check_user(to)
            check_receiver(replica, receiver, new_teammate)
            if receiver == replica.user:
                problems.append(InvalidValue(SAME_PERSON))
        except BatonError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise Invalid(problems)
    payload: dict[str, Any] = {"template": template.as_dict(), "title": title, "to": receiver, "due": due}
    if route is not None:
        payload["route"] = route.payload()
    if stored:
        payload["values"] = stored
    if carried:
        payload["carried"] = {k: v for k, v in carried.items() if k in stored}
    if chain:
        payload["chain"] = chain
    draft_id = handoff_id or new_id(replica.config.replica_id)
    with replica.transaction():
        replica._write(None, replica._event(draft_id, "created", payload))
    return Draft(draft_id, receiver, route, payload.get("carried", {}))


def receiver_for(replica: Replica, stage: str) -> Route:
    """Route to `stage` from what this replica knows: members, their load, the stage's rule."""
    from .members import members, stage_rule
    from .routing import NoCandidate, route

    store = replica.store
    waiting = {
        row[0]: row[1]
        for row in store.query("SELECT receiver, COUNT(*) FROM handoffs WHERE status = 'sent' GROUP BY receiver")
    }
    last = store.conn.execute(
        "SELECT receiver FROM handoffs WHERE to_stage = ? ORDER BY created_at DESC, id DESC LIMIT 1", (stage,)
    ).fetchone()
    team = members(store)
    try:
        return route(
            stage,
            team,
            waiting,
            replica.wall(),
            stage_rule(store, stage),
            sender=replica.user,
            last=last[0] if last else None,
        )
    except NoCandidate:
        known = known_stages(replica, team)
        if stage not in known:
            listed = ", ".join(known) if known else "none yet"
            raise NotFound(f"there is no stage called {stage} (known stages: {listed})") from None
        raise


def known_stages(replica: Replica, team: Sequence[Member]) -> list[str]:
    """The stages checklists move work between and members receive for: a stage outside them is a typo."""
    found = {stage for member in team for stage in member.stages}
    for entry in replica.catalog():
        found.update((entry.template.from_stage, entry.template.to_stage))
    return sorted(found)


def apply_start(state: HandoffState, payload: dict[str, Any], author: str, at: int) -> str:
    """The fold's part for what a `created` event starts a draft with: route, chain, values and their origin.

    Values of unknown items or of the wrong type are left out (the rules check typed
    edits the same way). Returns words for the history line.
    """
    from .field_rules import value_fits

    template = state.template
    route = payload.get("route")
    # Who the stage picked stays with the route: a later reassignment moves the receiver, not the pick.
    state.route = {**route, "to": payload.get("to")} if isinstance(route, dict) else None
    state.chain = payload.get("chain")
    for item_id, value in (payload.get("values") or {}).items():
        item = template.item(item_id) if template is not None else None
        if item is not None and value_fits(item.kind, value):
            state.values[item_id] = value
            state.value_meta[item_id] = (author, at)
    carried = payload.get("carried") or {}
    state.carried = {k: v for k, v in carried.items() if k in state.values and isinstance(v, dict)}
    return f" (routed: {state.route.get('reason', '')})" if isinstance(state.route, dict) else ""


def is_twin(state: HandoffState, event: dict[str, Any]) -> bool:
    """A second `created` for a draft an accept opened, from another device: the same draft, not a conflict."""
    chain = event["payload"].get("chain") if event["kind"] == "created" else None
    return bool(state.exists and chain and state.chain and chain.get("accept") == state.chain.get("accept"))
