"""Every speed and size goal in one run, as ratios against its yardstick, at 1,000 → 10,000 → 100,000 handoffs.

- commands against Taskwarrior on the same work (cold processes, alternating in
  one loop): list, list --all, show, send; `--version` against `python -c pass`;
- the database against Taskwarrior's data folder, in bytes per handoff / task;
- cold `baton report` and `baton export --format csv`;
- the app's first frame from process start against an empty Textual app with a
  DataTable (bench/empty_app.py), and the app's peak memory.

    python -m bench.goals                      # 1000,10000,100000 (generated once into bench/out)
    python -m bench.goals --sizes 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time

from . import homes
from .__main__ import GOALS, Bench
from .app_first_frame import against_empty
from .compare_taskwarrior import Taskwarrior
from .results import Table, machine, ratio, seconds, verdict
from .timing import side_by_side

DISK_GOAL = 2.0
FRAME_GOAL = 1.2
MEMORY_GOAL_MB = 100
REPORT_GOAL_S = 0.5
EXPORT_GOAL_S = 2.0
LARGEST = 100_000


def folder_bytes(path: str) -> int:
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    bench = Bench(sizes, args.repeat, 2, homes.OUT, False, False)
    print(machine(bench.taskwarrior).markdown(), flush=True)
    started = time.monotonic()
    commands = Table(
        f"Commands: ratio of medians, cold processes alternating in one loop ({args.repeat} runs each)",
        ["measure", *[f"{s:,}" for s in sizes], "goal"],
    )
    disk = Table("Disk: bytes per handoff / per task", ["size", "baton database", "Taskwarrior data", "ratio", "goal"])
    leads = Table("Leads' commands, cold process (median)", ["size", "measure", "wall", "CPU", "goal"])
    frames = Table(
        "App: first frame from process start / an empty Textual app with a DataTable (median of 7)",
        ["size", "baton", "empty app", "ratio", "goal", "peak memory", "goal"],
    )
    cells: dict[str, dict[int, str]] = {}
    for size in sizes:
        print(f"… {size:,}", file=sys.stderr, flush=True)
        home, baton = bench.baton_commands(size)
        root = bench.out / f"taskwarrior-{size}"
        shutil.rmtree(root, ignore_errors=True)
        tw = Taskwarrior(root)
        count = tw.import_from(home / "baton.db")
        db = folder_bytes(str(home)) - sum(
            os.path.getsize(home / f)
            for f in ("config.json", "generated.json", "answer-checks.cache.json")  # not the database
            if (home / f).exists()
        )
        data = folder_bytes(str(tw.data))
        per_handoff, per_task = db / count, data / count
        disk.add(
            f"{size:,}",
            f"{per_handoff:,.0f} B ({db / 1e6:.1f} MB)",
            f"{per_task:,.0f} B ({data / 1e6:.1f} MB)",
            f"{per_handoff / per_task:.1f}",
            verdict(per_handoff / per_task, DISK_GOAL),
        )
        pending = tw.pending_uuids()
        info = [pending[(n * 7919) % len(pending)] for n in range(args.repeat + 2)]
        done = pending[-(args.repeat + 2) :]
        task = {
            "task list": (tw.argv("list"), tw.env),
            "task UUID info": (lambda n, tw=tw, info=info: tw.argv(info[n], "info"), tw.env),
            "task UUID done": (lambda n, tw=tw, done=done: tw.argv(done[n], "done"), tw.env),
            "python -c pass": ([sys.executable, "-c", "pass"], tw.env),
        }
        baton["baton --version"] = ([*bench.baton, "--version"], bench.env(home))
        pairs = [
            ("baton list", "task list"),
            ("baton list --all", "task list"),
            ("baton show ID", "task UUID info"),
            ("baton send ID", "task UUID done"),
            ("baton --version", "python -c pass"),
        ]
        measured = {}
        for group in (
            ("baton list", "baton list --all", "task list"),
            ("baton show ID", "task UUID info"),
            ("baton send ID", "task UUID done"),
            ("baton --version", "python -c pass"),
        ):
            measured.update(side_by_side({label: {**baton, **task}[label] for label in group}, args.repeat, 2))
        for ours, theirs in pairs:
            a, b = measured[ours], measured[theirs]
            wall, cpu = ratio(a.median, b.median), ratio(a.median_cpu, b.median_cpu)
            cells.setdefault(f"`{ours}` / `{theirs}`", {})[size] = (
                f"{wall} ({seconds(a.median)} / {seconds(b.median)}; CPU {cpu})"
            )
        for label in ("baton report", "baton export --format csv"):
            argv = [*bench.baton, *label.split()[1:]]
            runs = side_by_side({label: (argv, bench.env(home))}, 3, 1)[label]
            goal = REPORT_GOAL_S if "report" in label else EXPORT_GOAL_S
            leads.add(
                f"{size:,}",
                f"`{label}`",
                seconds(runs.median),
                seconds(runs.median_cpu),
                verdict(runs.median, goal) + f" (CPU {verdict(runs.median_cpu, goal)})" if size == LARGEST else "",
            )
        if size >= 10_000:
            f = against_empty(size)
            frames.add(
                f"{size:,}",
                seconds(float(f["baton_first_frame_s"])),
                seconds(float(f["empty_app_first_frame_s"])),
                f"{f['ratio']:.2f}",
                verdict(float(f["ratio"]), FRAME_GOAL),
                f"{f['baton_peak_rss_mb']:.0f} MB",
                verdict(float(f["baton_peak_rss_mb"]), MEMORY_GOAL_MB),
            )
    for label, by_size in cells.items():
        key = label.split("`")[1]
        commands.add(label, *[by_size.get(s, "—") for s in sizes], f"≤ {GOALS[key]:g}")
    commands.notes.append(
        "Each cell: ratio of wall-clock medians (baton / yardstick), then both medians, then the ratio of CPU "
        "medians (user + system, steadier on a shared machine). Taskwarrior gets the same handoffs as tasks "
        "(bench/compare_taskwarrior.py); `task UUID info` and `task UUID done` name tasks by UUID."
    )
    for table in (commands, disk, leads, frames):
        print(table.markdown(), flush=True)
    print(f"The whole run took {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
