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
one loop, and gives the ratio of the medians.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

STARTED = time.perf_counter()


def measure(home: str, scope: str) -> dict[str, float]:
    """In this process: open the app on `home`, wait for rows drawn, report the figures."""
    import resource
    from pathlib import Path

    from baton.core.home import Home
    from baton.tui.launch import build_app
    from baton.tui.screens.queues import QueuesScreen
    from baton.tui.widgets.queue_table import QueueTable

    app = build_app(Home(Path(home)))
    app.sync = None
    figures: dict[str, float] = {}

    def open_scope() -> None:
        app.push_screen(QueuesScreen(app.replica.user, scope))
        app.set_interval(0.002, watch)

    def watch() -> None:
        table = app.screen.query(QueueTable).first() if app.screen.query(QueueTable) else None
        if table is not None and (table.first_rows_drawn or table.total == 0):
            drawn = table.first_rows_drawn or time.perf_counter()
            figures["first_frame_s"] = drawn - STARTED
            figures["drawn_at"] = time.time() - (time.perf_counter() - drawn)
            figures["app_first_frame_s"] = drawn - app_started
            figures["rows"] = float(table.total or 0)
            app.exit()

    app._open_home = open_scope  # type: ignore[method-assign]
    figures["imports_s"] = time.perf_counter() - STARTED
    app_started = time.perf_counter()
    app.run(headless=True, size=(120, 40))
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _child(home: str, scope: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.app_first_frame", "--measure", home, scope],
        capture_output=True,
        text=True,
        check=True,
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


def _from_start(argv: list[str]) -> dict[str, float]:
    """Run `argv` (it prints its figures, `drawn_at` among them); seconds from starting it to its first row."""
    started = time.time()
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return {**figures, "from_start_s": figures["drawn_at"] - started}


def against_empty(handoffs: int, repeat: int = 7, scope: str = "inbox") -> dict[str, float | str]:
    """baton's first frame from process start / an empty Textual app's, side by side, medians; peak memory."""
    import statistics

    from bench import homes

    home = str(homes.home_for(handoffs, need_ready=0))
    ours = [sys.executable, "-m", "bench.app_first_frame", "--measure", home, scope]
    empty = [sys.executable, "-m", "bench.empty_app"]
    _from_start(ours), _from_start(empty)  # warm the file cache for both
    baton_runs, empty_runs = [], []
    for _ in range(repeat):
        baton_runs.append(_from_start(ours))
        empty_runs.append(_from_start(empty))
    baton_s = statistics.median(r["from_start_s"] for r in baton_runs)
    empty_s = statistics.median(r["from_start_s"] for r in empty_runs)
    return {
        "baton_first_frame_s": baton_s,
        "empty_app_first_frame_s": empty_s,
        "ratio": round(baton_s / empty_s, 2),
        "rows": f"{int(baton_runs[0]['rows']):,}",
        "baton_peak_rss_mb": max(r["peak_rss_mb"] for r in baton_runs),
        "empty_peak_rss_mb": max(r["peak_rss_mb"] for r in empty_runs),
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    elif sys.argv[1:2] == ["--against-empty"]:
        for size in [int(a) for a in sys.argv[2:]] or [10_000, 100_000]:
            print(size, json.dumps(against_empty(size)), flush=True)
    else:
        for size in [int(a) for a in sys.argv[1:]] or [1_000, 100_000]:
            print(size, json.dumps(run(size)), flush=True)
