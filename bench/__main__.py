"""`python -m bench`: where baton stands against the tools a team would use instead.

    python -m bench                       # full run, writes BENCHMARKS.md (several minutes)
    python -m bench --sizes 1000,10000    # fewer sizes
    python -m bench --smoke               # tiny data, one run each: checks it all still works

Every comparison is measured side by side in the same run (alternating cold
processes) and given as a ratio, because absolute times drift on shared machines.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import math
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from baton.core.ids import short_prefixes

from . import homes
from .bytecode import compile_tree
from .compare_taskwarrior import INSTALL_HINT, Taskwarrior, version
from .results import Table, machine, ratio, seconds, verdict
from .timing import Runs, side_by_side

ROOT = Path(__file__).resolve().parent.parent
LIST_GOAL = 0.5
GOALS = {
    "baton list": LIST_GOAL,
    "baton list --all": 1.0,
    "baton show ID": 0.7,
    "baton send ID": 1.0,
    "baton --version": 1.5,
}
"""Ratios to Taskwarrior (and `--version` to Python's own start-up) that issue 16 sets."""
FIRST_FRAME_GOAL_S = 0.5
MEMORY_GOAL_MB = 150
SYNC_RATIO_GOAL = 0.6
WATCH_GOAL_S = 0.5


def baton_argv() -> list[str]:
    script = Path(sys.executable).with_name("baton")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from baton.tui.cli import main; main()"]


def optional(name: str) -> ModuleType | None:
    """A benchmark module written separately, or None while it does not exist yet."""
    try:
        return importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"bench.{name}":
            return None
        raise


class Bench:
    def __init__(self, sizes: list[int], repeat: int, warmup: int, out: Path, smoke: bool, fresh: bool) -> None:
        self.sizes = sizes
        self.repeat = repeat
        self.warmup = warmup
        self.out = out
        self.smoke = smoke
        self.fresh = fresh
        self.baton = baton_argv()
        compile_tree()  # time baton as installed: from bytecode (bench/bytecode.py)
        self.rng = random.Random(5)
        self.taskwarrior = version()
        self.growth: dict[str, dict[int, float]] = {}
        self.has_report = self._has_command("report")

    # ---- helpers ----------------------------------------------------------
    def home(self, size: int) -> Path:
        return homes.home_for(size, self.repeat + self.warmup, root=self.out, fresh=self.fresh)

    def env(self, home: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
        env["BATON_HOME"] = str(home)
        return env

    def _has_command(self, name: str) -> bool:
        import subprocess

        result = subprocess.run([*self.baton, name, "--help"], capture_output=True)
        return result.returncode == 0

    def pick(self, items: list[str], count: int) -> list[str]:
        return [self.rng.choice(items) for _ in range(count)]

    def record(self, what: str, size: int, runs: Runs) -> None:
        self.growth.setdefault(what, {})[size] = runs.median

    # ---- baton's own commands at one size ----------------------------------
    def baton_commands(self, size: int) -> tuple[Path, dict[str, Any]]:
        home = self.home(size)
        env = self.env(home)
        ids = homes.handoff_ids(home)
        shorts = short_prefixes(ids)
        shown = [shorts[i] for i in self.pick(ids, self.repeat + self.warmup)]
        ready = homes.ready_drafts(home)
        sends = [shorts.get(i, i) for i in ready[: self.repeat + self.warmup]]
        commands: dict[str, Any] = {
            "baton list": ([*self.baton, "list"], env),
            "baton list --all": ([*self.baton, "list", "--all"], env),
            "baton show ID": (lambda n: [*self.baton, "show", shown[n]], env),
            "baton send ID": (lambda n: [*self.baton, "send", sends[n]], env),
        }
        if self.has_report:
            commands["baton report"] = ([*self.baton, "report"], env)
        return home, commands

    # ---- 1 and 2: against Taskwarrior ------------------------------------------
    def against_taskwarrior(self, size: int) -> Table:
        table = Table(
            f"baton vs Taskwarrior, {size:,} handoffs / tasks (cold process, median of {self.repeat})",
            ["command", "baton", "Taskwarrior", "ratio baton / task", "goal"],
        )
        home, baton = self.baton_commands(size)
        if self.taskwarrior is None:
            line = f"Taskwarrior is not installed: skipped the comparison; {INSTALL_HINT}."
            print(line, file=sys.stderr)
            table.notes.append(line)
            runs = side_by_side({k: v for k, v in baton.items() if k != "baton report"}, self.repeat, self.warmup)
            for label, result in runs.items():
                self.record(label, size, result)
                table.add(f"`{label}`", seconds(result.median), "—", "—", "—")
            return table
        root = self.out / f"taskwarrior-{size}"
        shutil.rmtree(root, ignore_errors=True)  # fresh every run: `done` used up some tasks last time
        tw = Taskwarrior(root)
        count = tw.import_from(home / "baton.db")
        pending = tw.pending_uuids()
        info_ids = [str(self.rng.randint(1, len(pending))) for _ in range(self.repeat + self.warmup)]
        done_ids = pending[-(self.repeat + self.warmup) :]
        task = {
            "task list": (tw.argv("list"), tw.env),
            "task ID info": (lambda n: tw.argv(info_ids[n], "info"), tw.env),
            "task ID done": (lambda n: tw.argv(done_ids[n], "done"), tw.env),
            "python -c pass": ([sys.executable, "-c", "pass"], tw.env),
        }
        baton["baton --version"] = ([*self.baton, "--version"], self.env(home))
        pairs = [
            ("baton list", "task list"),
            ("baton list --all", "task list"),
            ("baton show ID", "task ID info"),
            ("baton send ID", "task ID done"),
            ("baton --version", "python -c pass"),
        ]
        measured: dict[str, Runs] = {}
        for group in (
            ("baton list", "baton list --all", "task list"),
            ("baton show ID", "task ID info"),
            ("baton send ID", "task ID done"),
            ("baton --version", "python -c pass"),
        ):  # each group alternates in one loop
            measured.update(
                side_by_side({label: {**baton, **task}[label] for label in group}, self.repeat, self.warmup)
            )
        for ours, theirs in pairs:
            goal = GOALS.get(ours)
            a, b = measured[ours], measured[theirs]
            self.record(ours, size, a)
            cpu = ratio(a.median_cpu, b.median_cpu)
            table.add(
                f"`{ours}` vs `{theirs}`",
                seconds(a.median),
                seconds(b.median),
                f"{ratio(a.median, b.median)} (CPU {cpu})",
                verdict(a.median / b.median, goal) if goal else "",
            )
        table.notes.append(
            f"{count:,} tasks imported with `task import` ({len(pending):,} pending, the rest completed or deleted, "
            "like the handoffs they mirror); rc: confirmation=off, verbose=nothing, hooks=off, defaults otherwise."
        )
        table.notes.append(
            "`baton list` shows the viewer's queue (inbox and outbox); `--all` shows every handoff, "
            "`task list` every pending task. `send` and `done` each change a fresh draft / pending task per run."
        )
        return table

    # ---- 5: growth ---------------------------------------------------------------
    def growth_runs(self, size: int) -> None:
        _, baton = self.baton_commands(size)
        wanted = {k: v for k, v in baton.items() if k not in self.growth or size not in self.growth[k]}
        for label, result in side_by_side(wanted, self.repeat, self.warmup).items():
            self.record(label, size, result)

    def growth_table(self) -> Table:
        sizes = self.sizes
        table = Table(
            "Growth with the number of handoffs (cold process, median)",
            ["measure", *[f"{s:,}" for s in sizes], f"×{sizes[-1] // sizes[0]:,} handoffs →"]
            if len(sizes) > 1
            else ["measure", f"{sizes[0]:,}", ""],
        )
        for what, by_size in self.growth.items():
            cells = [seconds(by_size.get(s)) for s in sizes]
            first, last = by_size.get(sizes[0]), by_size.get(sizes[-1])
            factor = f"×{last / first:.1f}" if first and last and len(sizes) > 1 else ""
            table.add(f"`{what}`" if what.startswith("baton") else what, *cells, factor)
        table.notes.append(
            "Flat is the goal for show, send and the first frame; list and report may grow, "
            "but no faster than the number of handoffs."
        )
        return table

    # ---- 3, 4 and report: modules written separately ------------------------------
    def module_table(self, name: str, title: str, calls: list[tuple[str, int]]) -> Table:
        table = Table(title, ["size", "measure", "value", "goal"])
        module = optional(name)
        if module is None:
            table.notes.append(f"bench/{name}.py: not available yet.")
            return table
        for arg, value in calls:
            started = time.perf_counter()
            kwargs: dict[str, Any] = {arg: value}
            if "root" in inspect.signature(module.run).parameters:
                kwargs["root"] = self.out
            result = module.run(**kwargs)
            for key, figure in result.items():
                table.add(f"{value:,} {arg}", key, _figure(key, figure), _goal(key, figure, value, max(self.sizes)))
                if isinstance(figure, (int, float)) and "frame" in key and key.endswith("_s"):
                    self.growth.setdefault(f"app first frame ({key})", {})[value] = float(figure)
            table.notes.append(f"{value:,} {arg}: measured in {time.perf_counter() - started:.0f} s.")
        return table


def _figure(key: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if key.endswith("_per_s"):
        return f"{value:,.0f}/s"
    if key.endswith("_s"):
        return seconds(float(value))
    if key.endswith("_mb"):
        return f"{value:.0f} MB"
    if "ratio" in key:
        return f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else f"{value:.3g}"


def _goal(key: str, value: Any, size: int, largest: int) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return ""
    if "frame" in key and key.endswith("_s") and size == largest:
        return verdict(value, FIRST_FRAME_GOAL_S)
    if key.endswith("_mb") and size == largest:
        return verdict(value, MEMORY_GOAL_MB)
    if "ratio" in key:
        return verdict(value, SYNC_RATIO_GOAL, at_most=False)
    if "latency" in key and key.endswith("_s"):
        return verdict(value, WATCH_GOAL_S)
    return ""


PREAMBLE = """# Benchmarks

Where baton stands against what a team would use instead, and how it grows with
the number of handoffs. Reproduce with `make bench` (or `python -m bench`; `--sizes
1000,10000` for fewer sizes, `--fresh` to rebuild the generated data in `bench/out/`).
Generated data comes from `bench/generate.py`: every built-in template, handoffs in
every state, five replicas in four time zones, spread over 90 days.

Every comparison is measured side by side in one run, alternating cold processes,
and given as a **ratio**: baton's median time divided by the other tool's (below 1
means baton is faster; CPU ratio = the same for user + system time, which drifts less
on a busy machine). Absolute times depend on the machine below and on what else it
was doing; compare ratios, not milliseconds, between runs.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, one run each: only checks it all works")
    parser.add_argument("--sizes", help="handoff counts, comma separated (default 1000,10000,100000)")
    parser.add_argument("--output", help="Markdown file for the results (default BENCHMARKS.md; none with --smoke)")
    parser.add_argument("--repeat", type=int, help="timed runs per command (default 15; 1 with --smoke)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the generated homes in bench/out/")
    args = parser.parse_args(argv)
    try:
        sizes = (
            sorted({int(s) for s in args.sizes.split(",")})
            if args.sizes
            else ([60, 150] if args.smoke else [1_000, 10_000, 100_000])
        )
    except ValueError:
        parser.error(f"--sizes takes whole numbers separated by commas, not {args.sizes!r}")
    if not sizes or sizes[0] < 10:
        parser.error("every size needs at least 10 handoffs")
    repeat = args.repeat or (1 if args.smoke else 15)
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    output = Path(args.output) if args.output else (None if args.smoke else ROOT / "BENCHMARKS.md")

    scratch = tempfile.TemporaryDirectory(prefix="baton-bench-") if args.smoke else None
    out = Path(scratch.name) if scratch else homes.OUT
    homes.OUT = out  # modules that build their own homes put them here too
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        bench = Bench(sizes, repeat, 0 if args.smoke else 2, out, args.smoke, args.fresh)
        tables = [machine(bench.taskwarrior)]
        print(tables[0].markdown(), flush=True)
        compare = min(sizes, key=lambda s: abs(s - 10_000))
        for size in sizes:
            print(f"… {size:,} handoffs", file=sys.stderr, flush=True)
            if size == compare:
                tables.append(bench.against_taskwarrior(size))
                print(tables[-1].markdown(), flush=True)
            bench.growth_runs(size)
        ends = sorted({sizes[0], sizes[-1]})
        for name, title, calls in (
            (
                "app_first_frame",
                "App: first frame of the queue screen, and peak memory",
                [("handoffs", s) for s in ends],
            ),
            ("report_speed", "`baton report` on the largest home", [("handoffs", sizes[-1])]),
            (
                "sync_import",
                "Sync: import with projection vs plain json.loads + executemany; export; watch latency",
                [("events", 2_000 if args.smoke else 1_000_000)],
            ),
        ):
            print(f"… {name}", file=sys.stderr, flush=True)
            tables.append(bench.module_table(name, title, calls))
            print(tables[-1].markdown(), flush=True)
        tables.append(bench.growth_table())
        print(tables[-1].markdown(), flush=True)
    finally:
        if scratch:
            scratch.cleanup()
    if bench.taskwarrior is None and not args.smoke:
        print(f"Taskwarrior is not installed; {INSTALL_HINT}, then run `make bench` again.", file=sys.stderr)
    if output:
        body = PREAMBLE + "\n" + "\n".join(table.markdown() for table in tables)
        body += f"\nThe whole run took {time.monotonic() - started:.0f} s.\n"
        output.write_text(body, encoding="utf-8")
        print(f"Wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
