"""Checklists the team knows: a handoff pins its checklist by content hash.

The hash is SHA-256 of the checklist snapshot a `created` event carries, in
canonical JSON. Built-in checklists are known by their hash; the team's own are
known once a lead publishes them (a `checklist_published` roster event). A copy
with a built-in's id and version but other items has another hash, so it is
"unapproved": flagged on every replica, and its sends are not applied.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .signing import canonical


def checklist_hash(snapshot: dict[str, Any]) -> str:
    """The content hash of a checklist snapshot (a `Template.as_dict()`)."""
    import hashlib  # OpenSSL loads with the first hash, not with every fold

    return hashlib.sha256(canonical(snapshot)).hexdigest()


@lru_cache(maxsize=1)
def builtin_checklists() -> dict[str, dict[str, Any]]:
    """Every built-in checklist this baton ships, by content hash.

    Every fold of a handoff in a team asks it, `show` and `send` included: the files are read
    through the home's cache of checked checklists (checklist_cache.py, keyed by content, so
    any home's is right), not checked against the schema again in every process.
    """
    from ..catalog import builtin_entries, earlier_builtin_entries
    from ..checklist_cache import ChecklistCache
    from ..home import Home

    try:
        root: Path | None = Home.locate().root
    except Exception:  # no home to keep it in: every file is checked, as without a cache
        root = None
    checked = ChecklistCache(root if root is not None and root.is_dir() else None)
    found: dict[str, dict[str, Any]] = {}
    entries = builtin_entries(checked) + earlier_builtin_entries(checked)  # a handoff pinned to one still counts
    checked.save()
    for entry in entries:
        snapshot = entry.template.as_dict()
        found[checklist_hash(snapshot)] = snapshot
    return found


def differences(snapshot: dict[str, Any], known: dict[str, Any] | None) -> list[str]:
    """What a checklist changes against the known version of its id, in words (most telling first)."""
    if known is None:
        return [f"no checklist `{snapshot.get('id')}` is known to the team"]
    said: list[str] = []
    if snapshot.get("version") != known.get("version"):
        said.append(f"version {snapshot.get('version')} (known: {known.get('version')})")
    mine = {str(i.get("id")): i for i in snapshot.get("items", []) if isinstance(i, dict)}
    theirs = {str(i.get("id")): i for i in known.get("items", []) if isinstance(i, dict)}
    made_optional = [i for i in theirs if i in mine and theirs[i].get("required") and not mine[i].get("required")]
    if made_optional:
        said.append("required items made optional: " + ", ".join(made_optional))
    dropped = [i for i in theirs if i not in mine]
    if dropped:
        said.append("items removed: " + ", ".join(dropped))
    added = [i for i in mine if i not in theirs]
    if added:
        said.append("items added: " + ", ".join(added))
    changed = [i for i in theirs if i in mine and i not in made_optional and mine[i] != theirs[i]]
    if changed:
        said.append("items changed: " + ", ".join(changed))
    rest = sorted(
        k for k in set(snapshot) | set(known) if k not in ("items", "version") and snapshot.get(k) != known.get(k)
    )
    if rest:
        said.append("fields changed: " + ", ".join(rest))
    return said or ["the same items in another form"]
