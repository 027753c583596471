"""Taskwarrior as the yardstick: what a team would use instead, on the same amount of work.

Each handoff becomes one task (same title as description, its transition as the
project, tags, due date, entry time): open handoffs are pending tasks, accepted ones
completed, cancelled ones deleted. The tasks go in through `task import` of one
JSON file. The rc file keeps Taskwarrior's defaults except what would otherwise
prompt or print banners: `confirmation=off`, `verbose=nothing`, `hooks=off`.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

INSTALL_HINT = "install it with `apt-get install taskwarrior` (Debian/Ubuntu) to compare"
STATUS = {"draft": "pending", "sent": "pending", "returned": "pending", "accepted": "completed", "cancelled": "deleted"}


def version() -> str | None:
    """Taskwarrior's version, or None when `task` is not installed."""
    if shutil.which("task") is None:
        return None
    try:
        result = subprocess.run(
            ["task", "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            env={"PATH": "/usr/bin:/bin:/usr/local/bin", "TASKRC": "/dev/null"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def _stamp(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y%m%dT%H%M%SZ")


class Taskwarrior:
    """A Taskwarrior data folder and rc file, filled from a baton home's handoffs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.rc = root / "taskrc"
        self.data.mkdir(parents=True, exist_ok=True)
        self.rc.write_text(
            f"data.location={self.data}\nconfirmation=off\nverbose=nothing\nhooks=off\n", encoding="utf-8"
        )
        self.env = {"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(root), "TASKRC": str(self.rc)}

    def task(self, *args: str) -> str:
        result = subprocess.run(["task", *args], env=self.env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"task {' '.join(args)} failed: {result.stderr.strip()[:300]}")
        return result.stdout

    def import_from(self, database: Path, answers: dict[str, list[str]] | None = None) -> int:
        """One task per handoff of a baton database; returns how many were imported.

        With `answers` (handoff id -> the texts its checklist holds), each text is an annotation of the task,
        as a team keeping handoffs in Taskwarrior would keep what the sender wrote (bench/disk_same_text.py)."""
        tasks = []
        with sqlite3.connect(database) as conn:
            rows = conn.execute(
                "SELECT id, title, from_stage, to_stage, status, due, created_at, updated_at, "
                "return_count, receiver FROM handoffs ORDER BY created_at"
            ).fetchall()
        for handoff_id, title, from_stage, to_stage, status, due, created, updated, returns, receiver in rows:
            task = {
                "uuid": str(uuid.UUID(handoff_id)),
                "description": title,
                "project": f"{from_stage}.{to_stage}",
                "status": STATUS[status],
                "entry": _stamp(created),
                "modified": _stamp(updated),
                "tags": ["handoff", receiver] + (["bounced"] if returns else []),
            }
            if due:
                task["due"] = due.replace("-", "") + "T000000Z"
            if task["status"] != "pending":
                task["end"] = _stamp(updated)
            if answers and answers.get(handoff_id):
                task["annotations"] = [{"entry": _stamp(created), "description": text} for text in answers[handoff_id]]
            tasks.append(task)
        source = self.root / "tasks.json"
        source.write_text(json.dumps(tasks), encoding="utf-8")
        self.task("import", str(source))
        self.task("list")  # the first report moves finished tasks out of pending.data, as it would for a user
        return len(tasks)

    def pending_uuids(self) -> list[str]:
        return [task["uuid"] for task in json.loads(self.task("status:pending", "export"))]

    def argv(self, *args: str) -> list[str]:
        return ["task", *args]
