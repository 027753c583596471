"""The disk goal's yardstick holding the same text: what the 2× gap is made of.

`bench.goals` gives each handoff to Taskwarrior as a task with its title, stages, tags and
dates, but not the checklist's answers, the waivers' and returns' reasons or the comments,
which a baton handoff exists to carry (and which are most of its event log). Here the same
tasks also hold every one of those texts as an annotation, as a team keeping its handoffs in
Taskwarrior would write them down. The goal itself stays as `bench.goals` measures it; this
only says how much of the gap is text the yardstick's tasks do not hold.

    python -m bench.disk_same_text --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys

from . import homes
from .compare_taskwarrior import Taskwarrior
from .goals import folder_bytes
from .results import Table


def texts_of(baton: list[str], home: os.PathLike[str]) -> dict[str, list[str]]:
    """Handoff id -> every text its export holds: answers, waiver reasons, the last return's reason."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")} | {"BATON_HOME": str(home)}
    out = subprocess.run([*baton, "export", "--format", "json", "--items"], env=env, capture_output=True, check=True)
    found: dict[str, list[str]] = {}
    for handoff in json.loads(out.stdout):
        texts = [f"{i['id']}: {i['value']}" for i in handoff["items"] if i["value"] not in (None, "", False)]
        texts += [f"{i['id']} waived: {i['waiver_reason']}" for i in handoff["items"] if i["waiver_reason"]]
        if handoff["last_return_reason"]:
            texts.append(f"returned: {handoff['last_return_reason']}")
        found[handoff["id"]] = texts
    return found


def main() -> int:
    from .__main__ import baton_argv

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000")
    args = parser.parse_args()
    baton = baton_argv()
    table = Table(
        "Disk: bytes per handoff / per task, the tasks with and without the handoffs' texts",
        [
            "size",
            "baton database",
            "Taskwarrior, tasks as in bench.goals",
            "ratio",
            "Taskwarrior, with the texts",
            "ratio",
        ],
    )
    for size in (int(s) for s in args.sizes.split(",")):
        home = homes.home_for(size, 9, root=homes.OUT)
        db = os.path.getsize(home / "baton.db") + sum(
            os.path.getsize(home / f) for f in ("baton.db-wal",) if (home / f).exists()
        )
        row = [f"{size:,}"]
        count = 0
        sizes = []
        for answers in (None, texts_of(baton, home)):
            root = homes.OUT / f"taskwarrior-texts-{size}"
            shutil.rmtree(root, ignore_errors=True)
            tw = Taskwarrior(root)
            count = tw.import_from(home / "baton.db", answers)
            sizes.append(folder_bytes(str(tw.data)) / count)
        per_handoff = db / count
        row.append(f"{per_handoff:,.0f} B")
        for per_task in sizes:
            row += [f"{per_task:,.0f} B", f"{per_handoff / per_task:.1f}"]
        table.add(*row)
    print(table.markdown(), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
