"""The template catalog: built-in checklists plus the user's own.

User templates live in `<home>/checklists/*.toml`. For each id the highest version
wins, so a team can supersede a built-in by copying it and raising `version` (the
same version replaces it too). That is never silent: an entry that takes a built-in's
place names it (`overrides`), which `templates list` shows and `templates validate`
warns about (`builtin_overlap`), since a copy made for a test can hide the built-in
from everyone starting a handoff on that home.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from .checklist_cache import ChecklistCache
from .errors import NotFound, TemplateError
from .template import Template, checklist_text


@dataclass(frozen=True)
class Entry:
    template: Template
    source: str
    """Where it came from: `built-in` or the file's path."""
    overrides: Template | None = None
    """The built-in checklist with this id that this file takes the place of; None for a built-in or an id of
    its own."""


def builtin_entries(checked: ChecklistCache | None = None) -> list[Entry]:
    checked = checked or ChecklistCache(None)
    entries = []
    for resource in sorted(resources.files("baton.checklists").iterdir(), key=lambda r: r.name):
        if resource.name.endswith(".toml"):
            text = resource.read_text(encoding="utf-8")
            entries.append(Entry(checked.template(text, f"built-in {resource.name}"), "built-in"))
    return entries


def earlier_builtin_entries(checked: ChecklistCache | None = None) -> list[Entry]:
    """Built-in checklists this baton no longer offers (checklists/earlier/): a handoff pinned to one stays known."""
    checked = checked or ChecklistCache(None)
    folder = resources.files("baton.checklists").joinpath("earlier")
    return [
        Entry(checked.template(resource.read_text(encoding="utf-8"), f"built-in earlier/{resource.name}"), "built-in")
        for resource in sorted(folder.iterdir(), key=lambda r: r.name)
        if resource.name.endswith(".toml")
    ]


def user_entries(folder: Path, checked: ChecklistCache | None = None) -> list[Entry]:
    if not folder.is_dir():
        return []
    checked = checked or ChecklistCache(None)
    entries = []
    for path in sorted(folder.glob("*.toml")):
        text = checklist_text(path)
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
                builtin = current.template if current is not None and current.source == "built-in" else None
                builtin = builtin or (current.overrides if current is not None else None)
                latest[entry.template.id] = replace(entry, overrides=builtin) if builtin is not None else entry
        self.entries = dict(sorted(latest.items()))

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def get(self, template_id: str) -> Entry:
        entry = self.entries.get(template_id)
        if entry is None:
            from .near_miss import did_you_mean

            meant = did_you_mean(template_id, self.entries)  # a typo names the one it missed, not all of them
            known = meant or f" (known: {', '.join(self.entries) or 'none'})"
            raise NotFound(f"no template {template_id!r}{known}")
        return entry


def builtin_overlap(template: Template) -> str | None:
    """What a checklist file with a built-in's id does in a home's checklists folder, in words; None when its id is
    its own. The same rule as `Catalog`: the higher version wins, and the same version replaces the built-in."""
    builtin = next((e.template for e in builtin_entries() if e.template.id == template.id), None)
    if builtin is None:
        return None
    if template.version >= builtin.version:
        return (
            f"has the id of the built-in {builtin.id} v{builtin.version}: in your checklists folder it replaces it "
            "for every handoff started there (give it an id of its own to keep both)"
        )
    return (
        f"has the id of the built-in {builtin.id} v{builtin.version}, which is newer: in your checklists folder it "
        f"is passed over (raise its version above {builtin.version} to replace the built-in, or give it an id of "
        "its own)"
    )
