"""What the team roster adds to the fold: each event's writer and lead checks asked of the roster.

    .venv/bin/python -m bench.roster_fold --handoffs 400 --members 40

Also what a command pays to fold the roster itself, for a team of `--members` people
(each invited, joined, given hours and a period away: four roster events a person):
with every signature checked (a store that keeps no checks, as before
core/team/verified.py) and with the checks an earlier command kept.

A team of three (a founder, two members who joined by invitation) fills and sends
handoffs; then the same stored events are folded, alternating, with the old
rules (no team: `PAYLOAD_FLAG`) and with the team's roster context, as an import
folds them. Prints the median time per event of each and the difference: what
the roster's lookups cost per event (a dictionary lookup and a bisection).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from baton.core.demo import fill
from baton.core.home import Home
from baton.core.permissions import PAYLOAD_FLAG
from baton.core.projection import fold
from baton.core.replica import Replica
from baton.core.team import membership, verified
from baton.core.team.roster import TEAM_STREAM


def _team(root: Path) -> tuple[Replica, Replica]:
    ana = Replica.init(Home(root / "ana"), "ana", role="lead")
    membership.found(ana)
    ben = Replica.init(Home(root / "ben"), "ben")
    code = membership.invite(ana, "ben")
    ben.store.append(ana.store.event_rows())
    membership.join(ben, code)
    return ana, ben


def _crowd(root: Path, members: int) -> Home:
    """A lead's home whose roster holds `members` people who joined by invitation, each with hours and a week away."""
    ana = Replica.init(Home(root / "lead"), "ana", role="lead")
    membership.found(ana)
    for n in range(members):
        user = f"member{n}"
        mate = Replica.init(Home(root / user), user)
        code = membership.invite(ana, user, stages=["beta"])
        mate.store.append(ana.store.event_rows())
        membership.join(mate, code)
        ana.store.append([r for r in mate.store.event_rows() if r["handoff_id"] == TEAM_STREAM])
        membership.set_member(ana, user, hours="mon-fri 09:00-17:00")
        membership.away(ana, user, "2026-08-01", "2026-08-07")
        mate.close()
    ana.close()
    return Home(root / "lead")


def roster_times(home: Home, rounds: int) -> dict[str, float]:
    """Median ms to fold the roster in a freshly opened store: every signature checked, and checks kept."""
    times: dict[str, list[float]] = {"every signature checked": [], "checks kept": []}
    for _ in range(rounds):
        for name in times:
            replica = Replica.open(home)
            verified.forget()  # a new process remembers nothing of its own
            if name == "every signature checked":
                with replica.store.lock, replica.store.writing():
                    replica.store.conn.execute("DROP TABLE IF EXISTS verified_signatures")
            start = time.perf_counter()
            replica.store.roster()
            times[name].append((time.perf_counter() - start) * 1e3)
            replica.close()
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handoffs", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--members", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = _crowd(Path(tmp), args.members)
        count = len(Replica.open(home).store.roster_events())
        folded = roster_times(home, args.rounds)
    print(f"roster of {args.members} members, {count} roster events, folded in a freshly opened store")
    for name, value in folded.items():
        print(f"  {name:<26} {value:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        _, ben = _team(Path(tmp))
        rng = random.Random(1)
        ids = []
        for n in range(args.handoffs):
            handoff = ben.create("sales-to-onboarding", f"Work {n}", "ana")
            fill(ben, handoff, ben.state(handoff).template, rng)
            ids.append(handoff)
        grouped = ben.store.events_of(ids)
        count = sum(len(events) for events in grouped.values())
        contexts = {"old rules": PAYLOAD_FLAG, "team roster": ben.store.rules}
        times: dict[str, list[float]] = {name: [] for name in contexts}
        for _ in range(args.rounds):
            for name, ctx in contexts.items():
                start = time.perf_counter()
                for handoff in ids:
                    fold(handoff, grouped[handoff], False, ctx)
                times[name].append((time.perf_counter() - start) / count * 1e6)
        ben.close()
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"events folded          {count:,}")
    for name, value in medians.items():
        print(f"{name:<22} {value:.2f} µs per event")
    print(f"roster cost            {medians['team roster'] - medians['old rules']:+.2f} µs per event")


if __name__ == "__main__":
    main()
