"""Benchmark results as Markdown tables, and the machine they came from.

Absolute times drift on shared machines; ratios measured in the same run do not,
so every comparison row carries one, with the goal it is held to.
"""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        self.rows.append([str(cell) for cell in cells])

    def markdown(self) -> str:
        lines = [f"### {self.title}", ""]
        if self.rows:
            lines.append("| " + " | ".join(self.headers) + " |")
            lines.append("|" + "|".join("---" for _ in self.headers) + "|")
            lines += ["| " + " | ".join(row) + " |" for row in self.rows]
            lines.append("")
        lines += [f"{note}  " for note in self.notes]
        return "\n".join(lines).rstrip() + "\n"


def seconds(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(ours: float, theirs: float) -> str:
    if not theirs or math.isnan(ours) or math.isnan(theirs):
        return "—"
    return f"{ours / theirs:.2f}"


def verdict(value: float | None, goal: float, at_most: bool = True) -> str:
    """`✓ ≤ 1.00` when the goal is met, `✗ ≤ 1.00` when not."""
    if value is None or math.isnan(value):
        return "—"
    met = value <= goal if at_most else value >= goal
    return f"{'✓' if met else '✗'} {'≤' if at_most else '≥'} {goal:g}"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(taskwarrior: str | None) -> Table:
    table = Table("Machine", ["", ""])
    table.add("date (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M"))
    table.add("nproc", len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
    table.add("CPU", cpu_model())
    table.add("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    table.add("Python", sys.version.split()[0])
    table.add("SQLite", sqlite3.sqlite_version)
    table.add("Taskwarrior", taskwarrior or "not installed")
    table.add("OS", platform.platform())
    return table
