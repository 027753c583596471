"""A store's move to this version's layout on its first open, before and after it says its progress.

    python -m bench.layout_move --before main --home bench/out/home-10000 --repeat 5
    python -m bench.layout_move --before main --size 10000     # a generated home, marked as of layout 7

Each run is a cold `baton list` on a fresh copy of a store of an older layout: the command opens the store,
which moves it (every handoff folded again, then one VACUUM), then lists the inbox. Three groups alternate in
one loop: the `--before` commit (bench/before_after.py unpacks it), this tree with stderr to a file (the log's
line each tenth of the way) and this tree with stderr on a terminal (a pseudo-terminal: the line redrawn in
place). `--home` names a store of an older layout to copy (main's bench/out/home-10000 was generated at layout
7); without it a home is generated and its PROJECTION_LAYOUT mark set back to 7, which moves it the same way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import homes
from .__main__ import baton_argv
from .before_after import unpack


def run(argv: list[str], source: Path, scratch: Path, terminal: bool) -> tuple[float, float, str]:
    """One cold `baton list` on a fresh copy of `source`: wall, CPU (user + system) and what it said on stderr."""
    home = scratch / "home"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(source, home)
    env = {**os.environ, "BATON_HOME": str(home)}
    env.pop("BATON_DEBUG", None)
    with tempfile.TemporaryFile() as log:
        leader, follower = os.openpty() if terminal else (-1, log.fileno())
        started = time.perf_counter()
        process = subprocess.Popen([*argv, "list"], env=env, stdout=subprocess.DEVNULL, stderr=follower)
        said = b""
        if terminal:
            os.close(follower)
            said = _drained(leader)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if not terminal:
            log.seek(0)
            said = log.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"`{' '.join(argv)} list` failed: {said.decode(errors='replace')[:300]}")
    return elapsed, usage.ru_utime + usage.ru_stime, said.decode(errors="replace")


def _drained(leader: int) -> bytes:
    """What the process wrote to its terminal, read as it comes (a terminal's buffer is small) until it closes."""
    said = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the process closed its end
            break
        if not chunk:
            break
        said += chunk
    os.close(leader)
    return said


def older_home(size: int, out: Path) -> Path:
    """A generated home whose store says it is of PROJECTION_LAYOUT 7: opening it moves it."""
    source = homes.home_for(size, 0, root=out)
    home = out / f"layout-move-{size}"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(source, home)
    with sqlite3.connect(home / "baton.db") as conn:
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'projection_layout'")
    return home


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default="main", help="the commit to compare with")
    parser.add_argument("--home", help="a home whose store is of an older layout (copied, never changed)")
    parser.add_argument("--size", type=int, default=10_000, help="handoffs of the generated home (without --home)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    out = homes.OUT
    out.mkdir(parents=True, exist_ok=True)
    source = Path(args.home) if args.home else older_home(args.size, out)
    groups = {
        "before": (unpack(args.before, out), False),
        "after, stderr to a file": (baton_argv(), False),
        "after, stderr on a terminal": (baton_argv(), True),
    }
    walls: dict[str, list[float]] = {label: [] for label in groups}
    cpus: dict[str, list[float]] = {label: [] for label in groups}
    said: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(args.repeat):
            for label, (command, terminal) in groups.items():
                wall, cpu, text = run(command, source, Path(scratch), terminal)
                walls[label].append(wall)
                cpus[label].append(cpu)
                said[label] = text
                print(f"… {n + 1}/{args.repeat} {label}: {wall:.2f} s, CPU {cpu:.2f} s", file=sys.stderr, flush=True)
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| run | wall (median, min–max) | CPU (median, min–max) | what stderr got |")
    print("|---|---|---|---|")
    for label in groups:
        w, c = walls[label], cpus[label]
        lines = said[label].replace("\r\n", "\n").count("\n")
        redraws = said[label].count("\r") - said[label].count("\r\n")
        what = f"{lines} lines" + (f", {redraws} redraws" if redraws else "")
        print(
            f"| {label} | {statistics.median(w):.2f} s ({min(w):.2f}–{max(w):.2f}) "
            f"| {statistics.median(c):.2f} s ({min(c):.2f}–{max(c):.2f}) | {what} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
