"""What a cold `baton show ID` loads, grouped, before and after a commit (`python -X importtime`).

    python -m bench.import_breakdown --before 204be17            # on the generated 10,000-handoff home

Each run is a fresh process; the groups add up each module's own import time as
`-X importtime` reports it (which adds a little of its own), median of the runs:
Python's start-up (site and what it loads), click, the standard library and other
packages, baton's core, baton's command line. The CPU line is user + system time of
the same command run without -X importtime, median of as many runs.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys

from baton.core.ids import short_prefixes

from . import homes
from .__main__ import baton_argv
from .before_after import unpack
from .bytecode import compile_tree
from .results import Table

LINE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|( *)(\S+)")
GROUPS = ("Python start-up (site)", "click", "standard library and other packages", "baton.core", "baton.tui")


def group_of(name: str, startup: bool) -> str:
    if startup:
        return GROUPS[0]
    if name == "click" or name.startswith("click."):
        return GROUPS[1]
    if name.startswith("baton.core"):
        return GROUPS[3]
    if name.startswith("baton.tui"):
        return GROUPS[4]
    return GROUPS[2]


def imports(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Milliseconds of import time per group for one cold run."""
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env, capture_output=True, text=True)
    found = dict.fromkeys(GROUPS, 0.0)
    startup = "site" in done.stderr
    for line in done.stderr.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        name, top = match[3], len(match[2]) == 1
        found[group_of(name, startup)] += int(match[1]) / 1000
        if startup and top and name == "site":
            startup = False
    return found


def cpu(argv: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    compile_tree()
    source = homes.home_for(args.size, 0)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("BATON_")}, "BATON_HOME": str(source)}
    ids = homes.handoff_ids(source)
    shown = short_prefixes(ids)[ids[len(ids) // 3]]
    sides = {"before": unpack(args.before, homes.OUT), "after": baton_argv()}
    if len(sides["after"]) == 1:  # the console script: run it with this Python so -X reaches it
        sides["after"] = [sys.executable, sides["after"][0]]
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    spent: dict[str, list[float]] = {side: [] for side in sides}
    for argv in sides.values():  # a run of each to warm the disk cache
        cpu([*argv, "show", shown], env)
    for _ in range(args.repeat):
        for side, argv in sides.items():
            runs[side].append(imports([*argv, "show", shown], env))
            spent[side].append(cpu([*argv, "show", shown], env))
    table = Table(
        f"Cold `baton show ID` at {args.size:,} handoffs: import time by group (ms, median of {args.repeat})",
        ["", "before", "after"],
    )
    for group in GROUPS:
        table.add(group, *(f"{statistics.median(r[group] for r in runs[side]):.1f}" for side in sides))
    table.add("all imports", *(f"{statistics.median(sum(r.values()) for r in runs[side]):.1f}" for side in sides))
    table.add("CPU of the whole command (user + system)", *(f"{statistics.median(spent[s]):.0f}" for s in sides))
    print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
