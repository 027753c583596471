"""A team of replicas in temp homes that trade events directly (no folder): for roster tests."""

from __future__ import annotations

from pathlib import Path

from baton.core.events import Event
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.replica import Replica
from baton.core.team import membership


class Clock:
    """A wall clock tests move by hand, shared by every replica of a team."""

    def __init__(self, start: int = 1_763_740_000_000) -> None:
        self.now = start

    def __call__(self) -> int:
        self.now += 1000
        return self.now


def person(root: Path, user: str, clock: Clock, role: str = "member") -> Replica:
    home = Home(root / user)
    replica = Replica.init(home, user, role=role, display_name=user.title())
    membership.device_key(home)
    replica.close()
    return Replica.open(home, wall=clock)


def trade(*replicas: Replica) -> None:
    """Every replica gets every event the others hold (as sync would deliver them)."""
    rows = {row["id"]: row for r in replicas for row in r.store.event_rows()}
    for replica in replicas:
        replica.store.append(list(rows.values()))
        for row in rows.values():
            replica.clock.observe(row["hlc"])


def team(root: Path, clock: Clock, lead: str = "ana", members: tuple[str, ...] = ("ben",)) -> dict[str, Replica]:
    """A founded team: `lead` founded it, each of `members` joined with an invitation."""
    people = {lead: person(root, lead, clock, role="lead")}
    membership.found(people[lead])
    for user in members:
        people[user] = person(root, user, clock)
        code = membership.invite(people[lead], user, stages=["beta"])
        trade(people[lead], people[user])
        membership.join(people[user], code)
    trade(*people.values())
    return people


def forged(replica: Replica, handoff: str, kind: str, payload: dict) -> dict:
    """An event written straight into the log, past every check the replica makes (a tampered build)."""
    event = Event(
        id=new_id(),
        handoff=handoff,
        kind=kind,
        hlc=replica.clock.tick(),
        at=replica.wall(),
        author=replica.user,
        replica=replica.config.replica_id,
        payload=payload,
    )
    replica.store.append([event.row()])
    return event.row()
