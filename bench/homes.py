"""Generated replica homes for the benchmarks, kept under bench/out/ between runs.

A 100,000-handoff home takes a couple of minutes to build, so it is reused while
it still has enough of maya's ready drafts for the `send` runs (each run sends
some); `--fresh` builds everything again.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from .generate import generate

OUT = Path(__file__).resolve().parent / "out"
READY_DRAFTS = 60
SEED = 1
GENERATOR_VERSION = 1
"""Raise when the generator changes what it writes, so old homes are rebuilt."""


def ready_drafts(home: Path) -> list[str]:
    """maya's drafts that pass the gate: each can be sent once."""
    with sqlite3.connect(home / "baton.db") as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT id FROM handoffs WHERE sender = 'maya' AND status = 'draft' AND blockers = 0 ORDER BY id"
            )
        ]


def handoff_ids(home: Path) -> list[str]:
    with sqlite3.connect(home / "baton.db") as conn:
        return [r[0] for r in conn.execute("SELECT id FROM handoffs ORDER BY id")]


def _layouts() -> str:
    from baton.core.report_tables import REPORT_LAYOUT
    from baton.core.schema import PROJECTION_LAYOUT

    return f"{PROJECTION_LAYOUT}/{REPORT_LAYOUT}"


def home_for(size: int, need_ready: int, root: Path | None = None, fresh: bool = False) -> Path:
    """A home with `size` handoffs (plus ready drafts), reused when it is still usable.

    `root` defaults to `OUT` as it is when called (a smoke run points it at a temp dir).
    """
    home = (root or OUT) / f"home-{size}"
    marker = home / "generated.json"
    # A home made under another layout is made again: the move on first open would otherwise fall inside a
    # timed run, and the disk figure would be the old layout's.
    expected = {"handoffs": size, "seed": SEED, "generator": GENERATOR_VERSION, "layout": _layouts()}
    if not fresh and marker.exists():
        try:
            if json.loads(marker.read_text()) == expected and len(ready_drafts(home)) >= need_ready:
                return home
        except (ValueError, sqlite3.Error):
            pass
    shutil.rmtree(home, ignore_errors=True)
    generate(home, size, seed=SEED, ready_drafts=max(READY_DRAFTS, need_ready))
    marker.write_text(json.dumps(expected))
    return home
