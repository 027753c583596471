"""The benchmarks' peak memory is the measured process's own, not the peak of the process that started it.

The app once read 238 MB at 100,000 handoffs in `bench.goals` and 44 MB everywhere
else: Linux carries `ru_maxrss` over exec, and the goals run had just held every
handoff in memory for Taskwarrior. This reproduces it with a parent that peaks at
200 MB, and shows `bench.memory.peak_mb` is not fooled.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PARENT = """
import json, subprocess, sys
held = bytearray(200 * 1024 * 1024)
for i in range(0, len(held), 4096):
    held[i] = 1  # touched, so it is resident
del held
child = '''
import json, resource
from bench.memory import peak_mb
print(json.dumps({"ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "peak_mb": peak_mb()}))
'''
print(subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True).stdout)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is read from /proc (Linux)")
def test_a_child_reports_its_own_peak_not_its_parents():
    out = subprocess.run([sys.executable, "-c", PARENT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["ru_maxrss_mb"] >= 200  # the parent's peak, carried over exec: the 238 MB
    assert figures["peak_mb"] < 100  # the child's own: a bare interpreter
