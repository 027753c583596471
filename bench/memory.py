"""This process's own peak memory, in MB.

`getrusage(RUSAGE_SELF).ru_maxrss` is the wrong figure for a process a benchmark
starts: Linux carries the high-water mark over `execve`, so a child reports at
least the peak of the parent that started it. `bench.goals` loads every handoff of
the 100,000 home into memory to fill Taskwarrior (about 220 MB) before it starts
the app, and every app start after that read 238 MB while the app itself peaked
at 44 MB. `VmHWM` in /proc/self/status is the high-water mark of this process's
own memory since it started this program; ru_maxrss stays the answer where there
is no /proc (macOS, which counts it in bytes).
"""

from __future__ import annotations

import resource
import sys


def peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024
