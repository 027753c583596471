"""Compile baton's modules to bytecode before anything is timed.

An installed baton runs from bytecode (pip compiles it at install). An editable
install in a shell that sets PYTHONDONTWRITEBYTECODE never writes any, so every
cold process would compile every module from source again: tens of milliseconds
that no user pays, and that would swamp what the hot commands' goals measure.
"""

from __future__ import annotations

import compileall
import importlib
from pathlib import Path

PACKAGES = ("baton.core", "baton.sync", "baton.tui")
"""The packages with code (baton.checklists holds data)."""


def package_dirs() -> list[Path]:
    return [Path(p) for name in PACKAGES for p in importlib.import_module(name).__path__]


def compile_tree(*roots: Path) -> None:
    """Write the bytecode of every module under `roots` (default: this baton's packages), quietly."""
    for root in roots or tuple(package_dirs()):
        compileall.compile_dir(str(root), quiet=1)
