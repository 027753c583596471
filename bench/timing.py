"""Timing cold processes side by side.

Every comparison runs both commands in the same loop, alternating (A B A B …),
so a machine that slows down halfway slows both. Each run is a fresh process:
start-up is part of what a person waits for. We keep wall time (what a person
feels) and CPU time (user + system, steadier on a busy machine), and report
medians.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Command = Sequence[str] | Callable[[int], Sequence[str]]
"""A fixed argv, or one made per repetition (for commands that use up their input, like send)."""


@dataclass
class Runs:
    """Repeated runs of one command."""

    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.wall) if self.wall else float("nan")

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


class CommandFailed(RuntimeError):
    pass


def run_once(argv: Sequence[str], env: dict[str, str], runs: Runs, cwd: str | None = None) -> None:
    """One cold run; stdout is read through a pipe (as a pager would) and thrown away."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(list(argv), env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        while process.stdout.read(1 << 16):
            pass
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        process.stdout.close()
        if code != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()[:300]
            runs.failures.append(f"`{' '.join(argv)}` exited {code}: {message}")
            return
    runs.wall.append(elapsed)
    runs.cpu.append(usage.ru_utime + usage.ru_stime)


def side_by_side(
    commands: dict[str, tuple[Command, dict[str, str]]], repetitions: int, warmup: int = 1, cwd: str | None = None
) -> dict[str, Runs]:
    """Run every command `repetitions` times, interleaved, after `warmup` untimed runs of each.

    Raises CommandFailed when a command fails: a benchmark of an error is no benchmark.
    """
    results = {label: Runs(label) for label in commands}
    scratch = {label: Runs(label) for label in commands}
    counters = {label: 0 for label in commands}

    def argv(label: str, command: Command) -> Sequence[str]:
        index = counters[label]
        counters[label] += 1
        return command(index) if callable(command) else command

    for _ in range(warmup):
        for label, (command, env) in commands.items():
            run_once(argv(label, command), env, scratch[label], cwd)
    for _ in range(repetitions):
        for label, (command, env) in commands.items():
            run_once(argv(label, command), env, results[label], cwd)
    for runs in (*scratch.values(), *results.values()):
        if runs.failures:
            raise CommandFailed(runs.failures[0])
    return results
