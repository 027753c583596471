"""A newcomer on a compacted team folder, at growing sizes: how long until they are ready.

    .venv/bin/python -m bench.newcomer --events 100000 300000 1000000
    .venv/bin/python -m bench.newcomer --events 100000 --before /path/to/older/checkout --rounds 2

For each size a generated team home (bench/generate.py, five replicas) is written
out as one segment per burst of 100 events and compacted as `baton sync --compact`
leaves it once everyone has acknowledged (bench/compaction.py): five signed
snapshots. Then a new teammate's first `sync_once` over it, each in a fresh
process, reporting wall and CPU seconds (user + system of that process: the
steadier figure on a shared machine), the CPU seconds of the second process that
reads segments ahead (sync/reading.py; "reader CPU", 0 when there is none),
peak memory of the importing process and of that second one ("reader MB": the
largest of the process's children). With `--before`, the same
import by an older checkout of baton alternates with this one in the same run
(before, after, after, before, ...), so both meet the same machine.

`--keep DIR` keeps the written folders there and reuses them on the next run
(writing a million events takes a quarter of an hour on two busy cores).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from baton.core.home import Home
from baton.core.replica import Replica

from .compaction import compact_copy, write_bursts
from .sync_import import build_home

FIRST_SYNC = """
import json, resource, shutil, sys, tempfile, time
from pathlib import Path
from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.run import sync_once
home = Path(tempfile.mkdtemp(prefix="baton-newcomer-"))
reader = Replica.init(Home(home / "home"), "newbie", sync_dir=sys.argv[1])
started, cpu = time.perf_counter(), time.process_time()
report = sync_once(reader)
wall, cpu = time.perf_counter() - started, time.process_time() - cpu
"""
"""A new teammate's first sync in a child process, timed (what both kinds of run below start with)."""
LEFT_AS_IT_WAS = """
reader.close()
shutil.rmtree(Path(sys.argv[1]) / "baton" / "v1" / "replicas" / reader.config.replica_id, ignore_errors=True)
"""
"""The newcomer's own folder taken away again, so the team's folder is the same for every run."""

CHILD = (
    FIRST_SYNC
    + LEFT_AS_IT_WAS
    + """
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": cpu, "child_cpu": children.ru_utime + children.ru_stime, "events": report.imported_events, "problems": len(report.problems),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "child_rss_mb": children.ru_maxrss // 1024,
                  "home": str(home)}))
"""
)


STARTED_CHILD = (
    FIRST_SYNC
    + """
from baton.core.hlc import now_ms
from baton.sync.folder import SyncFolder
from baton.sync.report import SyncReport
from baton.sync.starter import started_from
from baton.sync.starter_check import check
held = reader.store.conn.execute("SELECT count(*) FROM event_log").fetchone()[0]
taken = started_from(reader)
checked = SyncReport()
began, cpu_check = time.perf_counter(), time.process_time()
check(reader, SyncFolder(Path(sys.argv[1])), checked, now_ms)
check_wall, cpu_check = time.perf_counter() - began, time.process_time() - cpu_check
"""
    + LEFT_AS_IT_WAS
    + """
print(json.dumps({"wall": wall, "cpu": cpu, "events": held, "problems": len(report.problems), "started": bool(taken),
                  "check_wall": check_wall, "check_cpu": cpu_check, "check_said": [checked.history] + checked.warnings + [p.reason for p in checked.problems],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "home": str(home)}))
"""
)
"""A newcomer's first sync on a folder with a teammate's starter, then the check the next sync runs (timed apart)."""


def started_folder(folder: Path) -> Path:
    """`folder` (kept with its keys) plus a starter in one teammate's folder: made once, beside it."""
    from baton.core.team.keys import DeviceKey
    from baton.sync import starter
    from baton.sync.folder import read_replica_info
    from baton.sync.run import import_only

    target = folder.parent / "started"
    if (target / ".made").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["cp", "-al", str(folder), str(target)], check=True)  # links: the segments are the same files
    keys = folder.parent / "keys"
    signer = min(k.stem for k in keys.iterdir() if (folder / "baton" / "v1" / "replicas" / k.stem).is_dir())
    own = target / "baton" / "v1" / "replicas" / signer
    with tempfile.TemporaryDirectory(prefix="baton-signer-") as raw:
        mate = Replica.init(Home(Path(raw) / "home"), "signer", sync_dir=str(folder))
        import_only(mate)  # every event, checked, as the signer's own replica holds them
        key = DeviceKey.load(keys / f"{signer}.key")
        described = json.loads((own / "replica.json").read_text())  # as the signer's own baton writes it: with its key
        (own / "replica.tmp").write_text(json.dumps({**described, "public_key": key.public}))
        os.replace(own / "replica.tmp", own / "replica.json")  # a new file: the linked one stays as it was
        starter.write(mate.store, own, signer, read_replica_info(own).user, key, {})
        mate.close()
    (target / ".made").write_text("")
    return target


def team_folder(events: int, keep: Path | None) -> tuple[Path, Path | None]:
    """A compacted team folder of about `events` events: (the folder, a temp dir to remove or None)."""
    base = keep / f"newcomer-{events}" if keep else Path(tempfile.mkdtemp(prefix="baton-newcomer-bench-"))
    folder = base / "compacted"
    if folder.is_dir():
        return folder, None
    base.mkdir(parents=True, exist_ok=True)
    shared = base / "shared"
    shared.mkdir()
    home = build_home(base, events)
    _, keys = write_bursts(home, shared, 100)
    shutil.rmtree(home.root)
    compact_copy(shared, folder, keys)
    for replica_id, key in keys.items():  # a teammate's key signs the starter (`--starter`)
        key.save(base / "keys" / f"{replica_id}.key")
    shutil.rmtree(shared)
    return folder, None if keep else base


