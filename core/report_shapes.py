"""What `baton report` and the lead dashboard show: the figures, as plain data (metrics.py computes them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .statuses import OPEN
from .vague_report import VagueFigures

AGING = ("< 1 day", "1–3 days", "> 3 days")
"""How long open handoffs have waited on whoever has the next step."""


@dataclass(frozen=True)
class Durations:
    """How long something took: count, median and 90th percentile, in ms (None when count is 0)."""

    count: int = 0
    median_ms: float | None = None
    p90_ms: float | None = None


@dataclass
class Figures:
    """The figures for everyone, one transition or one person.

    For a person, each figure takes the role it is about: `open` and `aging`
    count what waits on them (they have the next step); `to_send`, `answers`
    and `returns` count the handoffs they sent; `to_answer`, `returns_given`
    and `breaches` count the sends they received.
    """

    key: str
    open: dict[str, int] = field(default_factory=lambda: {s: 0 for s in OPEN})
    aging: list[int] = field(default_factory=lambda: [0, 0, 0])
    to_send: Durations = Durations()
    to_answer: Durations = Durations()
    answers: int = 0
    returns: int = 0
    returns_given: int = 0
    breaches: int = 0

    @property
    def open_total(self) -> int:
        return sum(self.open.values())

    @property
    def return_rate(self) -> float | None:
        return self.returns / self.answers if self.answers else None


@dataclass(frozen=True)
class ReturnReason:
    reason: str
    count: int
    last_at: int
    example: str
    """One handoff returned for this reason."""


@dataclass(frozen=True)
class Breach:
    handoff_id: str
    title: str
    transition: str
    sender: str
    receiver: str
    round: int
    sent_at: int
    deadline: int
    answered_at: int | None
    answer: str | None
    late_ms: int
    send_event_id: str

    @property
    def waiting(self) -> bool:
        """Still unanswered: someone is waiting right now."""
        return self.answer is None


@dataclass(frozen=True)
class ItemCount:
    template_id: str
    item_id: str
    text: str
    count: int
    handoffs: int


@dataclass(frozen=True)
class Unowned:
    handoff_id: str
    title: str
    status: str
    next_actor: str
    why: str


@dataclass(frozen=True)
class OpenConflict:
    event_id: str
    handoff_id: str
    title: str
    kind: str
    author: str
    at: int
    reason: str


@dataclass
class Report:
    now: int
    since: int | None
    transition: str | None
    total: Figures
    transitions: list[Figures]
    people: list[Figures]
    return_reasons: list[ReturnReason]
    breaches_by_receiver: dict[str, tuple[int, int]]
    """receiver -> (still waiting past the window, answered late)."""
    breaches: list[Breach]
    blocking_items: list[ItemCount]
    waived_items: list[ItemCount]
    unowned: list[Unowned]
    unowned_total: int
    conflicts: list[OpenConflict]
    conflicts_total: int
    returns_by_week: list[int]
    answers_by_week: list[int]
    """Oldest week first; the last entry is the seven days up to `now`."""
    vague: VagueFigures = field(default_factory=VagueFigures)
    """Vague answers sent, and the returns that followed them (vague_report.py)."""


class Tally:
    """The figures being added up: for everyone, per transition and per person."""

    def __init__(self) -> None:
        self.total = Figures("")
        self.transitions: dict[str, Figures] = {}
        self.people: dict[str, Figures] = {}

    def groups(self, tr: str, person: str | None) -> list[Figures]:
        found = [self.total, self.transitions.setdefault(tr, Figures(tr))]
        if person:
            found.append(self.people.setdefault(person, Figures(person)))
        return found

    def person(self, name: str) -> Figures:
        return self.people.setdefault(name, Figures(name))

    def pick(self, dim: str, name: str) -> Figures:
        """`dim` "all" (everyone), "transition" or "person"."""
        if dim == "all":
            return self.total
        table = self.transitions if dim == "transition" else self.people
        return table.setdefault(name, Figures(name))


@dataclass
class Flow:
    """The figures of one report besides the per-group ones a Tally holds: lists, series and vague answers."""

    breaches_by_receiver: dict[str, tuple[int, int]]
    breaches: list[Breach]
    return_reasons: list[ReturnReason]
    returns_by_week: list[int]
    answers_by_week: list[int]
    vague: VagueFigures
    blocking_items: list[ItemCount]
    waived_items: list[ItemCount]
    unowned: list[Unowned]
    unowned_total: int
