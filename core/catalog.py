"""The template catalog: built-in checklists plus the user's own.

User templates live in `<home>/checklists/*.toml`. For each id the highest version
wins, so a team can supersede a built-in by copying it and raising `version`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .checklist_cache import ChecklistCache
from .errors import NotFound, TemplateError
from .template import Template


@dataclass(frozen=True)
class Entry:
    template: Template
    source: str
    """Where it came from: `built-in` or the file's path."""


def builtin_entries(checked: ChecklistCache | None = None) -> list[Entry]:
    checked = checked or ChecklistCache(None)
    entries = []
    for resource in sorted(resources.files("baton.checklists").iterdir(), key=lambda r: r.name):
        if resource.name.endswith(".toml"):
            text = resource.read_text(encoding="utf-8")
            entries.append(Entry(checked.template(text, f"built-in {resource.name}"), "built-in"))
    return entries


def user_entries(folder: Path, checked: ChecklistCache | None = None) -> list[Entry]:
    if not folder.is_dir():
        return []
    checked = checked or ChecklistCache(None)
    entries = []
    for path in sorted(folder.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(str(path), [f"cannot read: {exc}"]) from None
        entries.append(Entry(checked.template(text, str(path)), str(path)))
    return entries


class Catalog:
    """Every template this replica can start a handoff from."""

    def __init__(self, user_folder: Path | None = None, cache_folder: Path | None = None) -> None:
        """`cache_folder`: where checked files are remembered (checklist_cache.py); None checks every file."""
        checked = ChecklistCache(cache_folder)
        entries = builtin_entries(checked) + (user_entries(user_folder, checked) if user_folder else [])
        checked.save()
        latest: dict[str, Entry] = {}
        for entry in entries:
            current = latest.get(entry.template.id)
            if (
                current is not None
                and current.template.version == entry.template.version
                and current.source != "built-in"
            ):
                raise TemplateError(
                    entry.source,
                    [f"id `{entry.template.id}` version {entry.template.version} is also defined in {current.source}"],
                )
            if current is None or entry.template.version >= current.template.version:
                latest[entry.template.id] = entry
        self.entries = dict(sorted(latest.items()))

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def get(self, template_id: str) -> Entry:
        entry = self.entries.get(template_id)
        if entry is None:
            known = ", ".join(self.entries) or "none"
            raise NotFound(f"no template {template_id!r} (known: {known})")
        return entry