def shim(checkout: Path, into: Path) -> Path:
    """A folder that makes `import baton` find an older checkout's packages (core, sync, tui, checklists)."""
    package = into / "baton"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for name in ("core", "sync", "tui", "checklists"):
        (package / name).symlink_to(checkout.resolve() / name)
    return into


def newcomer(folder: Path, path: Path | None, child: str = CHILD) -> dict[str, Any]:
    """One newcomer's first sync in a fresh process; `path` puts an older baton first on the import path."""
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(path), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", child, str(folder)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the newcomer's import failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    shutil.rmtree(result.pop("home"), ignore_errors=True)
    return result


def run(sizes: list[int], before: Path | None, rounds: int, keep: Path | None) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="baton-newcomer-shim-") as raw:
        older = shim(before, Path(raw)) if before else None
        for size in sizes:
            folder, scratch = team_folder(size, keep)
            try:
                runs: dict[str, list[dict[str, Any]]] = {"after": [], "before": []}
                for round_ in range(rounds):
                    order = [("before", older), ("after", None)] if older else [("after", None)]
                    for label, path in order if round_ % 2 == 0 else order[::-1]:
                        runs[label].append(newcomer(folder, path))
                for label, results in runs.items():
                    if not results:
                        continue
                    events = results[0]["events"]
                    if any(r["events"] != events or r["problems"] for r in results):
                        raise SystemExit(f"{label}: the imports disagree or reported problems: {results}")
                    wall = statistics.median(r["wall"] for r in results)
                    cpu = statistics.median(r["cpu"] for r in results)
                    child = statistics.median(r.get("child_cpu", 0.0) for r in results)
                    rows.append(
                        {
                            "code": label,
                            "events": events,
                            "wall_s": wall,
                            "cpu_s": cpu,
                            "cpu_us_per_event": cpu / events * 1e6,
                            "child_cpu_s": child,
                            "peak_mb": max(r["rss_mb"] for r in results),
                            "reader_peak_mb": max(r.get("child_rss_mb", 0) for r in results),
                            "walls": [round(r["wall"], 2) for r in results],
                            "cpus": [round(r["cpu"], 2) for r in results],
                        }
                    )
            finally:
                if scratch is not None:
                    shutil.rmtree(scratch, ignore_errors=True)
    return rows


def run_started(sizes: list[int], rounds: int, keep: Path) -> list[dict[str, Any]]:
    """Per size: a newcomer importing every event, and one taking a starter (then its check), alternated."""
    rows = []
    for size in sizes:
        folder, _ = team_folder(size, keep)
        started = started_folder(folder)
        runs: dict[str, list[dict[str, Any]]] = {"every event": [], "starter": []}
        for round_ in range(rounds):
            order = [("every event", folder, CHILD), ("starter", started, STARTED_CHILD)]
            for label, where, child in order if round_ % 2 == 0 else order[::-1]:
                runs[label].append(newcomer(where, None, child))
        for label, results in runs.items():
            if any(r["problems"] for r in results) or (label == "starter") != all(r.get("started") for r in results):
                raise SystemExit(f"{label}: problems, or a starter taken or not as it should: {results}")
            rows.append(
                {
                    "how": label,
                    "events": results[0]["events"],
                    "wall_s": statistics.median(r["wall"] for r in results),
                    "cpu_s": statistics.median(r["cpu"] for r in results),
                    "check_wall_s": statistics.median(r.get("check_wall", 0.0) for r in results),
                    "check_cpu_s": statistics.median(r.get("check_cpu", 0.0) for r in results),
                    "peak_mb": max(r["rss_mb"] for r in results),
                    "said": results[0].get("check_said", []),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.newcomer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[20_000], help="about how many events, per size")
    parser.add_argument("--before", type=Path, help="an older checkout of baton to compare with, in the same run")
    parser.add_argument("--rounds", type=int, default=1, help="imports per code and size, alternated (default 1)")
    parser.add_argument("--keep", type=Path, help="keep the written folders here, and reuse them")
    parser.add_argument("--starter", action="store_true", help="every event vs a teammate's starter (needs --keep)")
    args = parser.parse_args(argv)
    if args.starter:
        print("how          events    ready wall s  ready CPU s  check wall s  check CPU s  peak MB")
        for row in run_started(args.events, args.rounds, args.keep or Path(tempfile.mkdtemp())):
            print(
                f"{row['how']:<11} {row['events']:>9,}  {row['wall_s']:>12.2f} {row['cpu_s']:>12.2f} "
                f"{row['check_wall_s']:>13.2f} {row['check_cpu_s']:>12.2f} {row['peak_mb']:>8,}  {row['said']}"
            )
        return 0
    print(
        "code    events      wall s   CPU s   CPU µs/event  reader CPU s  peak MB  reader MB  (each round: wall / CPU)"
    )
    for row in run(args.events, args.before, args.rounds, args.keep):
        print(
            f"{row['code']:<7} {row['events']:>9,}  {row['wall_s']:>8.2f} {row['cpu_s']:>7.2f} "
            f"{row['cpu_us_per_event']:>13.1f} {row['child_cpu_s']:>13.2f} {row['peak_mb']:>8,} {row['reader_peak_mb']:>10,}  "
            f"{row['walls']} / {row['cpus']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
