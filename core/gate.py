"""The gate: may this handoff be sent, and if not, every reason why.

Conditional items count only while their condition holds; a lead's waiver is the
only way past a required item. Blockers come in template order.

An item with `vague = "block"` also blocks while its answer is vague by the
built-in answer checks (answer_checks.py). A promised date is judged against
`now`: a send's own time on the send path (the same on every replica), the time
the handoff was sent or last changed in the stored projection; with no `now`
(None) dates are not judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .record import field, record
from .template import Item, Template, When
from .times import utc
from .values import problem


@record(frozen=True)
class Blocker:
    item_id: str
    text: str
    reason: str
    why: str

    def __str__(self) -> str:
        return f"{self.item_id}: {self.reason} — {self.text}"


def condition_holds(item: Item, template: Template, values: Mapping[str, Any], _depth: int = 0) -> bool:
    """Whether `item` currently counts: its `when` holds and the item it names counts too."""
    if item.when is None:
        return True
    other = template.item(item.when.item)
    if other is None or _depth > len(template.items):
        return False
    if not condition_holds(other, template, values, _depth + 1):
        return False
    return _when_met(item.when, values.get(other.id))


def _when_met(when: When, value: Any) -> bool:
    """Whether the value of the item a `when` names meets it."""
    if when.is_set is not None:
        filled = value is not None and value is not False and value != ""
        return filled == when.is_set
    expected = when.equals
    if isinstance(expected, str) and isinstance(value, str):
        return expected.lower() == value.lower()
    if isinstance(expected, bool) or isinstance(value, bool):
        return value is expected
    return bool(value == expected)


def vague_problem(item: Item, template: Template, values: Mapping[str, Any], now: int | None) -> str | None:
    """For an item with `vague = "block"`: why its answer is too vague to send, or None."""
    value = values.get(item.id)
    if item.vague != "block" or value is None:
        return None
    from .answer_checks import Context
    from .answer_rules import gate_checks

    today = _utc_day(now)
    found = gate_checks().item(item, value, Context(template.items, values, today))
    return f"vague answer: {found[0].reason}" if found else None


def _utc_day(now: int | None) -> date | None:
    moment = None if now is None else utc(now)  # a stored time no calendar holds: no day to judge by
    return None if moment is None else moment.date()


def item_problem(item: Item, template: Template, values: Mapping[str, Any], now: int | None = None) -> str | None:
    """`problem` of the item's value, then (for `vague = "block"` items) `vague_problem`."""
    reason = problem(item, values.get(item.id))
    if reason is None and template.blocks_vague and item.vague == "block":
        return vague_problem(item, template, values, now)
    return reason


def visible_items(template: Template, values: Mapping[str, Any]) -> list[Item]:
    return [item for item in template.items if condition_holds(item, template, values)]


def gate(
    template: Template,
    values: Mapping[str, Any],
    waived: set[str] | frozenset[str] = frozenset(),
    now: int | None = None,
) -> list[Blocker]:
    """Every blocker, in template order; an empty list means the handoff may be sent.

    A required item blocks until it is satisfied or waived; an optional item blocks
    only when it holds a value that is wrong (a filled-in answer must be right).
    """
    blockers: list[Blocker] = []
    for item in visible_items(template, values):
        if item.id in waived:
            continue
        value = values.get(item.id)
        if not item.required and (value is None or (item.kind == "check" and value is False)):
            continue
        reason = item_problem(item, template, values, now)
        if reason:
            blockers.append(Blocker(item.id, item.text, reason, item.why))
    return blockers


def progress(
    template: Template,
    values: Mapping[str, Any],
    waived: set[str] | frozenset[str] = frozenset(),
    now: int | None = None,
) -> tuple[int, int]:
    """(done, total) over the required items that currently count; a waiver counts as done."""
    required = [item for item in visible_items(template, values) if item.required]
    done = sum(1 for item in required if item.id in waived or item_problem(item, template, values, now) is None)
    return done, len(required)


@record
class Assessment:
    """The gate, progress and every item's standing from one walk of the checklist."""

    blockers: list[Blocker] = field(default_factory=list)
    done: int = 0
    total: int = 0
    counts: list[bool] = field(default_factory=list)
    """Per item in template order: whether it currently counts (`condition_holds`)."""
    problems: list[str | None] = field(default_factory=list)
    """Per item in template order: `problem` of its value, counted or not, waived or not."""


def assess(
    template: Template,
    values: Mapping[str, Any],
    waived: set[str] | frozenset[str] = frozenset(),
    now: int | None = None,
) -> Assessment:
    """`gate`, `progress`, `condition_holds` and `problem` of every item at once.

    The projection needs all of them for every handoff it writes; one walk with each
    condition decided once costs a fraction of calling them one by one.
    """
    by_id = template.by_id
    blocks_vague = template.blocks_vague
    holds: dict[str, bool] = {}
    result = Assessment()
    for item in template.items:
        counts = _holds(item, by_id, values, holds) if item.when is not None else True
        value = values.get(item.id)
        reason = problem(item, value)
        if reason is None and blocks_vague and item.vague == "block":
            reason = vague_problem(item, template, values, now)
        result.counts.append(counts)
        result.problems.append(reason)
        if not counts:
            continue
        if item.required:
            result.total += 1
            if item.id in waived or reason is None:
                result.done += 1
        if item.id in waived or reason is None:
            continue
        if not item.required and (value is None or (item.kind == "check" and value is False)):
            continue
        result.blockers.append(Blocker(item.id, item.text, reason, item.why))
    return result


def _holds(item: Item, by_id: Mapping[str, Item], values: Mapping[str, Any], holds: dict[str, bool]) -> bool:
    """`condition_holds`, each item decided once; a chain of conditions that loops never holds."""
    known = holds.get(item.id)
    if known is not None:
        return known
    holds[item.id] = False  # while deciding: a loop back here does not hold, as in condition_holds
    result = True
    if item.when is not None:
        other = by_id.get(item.when.item)
        result = (
            other is not None and _holds(other, by_id, values, holds) and _when_met(item.when, values.get(other.id))
        )
    holds[item.id] = result
    return result
