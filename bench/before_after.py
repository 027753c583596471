"""The hot commands before and after a change, side by side with Taskwarrior, in one run.

    python -m bench.before_after --before 204be17               # 10,000 handoffs, 9 runs each
    python -m bench.before_after --before main --sizes 1000,10000,100000 --repeat 7

The `--before` commit is unpacked into bench/out/before-<commit>/ (git archive) and
run from its own bytecode with the same Python and installed libraries; "after" is
this tree's installed `baton`. Each group (before, after, yardstick) alternates cold
processes in one loop, on its own copy of the generated home (send uses up drafts),
so the two ratios to the yardstick compare with each other.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from baton.core.ids import short_prefixes

from . import homes
from .__main__ import GOALS, ROOT, baton_argv
from .bytecode import compile_tree
from .compare_taskwarrior import Taskwarrior, version
from .results import Table, machine, ratio, seconds
from .timing import side_by_side

PACKAGES = {"core": "core", "sync": "sync", "tui": "tui", "checklists": "checklists"}
"""baton's packages and their folders in the source tree (pyproject.toml's package-dir)."""

LAUNCHER = """\
import sys
sys.path.insert(0, {lib!r})
try:
    from baton.tui.entry import main
except ImportError:  # a baton from before tui/entry.py
    from baton.tui.cli import main
sys.exit(main())
"""


def unpack(commit: str, out: Path) -> list[str]:
    """The commit's baton as an argv that runs it (from its own bytecode, this Python's libraries)."""
    sha = subprocess.run(["git", "rev-parse", "--short", commit], cwd=ROOT, capture_output=True, text=True, check=True)
    folder = out / f"before-{sha.stdout.strip()}"
    launcher = folder / "run.py"  # not baton.py: it would shadow the package
    if not launcher.exists():
        shutil.rmtree(folder, ignore_errors=True)
        source, lib = folder / "src", folder / "lib" / "baton"
        lib.mkdir(parents=True)
        with tempfile.TemporaryFile() as archive:
            subprocess.run(["git", "archive", commit], cwd=ROOT, stdout=archive, check=True)
            archive.seek(0)
            with tarfile.open(fileobj=archive) as tar:
                tar.extractall(source, filter="data")
        for package, path in PACKAGES.items():
            (lib / package).symlink_to(source / path, target_is_directory=True)
        compile_tree(*(source / path for path in PACKAGES.values() if path != "checklists"))
        launcher.write_text(LAUNCHER.format(lib=str(folder / "lib")), encoding="utf-8")
    return [sys.executable, str(launcher)]


def measure(size: int, before: list[str], after: list[str], env: dict[str, str], repeat: int, table: Table) -> None:
    """One size: each hot command before and after, each in one loop with its yardstick."""
    out = homes.OUT
    print(f"… {size:,}", file=sys.stderr, flush=True)
    source = homes.home_for(size, repeat + 2, root=out)
    runs: dict[str, Any] = {}
    for who in ("before", "after"):
        home = out / f"compare-{who}-{size}"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(source, home)
        runs[who] = {**env, "BATON_HOME": str(home)}
    tw_root = out / f"taskwarrior-compare-{size}"
    shutil.rmtree(tw_root, ignore_errors=True)  # fresh every run: `done` used up some tasks last time
    tw = Taskwarrior(tw_root)
    tw.import_from(source / "baton.db")
    pending = tw.pending_uuids()
    n = repeat + 2
    ids = homes.handoff_ids(source)
    shorts = short_prefixes(ids)
    rng = random.Random(5)
    shown = [shorts[rng.choice(ids)] for _ in range(n)]
    info = [pending[(k * 7919) % len(pending)] for k in range(n)]
    done = pending[-n:]
    ready = [shorts.get(i, i) for i in homes.ready_drafts(source)[:n]]
    groups: dict[str, dict[str, Any]] = {
        "baton show ID": {
            "before": (lambda k: [*before, "show", shown[k]], runs["before"]),
            "after": (lambda k: [*after, "show", shown[k]], runs["after"]),
            "yardstick": (lambda k: tw.argv(info[k], "info"), tw.env),
        },
        "baton send ID": {
            "before": (lambda k: [*before, "send", ready[k]], runs["before"]),
            "after": (lambda k: [*after, "send", ready[k]], runs["after"]),
            "yardstick": (lambda k: tw.argv(done[k], "done"), tw.env),
        },
        "baton list": {
            "before": ([*before, "list"], runs["before"]),
            "after": ([*after, "list"], runs["after"]),
            "yardstick": (tw.argv("list"), tw.env),
        },
        "baton list --all": {
            "before": ([*before, "list", "--all"], runs["before"]),
            "after": ([*after, "list", "--all"], runs["after"]),
            "yardstick": (tw.argv("list"), tw.env),
        },
        "baton --version": {
            "before": ([*before, "--version"], runs["before"]),
            "after": ([*after, "--version"], runs["after"]),
            "yardstick": ([sys.executable, "-c", "pass"], env),
        },
    }
    yardsticks = {
        "baton show ID": "task UUID info",
        "baton send ID": "task UUID done",
        "baton list": "task list",
        "baton list --all": "task list",
        "baton --version": "python -c pass",
    }
    for label, group in groups.items():
        measured = side_by_side(group, repeat, 2)
        yard = measured["yardstick"]
        cells = []
        for who in ("before", "after"):
            mine = measured[who]
            cells.append(
                f"{ratio(mine.median, yard.median)} (CPU {ratio(mine.median_cpu, yard.median_cpu)}; "
                f"{seconds(mine.median)}, CPU {seconds(mine.median_cpu)})"
            )
        table.add(f"{size:,}", f"`{label}` / `{yardsticks[label]}`", *cells, f"≤ {GOALS[label]:g}")
        print(
            f"{label}: {cells[0]} → {cells[1]} (yardstick {seconds(yard.median)}, CPU {seconds(yard.median_cpu)})",
            file=sys.stderr,
            flush=True,
        )
    shutil.rmtree(tw_root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="the commit to compare with (e.g. main's before the change)")
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    out = homes.OUT
    compile_tree()
    before, after = unpack(args.before, out), baton_argv()
    print(machine(version()).markdown(), flush=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    sizes = [int(s) for s in args.sizes.split(",")]
    table = Table(
        f"Before ({args.before}) and after, each against its yardstick in one loop ({args.repeat} runs each)",
        ["size", "measure", "before", "after", "goal"],
    )
    for size in sizes:
        measure(size, before, after, env, args.repeat, table)
    table.notes.append(
        "Each cell: ratio of medians to the yardstick measured in the same loop (wall, then CPU = user + system), "
        "then baton's own medians. Both sides run from bytecode (bench/bytecode.py)."
    )
    print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
