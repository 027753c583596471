"""House rules that hold for the whole tree: short modules, and the replica owning its lock."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for folder in ("core", "sync", "tui") for p in sorted((ROOT / folder).rglob("*.py"))]


def test_no_source_module_is_over_400_lines():
    long = {
        str(p.relative_to(ROOT)): n for p in SOURCES if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_the_app_never_takes_the_stores_lock_or_opens_a_transaction_itself():
    """Screens ask the replica (`replica.lock`, its write methods): one lock, one transaction path."""
    reaching_in = re.compile(r"store\.lock|\.atomic\(|\.writing\(|BEGIN IMMEDIATE")
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in SOURCES
        if p.is_relative_to(ROOT / "tui")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if reaching_in.search(line)
    ]
    assert found == []
