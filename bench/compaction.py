"""A newcomer's first sync: a folder of one segment per burst of edits against the same folder compacted.

    .venv/bin/python -m bench.compaction --events 100000 --burst 100

A generated team home (bench/generate.py, five replicas) is written out as each
replica's export would, one segment per `--burst` events (a settled burst of
edits), signed and chained. A copy of that folder is then compacted as
`baton sync --compact` does once every teammate has acknowledged everything: each
replica's segments folded into one signed snapshot (sync/compaction.py). Then, in
one run, a new teammate's `sync_once` over each folder, alternated, median of
`--rounds`. Both folders hold the same events; the figures are the file counts and
the newcomer's seconds, and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from baton.core.home import Home
from baton.sync import segment
from baton.sync.compaction import write_snapshot

from .sync_import import baton_import, build_home, write_team_segments


def write_bursts(home: Home, shared: Path, burst: int) -> tuple[int, dict[str, Any]]:
    """Every replica's events as segments of `burst` events; (events, device key by replica)."""
    total, _, keys = write_team_segments(home, shared, burst)
    return total, keys


def compact_copy(shared: Path, target: Path, keys: dict[str, Any]) -> None:
    """`target`: `shared` with every replica's segments folded into one snapshot, as compaction writes it."""
    shutil.copytree(shared, target)
    for own in sorted((target / "baton" / "v1" / "replicas").iterdir()):
        files = sorted((segment.parse_name(p.name).seq, p) for p in own.glob("*.jsonl"))  # type: ignore[union-attr]
        if len(files) < 2:
            continue
        lines: list[bytes] = []
        tip = ""
        for _, path in files:
            found = segment.read(path)
            lines += found.lines
            tip = found.sha256
        write_snapshot(own, own.name, files[-1][0], lines, tip, keys[own.name])
        for _, path in files:
            path.unlink()


def run(events: int, burst: int, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="baton-compaction-bench-") as raw:
        root = Path(raw)
        shared, compacted = root / "shared", root / "compacted"
        shared.mkdir()
        home = build_home(root, events)
        count, keys = write_bursts(home, shared, burst)
        shutil.rmtree(home.root)
        compact_copy(shared, compacted, keys)
        times: dict[str, list[float]] = {"segments": [], "compacted": []}
        for round_ in range(rounds):
            order = [("segments", shared), ("compacted", compacted)]
            for label, folder in order if round_ % 2 == 0 else order[::-1]:
                name = f"{label}{round_}"
                spent, _, imported = baton_import(root, folder, name)
                if imported != count:
                    raise SystemExit(f"{label}: imported {imported} of {count} events")
                times[label].append(spent)
                shutil.rmtree(root / name)
        plain, folded = (statistics.median(times[k]) for k in ("segments", "compacted"))
        return {
            "events": count,
            "files_segments": len(list(shared.rglob("*.jsonl"))),
            "files_compacted": len(list(compacted.rglob("*.jsonl"))),
            "newcomer_segments_s": plain,
            "newcomer_compacted_s": folded,
            "ratio_compacted_to_segments": folded / plain,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compaction", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000, help="about how many events (default 20,000)")
    parser.add_argument("--burst", type=int, default=100, help="events per segment before compaction (default 100)")
    parser.add_argument("--rounds", type=int, default=1, help="newcomer syncs per folder, alternated (default 1)")
    args = parser.parse_args(argv)
    for key, value in run(args.events, args.burst, args.rounds).items():
        print(f"{key:<28}  {value:,}" if isinstance(value, int) else f"{key:<28}  {value:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
