"""How fast the leads' figures are on a big team copy: `baton report`, `remind`, `export`.

The whole report reads the figures the store keeps up to date on write
(core/kept_figures.py); `--since` and `--transition` count over the projections. Measured twice:
the core functions in-process (what the app's dashboard worker pays) and the
real command as a cold process (what a lead at a terminal waits for).

    python -m bench.report_speed --handoffs 100000
    python -m bench.report_speed --against /path/to/other/checkout/.venv/bin/baton

`--against` times another build's `baton report` and `baton export --format csv`
on the same home, alternating cold processes with this one in one loop, so a
change is measured before/after side by side (wall and CPU medians, and the load
average at the start).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from baton.core.export import export_text
from baton.core.metrics import report
from baton.core.queues import connect
from baton.core.remind import reminders
from baton.core.times import DAY

from . import homes

REPEAT = 5


def _median(action: Callable[[], Any], repeat: int = REPEAT) -> float:
    action()  # warm the page cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _cold(argv: list[str], home: Path, repeat: int = 3) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env["BATON_HOME"] = str(home)

    def once() -> None:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {result.stderr.strip()}")

    return _median(once, repeat)


def _cpu_children() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def side_by_side(handoffs: int, against: str, root: Path = homes.OUT, repeat: int = 7) -> dict[str, Any]:
    """Cold `baton report` and `baton export --format csv` of this build and of `against`, alternating, on one
    home: medians of wall and CPU."""
    home = homes.home_for(handoffs, need_ready=0, root=root)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env["BATON_HOME"] = str(home)
    builds = {"this": str(Path(sys.executable).with_name("baton")), "against": against}
    commands = {"report": ["report"], "export csv": ["export", "--format", "csv"]}
    wall: dict[str, list[float]] = {f"{b} {c}": [] for b in builds for c in commands}
    cpu: dict[str, list[float]] = {label: [] for label in wall}
    load = os.getloadavg()
    for command, args in commands.items():
        for i in range(repeat + 1):
            for name, baton in builds.items():
                cpu_before, started = _cpu_children(), time.perf_counter()
                result = subprocess.run([baton, *args], env=env, capture_output=True, text=True, timeout=600)
                elapsed, used = time.perf_counter() - started, _cpu_children() - cpu_before
                if result.returncode != 0:
                    raise RuntimeError(f"{baton} {command} failed: {result.stderr.strip()}")
                if i:  # the first round warms the page cache (and fills what a build keeps, once)
                    wall[f"{name} {command}"].append(elapsed)
                    cpu[f"{name} {command}"].append(used)
    return {
        "handoffs": handoffs,
        "load average at start": " ".join(f"{x:.2f}" for x in load),
        **{f"{label} wall_s": statistics.median(wall[label]) for label in wall},
        **{f"{label} cpu_s": statistics.median(cpu[label]) for label in cpu},
    }


def run(handoffs: int, root: Path = homes.OUT) -> dict[str, Any]:
    """Seconds (medians) for the report, remind and export on a generated home of `handoffs`."""
    home = homes.home_for(handoffs, need_ready=0, root=root)
    conn = connect(home / "baton.db")
    now = int(time.time() * 1000)
    figures = report(conn, now)
    baton = [str(Path(sys.executable).with_name("baton"))]
    result = {
        "handoffs": conn.execute("SELECT COUNT(*) FROM handoffs").fetchone()[0],
        "send rounds": conn.execute("SELECT COUNT(*) FROM sends").fetchone()[0],
        "open handoffs": figures.total.open_total,
        "report (core)_s": _median(lambda: report(conn, now)),
        "report --since 30d (core)_s": _median(lambda: report(conn, now, since=now - 30 * DAY)),
        "remind (core)_s": _median(lambda: reminders(conn, now)),
        "export csv (core)_s": _median(lambda: export_text(conn, "csv"), repeat=3),
        "baton report (cold)_s": _cold([*baton, "report"], home),
        "baton report --json (cold)_s": _cold([*baton, "report", "--json"], home),
        "baton remind (cold)_s": _cold([*baton, "remind"], home),
    }
    conn.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handoffs", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=homes.OUT, help="Where generated homes are kept.")
    parser.add_argument("--against", metavar="BATON", help="Another build's baton executable, timed side by side.")
    args = parser.parse_args(argv)
    if args.against:
        print(json.dumps(side_by_side(args.handoffs, args.against, args.out), indent=2))
        return 0
    print(json.dumps(run(args.handoffs, args.out), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
