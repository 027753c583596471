"""What a change costs the writes: `baton set`, `baton send` and a newcomer's import, this build against another.

    python -m bench.write_cost --against /path/to/other/checkout/.venv/bin/python --size 10000 --events 10000

Each build gets its own copy of the same generated home (a write changes it), and
the commands alternate in one loop (timing.side_by_side): `send` sends the same
ready drafts in the same order on both copies, `set` writes the same value into
the same handoffs. The import: one team folder of about `--events` events
(bench/sync_import.py writes it with this build), then a new teammate's first
sync over it, by each build in turn, `--rounds` times; CPU and wall medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import homes
from .timing import side_by_side

IMPORT = """
import json, sys
from pathlib import Path
from bench.sync_import import baton_import
wall, cpu, events = baton_import(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
print(json.dumps([wall, cpu, events]))
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env["BATON_HOME"] = str(home)
    return env


def commands(size: int, against: str, scratch: Path, repeat: int) -> dict[str, Any]:
    """`baton send` and `baton set` of both builds, each on its own copy of the home, alternating."""
    source = homes.home_for(size, need_ready=repeat + 1)
    ready = homes.ready_drafts(source)[: repeat + 1]
    with sqlite3.connect(source / "baton.db") as conn:  # other drafts of maya's, and a text item of each
        targets = conn.execute(
            """SELECT h.id, MIN(i.item_id) FROM handoffs h JOIN items i ON i.handoff_id = h.id
               WHERE h.sender = 'maya' AND h.status = 'draft' AND h.blockers > 0 AND i.kind = 'text'
               GROUP BY h.id ORDER BY h.id LIMIT ?""",
            (repeat + 1,),
        ).fetchall()
    builds = {"this": str(Path(sys.executable).with_name("baton")), "against": str(Path(against).with_name("baton"))}
    runs: dict[str, tuple[Any, dict[str, str]]] = {}
    for name, baton in builds.items():
        home = scratch / f"home-{name}"
        shutil.copytree(source, home)
        subprocess.run([baton, "list"], env=_env(home), capture_output=True, check=True)  # any upgrade on open
        runs[f"{name} set"] = (
            lambda n, b=baton: [b, "set", targets[n][0], targets[n][1], f"Agreed with the client on call {n}."],
            _env(home),
        )
        runs[f"{name} send"] = (lambda n, b=baton: [b, "send", ready[n]], _env(home))
    found = {}
    for verb in ("set", "send"):
        measured = side_by_side({k: v for k, v in runs.items() if k.endswith(verb)}, repeat, 1)
        for label, result in measured.items():
            found[f"{label} wall_s"] = result.median
            found[f"{label} cpu_s"] = result.median_cpu
    return found


def imports(events: int, against: str, scratch: Path, rounds: int) -> dict[str, Any]:
    """A newcomer's first sync over the same folder, by each build in turn."""
    from .sync_import import build_home, write_segments

    shared = scratch / "shared"
    shared.mkdir()
    home = build_home(scratch, events)
    count, _, _ = write_segments(home, shared)
    shutil.rmtree(home.root)
    pythons = {"this": sys.executable, "against": against}
    checkouts = {"this": Path(__file__).resolve().parent.parent, "against": Path(against).absolute().parents[2]}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in pythons}
    for round_ in range(rounds):
        for name, python in pythons.items():
            reader = f"reader-{name}-{round_}"
            result = subprocess.run(
                [python, "-c", IMPORT, str(scratch), str(shared), reader],
                cwd=checkouts[name],
                capture_output=True,
                text=True,
                check=True,
            )
            wall, cpu, imported = json.loads(result.stdout.strip().splitlines()[-1])
            if imported != count:
                raise SystemExit(f"{name}: imported {imported} of {count} events")
            times[name].append((wall, cpu))
            shutil.rmtree(scratch / reader)
    found: dict[str, Any] = {"events": count}
    for name, pairs in times.items():
        found[f"{name} import wall_s"] = statistics.median(w for w, _ in pairs)
        found[f"{name} import cpu_s"] = statistics.median(c for _, c in pairs)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, metavar="PYTHON", help="The other build's venv python.")
    parser.add_argument("--size", type=int, default=10_000, help="handoffs in the home for set and send")
    parser.add_argument("--events", type=int, default=10_000, help="about how many events to import")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5, help="imports by each build, alternated")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    with tempfile.TemporaryDirectory(prefix="baton-write-cost-") as raw:
        scratch = Path(raw)
        result.update(commands(args.size, args.against, scratch, args.repeat))
        result.update(imports(args.events, args.against, scratch, args.rounds))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
