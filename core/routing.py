"""Routing: which member of a stage receives a handoff sent to the stage, and why.

Pure: the members, how many handoffs wait on each, the moment and the stage's
rule go in; one `Route` comes out, the same on every replica given the same
inputs. The replica records the route in the `created` event, so nobody has to
recompute (or agree on) it later.

Rules a lead can give a stage:
- `working-hours` (default): those working now, else the soonest to start; then
  the fewest waiting; then the user name, as a stable tie-break.
- `least-loaded`: the fewest waiting first, then working hours, then the user name.
- `round-robin`: the next user name after whoever the stage last received, in order.
- `owner`: a fixed triage owner; while they are away the default rule applies.
Members away today (in their own calendar) are never candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .day_words import day_words
from .errors import BatonError
from .hours import Member

RULES = ("working-hours", "least-loaded", "round-robin", "owner")


COMMAND_FIX = "a lead adds one with `baton team set USER --stage {stage}`"
"""How the command line says a stage gets a receiver (the app says its own way: `NoCandidate.said`)."""


class NoCandidate(BatonError):
    """Nobody can receive for the stage: nothing is written."""

    exit_code = 1

    def __init__(self, stage: str, sender: str | None = None) -> None:
        self.stage = stage
        self.sender = sender
        super().__init__(self.said(COMMAND_FIX))

    def said(self, fix: str, naming: str = "") -> str:
        """The refusal with `fix` ("{stage}" in it: the stage's name) as the way to give the stage a receiver,
        and `naming` (`: baton next ID --to USER`) as the way to name one, when the caller has one to say."""
        other = ", other than the sender" if self.sender else ""
        return (
            f"nobody can receive for the {self.stage} stage: it has no member who is not away{other} "
            f"({fix.format(stage=self.stage)}, or name the receiver yourself{naming})"
        )


@dataclass(frozen=True)
class StageRule:
    rule: str = "working-hours"
    owner: str | None = None


@dataclass(frozen=True)
class Route:
    """Who was picked for a stage, by which rule, and the reason in words."""

    user: str
    stage: str
    rule: str
    reason: str

    def payload(self) -> dict[str, Any]:
        return {"stage": self.stage, "rule": self.rule, "reason": self.reason}

    def line(self, name: str) -> str:
        return f"routed to {name}: {self.reason}"


def candidates(stage: str, members: Sequence[Member], now_ms: int, sender: str | None = None) -> list[Member]:
    """Members who receive for `stage`, are not away today and are not the sender, by user name."""
    return sorted(
        (
            m
            for m in members
            if stage in m.stages and m.user != sender and m.away_at(now_ms) is None and m.next_start(now_ms) is not None
        ),
        key=lambda m: m.user,
    )


def route(
    stage: str,
    members: Sequence[Member],
    waiting: Mapping[str, int],
    now_ms: int,
    rule: StageRule | None = None,
    sender: str | None = None,
    last: str | None = None,
) -> Route:
    """Pick the receiver for `stage`; NoCandidate names the stage when nobody can take it.

    `waiting` counts the handoffs waiting on each member; `last` is who the stage
    received most recently (round-robin moves on from them).
    """
    rule = rule or StageRule()
    pool = candidates(stage, members, now_ms, sender)
    if not pool:
        raise NoCandidate(stage, sender)

    def soon(m: Member) -> int:
        return (m.next_start(now_ms) or now_ms) - now_ms

    def words(m: Member) -> str:
        load = waiting.get(m.user, 0)
        start = soon(m)
        if start == 0:
            when = "in working hours"
        else:
            local = datetime.fromtimestamp((now_ms + start) / 1000, tz=UTC).astimezone(m.zone())
            when = f"starts soonest ({day_words(local.date(), m.local_day(now_ms))} {local:%H:%M} their time)"
        return f"{when}, {load} waiting"

    if rule.rule == "owner" and rule.owner:
        owner = next((m for m in pool if m.user == rule.owner), None)
        if owner is not None:
            return Route(owner.user, stage, "owner", f"triage owner of {stage}; {words(owner)}")
        named = next((m for m in members if m.user == rule.owner), None)
        gone = named.away_at(now_ms) if named is not None else None
        # the stand-in's route says why the owner is passed over: their days away (and why), when that is it
        why = (
            f"triage owner {rule.owner} is {gone.words()}"
            if gone
            else f"triage owner {rule.owner} is away or not in {stage}"
        )
        return _by_hours(stage, pool, waiting, soon, words, prefix=why + "; ")
    if rule.rule == "least-loaded":
        pick = min(pool, key=lambda m: (waiting.get(m.user, 0), soon(m), m.user))
        return Route(pick.user, stage, "least-loaded", f"fewest waiting; {words(pick)}")
    if rule.rule == "round-robin":
        after = [m for m in pool if last is not None and m.user > last]
        pick = (after or pool)[0]
        turn = f"next in turn after {last}" if last else "first in turn"
        return Route(pick.user, stage, "round-robin", f"{turn}; {words(pick)}")
    return _by_hours(stage, pool, waiting, soon, words)


def _by_hours(
    stage: str,
    pool: list[Member],
    waiting: Mapping[str, int],
    soon: Callable[[Member], int],
    words: Callable[[Member], str],
    prefix: str = "",
) -> Route:
    pick = min(pool, key=lambda m: (soon(m), waiting.get(m.user, 0), m.user))
    return Route(pick.user, stage, "working-hours", prefix + words(pick))
