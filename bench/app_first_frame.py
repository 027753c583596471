"""Time to the first frame of the app's queue screen, and peak memory, for N handoffs.

Each measure runs in a fresh process (imports included, as a person starting
`baton` would wait for them) that opens the app headless on a generated home and
stops at the first frame that shows queue rows. Two views: the Inbox (what opens)
and the Team tab (every handoff in the database).

    python -m bench.app_first_frame 1000 100000
    python -m bench.app_first_frame --against-empty 10000 100000

`--against-empty` times baton's first frame from process start (the parent's clock
before it starts the process, to the first queue row drawn) against an empty
Textual app with a DataTable (bench/empty_app.py), alternating fresh processes in
one loop, and gives the ratio of the medians (wall clock, and CPU time to the first
row, steadier on a busy machine). `--before DIR` adds an earlier checkout (with its
own .venv) to the same loop:

    python -m bench.app_first_frame --against-empty --before /tmp/baton-before 1000 10000 100000
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

STARTED = time.perf_counter()


def measure(home: str, scope: str) -> dict[str, float]:
    """In this process: open the app on `home`, wait for rows drawn, report the figures."""
    from pathlib import Path

    from baton.core.home import Home
    from baton.tui.launch import build_app
    from baton.tui.screens.queues import QueuesScreen
    from baton.tui.widgets.queue_table import QueueTable
    from bench.memory import peak_mb

    app = build_app(Home(Path(home)))
    app.sync = None
    figures: dict[str, float] = {}

    def open_scope() -> None:
        app.push_screen(QueuesScreen(app.config.user, scope, classes=app.width_class()))
        app.after_first_frame(drawn)  # the queue says when it first showed: nothing polls meanwhile

    def drawn() -> None:
        table = app.screen.query_one(QueueTable)
        if table.first_rows_drawn is None and table.total != 0:  # the app's time limit came first
            app.set_timer(0.005, drawn)
            return
        at = table.first_rows_drawn or time.perf_counter()
        figures["cpu_s"] = table.first_rows_cpu or time.process_time()  # as the empty app's: at the first row
        figures["first_frame_s"] = at - STARTED
        figures["drawn_at"] = time.time() - (time.perf_counter() - at)
        figures["app_first_frame_s"] = at - app_started
        figures["rows"] = float(table.total or 0)
        app.replica  # noqa: B018 -- opened, as the app does next: the peak memory counts it
        app.exit()

    app._open_home = open_scope  # type: ignore[method-assign]
    figures["imports_s"] = time.perf_counter() - STARTED
    app_started = time.perf_counter()
    app.run(headless=True, size=(120, 40))
    figures["peak_rss_mb"] = peak_mb()
    return figures


def _child(home: str, scope: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.app_first_frame", "--measure", home, scope],
        capture_output=True,
        text=True,
        check=True,
        env=_cached_bytecode_env(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(handoffs: int, repeat: int = 3) -> dict[str, float | str]:
    """Best of `repeat` fresh starts, for the Inbox and the Team tab of a home with `handoffs`."""
    from bench import homes

    home = str(homes.home_for(handoffs, need_ready=0))
    result: dict[str, float | str] = {}
    for scope in ("inbox", "team"):
        runs = [_child(home, scope) for _ in range(repeat)]
        best = min(runs, key=lambda r: r["first_frame_s"])
        result[f"{scope}_first_frame_s"] = best["first_frame_s"]
        result[f"{scope}_app_first_frame_s"] = best["app_first_frame_s"]
        result[f"{scope}_imports_s"] = best["imports_s"]
        result[f"{scope}_rows"] = f"{int(best['rows']):,}"
        result[f"{scope}_peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return result


def _cached_bytecode_env() -> dict[str, str]:
    """This environment, but Python may keep compiled modules: a person's baton has them (pip compiles an
    install, an editable one writes them on its first run), as Textual's own came with it. Without them
    every start compiles baton's modules again and the comparison with the empty app is not fair."""
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _from_start(argv: list[str], cwd: str | None = None) -> dict[str, float]:
    """Run `argv` (it prints its figures, `drawn_at` among them); seconds from starting it to its first row."""
    started = time.time()
    out = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=cwd, env=_cached_bytecode_env())
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return {**figures, "from_start_s": figures["drawn_at"] - started}


def against_empty(
    handoffs: int, repeat: int = 7, scope: str = "inbox", before: str | None = None
) -> dict[str, float | str]:
    """baton's first frame from process start / an empty Textual app's, side by side, medians; peak memory.

    Beside them, Textual alone drawing the same widgets as baton's first screen (bench/same_widgets_app.py):
    `same_widgets_ratio` is what those widgets cost Textual, over the empty app.

    `before`: a checkout of an earlier baton with its own `.venv` (and this measuring protocol in its
    bench/), started in the same loop: before and after, side by side in one run.
    """
    import statistics
    from pathlib import Path

    from bench import homes

    home = str(homes.home_for(handoffs, need_ready=0))
    programs: dict[str, tuple[list[str], str | None]] = {
        "baton": ([sys.executable, "-m", "bench.app_first_frame", "--measure", home, scope], None),
        "empty_app": ([sys.executable, "-m", "bench.empty_app"], None),
        "same_widgets": ([sys.executable, "-m", "bench.same_widgets_app"], None),
    }
    if before:
        python = str(Path(before) / ".venv" / "bin" / "python")
        programs["before"] = ([python, "-m", "bench.app_first_frame", "--measure", home, scope], before)
    for argv, cwd in programs.values():
        _from_start(argv, cwd)  # warm the file cache for each, and let each keep its compiled modules
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
    for _ in range(repeat):
        for name, (argv, cwd) in programs.items():
            runs[name].append(_from_start(argv, cwd))
    result: dict[str, float | str] = {"rows": f"{int(runs['baton'][0]['rows']):,}"}
    empty_s = statistics.median(r["from_start_s"] for r in runs["empty_app"])
    empty_cpu = statistics.median(r.get("cpu_s", 0.0) for r in runs["empty_app"])
    for name in programs:
        wall = statistics.median(r["from_start_s"] for r in runs[name])
        result[f"{name}_first_frame_s"] = wall
        result[f"{name}_cpu_s"] = statistics.median(r.get("cpu_s", 0.0) for r in runs[name])
        result[f"{name}_peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs[name])
        if name != "empty_app":
            result[f"{name}_ratio" if name != "baton" else "ratio"] = round(wall / empty_s, 2)
            cpu = statistics.median(r.get("cpu_s", 0.0) for r in runs[name])
            if cpu and empty_cpu:
                result[f"{name}_cpu_ratio"] = round(cpu / empty_cpu, 2)
    return result


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    elif sys.argv[1:2] == ["--against-empty"]:
        args = sys.argv[2:]
        before = args[args.index("--before") + 1] if "--before" in args else None
        sizes = [int(a) for a in args if a.isdigit()]
        for size in sizes or [10_000, 100_000]:
            print(size, json.dumps(against_empty(size, before=before)), flush=True)
    else:
        for size in [int(a) for a in sys.argv[1:]] or [1_000, 100_000]:
            print(size, json.dumps(run(size)), flush=True)
