"""What the team roster adds to the fold: each event's writer and lead checks asked of the roster.

    .venv/bin/python -m bench.roster_fold --handoffs 400

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
from baton.core.team import membership


def _team(root: Path) -> tuple[Replica, Replica]:
    ana = Replica.init(Home(root / "ana"), "ana", role="lead")
    membership.found(ana)
    ben = Replica.init(Home(root / "ben"), "ben")
    code = membership.invite(ana, "ben")
    ben.store.append(ana.store.event_rows())
    membership.join(ben, code)
    return ana, ben


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handoffs", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
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
