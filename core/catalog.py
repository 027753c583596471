"""The template catalog: built-in checklists plus the user's own.

User templates live in `<home>/checklists/*.toml`. For each id the highest version
wins, so a team can supersede a built-in by copying it and raising `version` (the
same version replaces it too). That is never silent: an entry that takes a built-in's
place names it (`overrides`), which `templates list` shows and `templates validate`
warns about (`builtin_overlap`), since a copy made for a test can hide the built-in
from everyone starting a handoff on that home.

A file that cannot be used (not TOML, refused by the schema, unreadable, a second file with
the same id and version) is skipped, never fatal: every other checklist still works, and the
catalog keeps why (`skipped`) for `templates list` and the app to say. The id such a file
gives itself is held back, built-in included: `new` with it says what is wrong with the file
rather than quietly starting on a checklist the file was meant to replace.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from .checklist_cache import ChecklistCache
from .errors import NotFound, TemplateError
from .template import IDENT, Template, checklist_text


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


@dataclass(frozen=True)
class Skipped:
    """A file in the home's checklists folder that cannot be used, and why."""

    source: str
    """The file's path."""
    problems: list[str]
    claims: str | None = None
    """The id the file gives itself, when it can be read that far; None for a file that is not even TOML."""

    @property
    def reason(self) -> str:
        """Why, in one line: the first problem, and how many more `templates validate` lists."""
        first = self.problems[0] if self.problems else "cannot be used"
        rest = len(self.problems) - 1
        if rest <= 0:
            return first
        return f"{first} (and {rest:,} more problem{'' if rest == 1 else 's'}: baton templates validate {self.source})"

    def refusal(self) -> TemplateError:
        """What `new` or `templates show` with this file's id says."""
        return TemplateError(self.source, [f"cannot be used: {self.reason}"])


def skipped_words(skipped: list[Skipped]) -> str:
    """Which files were left out, in one sentence for a place with no room for each reason; "" for none."""
    if not skipped:
        return ""
    names = ", ".join(Path(s.source).name for s in skipped)
    files = "file" if len(skipped) == 1 else "files"
    return f"Skipped checklist {files} that cannot be used: {names} (`baton templates list` says why)"


def claimed_id(text: str | None) -> str | None:
    """The id a checklist's TOML text gives itself, when it is TOML and gives one of the right form."""
    import re
    import tomllib

    try:
        data = tomllib.loads(text) if text is not None else None
    except tomllib.TOMLDecodeError:
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) and re.fullmatch(IDENT, found) else None


def user_entries(
    folder: Path, checked: ChecklistCache | None = None, skipped: list[Skipped] | None = None
) -> list[Entry]:
    """The checklists in `folder`; a file that cannot be used goes to `skipped` (raises TemplateError without it)."""
    if not folder.is_dir():
        return []
    checked = checked or ChecklistCache(None)
    entries = []
    for path in sorted(folder.glob("*.toml")):
        text = None
        try:
            text = checklist_text(path)
            entries.append(Entry(checked.template(text, str(path)), str(path)))
        except TemplateError as exc:
            if skipped is None:
                raise
            skipped.append(Skipped(str(path), exc.problems, claimed_id(text)))
    return entries


class Catalog:
    """Every template this replica can start a handoff from."""

    def __init__(self, user_folder: Path | None = None, cache_folder: Path | None = None) -> None:
        """`cache_folder`: where checked files are remembered (checklist_cache.py); None checks every file."""
        checked = ChecklistCache(cache_folder)
        self.skipped: list[Skipped] = []
        """Files of the home's checklists folder left out, in file order: `templates list` and the app say why."""
        entries = builtin_entries(checked) + (user_entries(user_folder, checked, self.skipped) if user_folder else [])
        checked.save()
        latest: dict[str, Entry] = {}
        for entry in entries:
            current = latest.get(entry.template.id)
            if (
                current is not None
                and current.template.version == entry.template.version
                and current.source != "built-in"
            ):
                said = f"id `{entry.template.id}` version {entry.template.version} is also defined in {current.source}"
                self.skipped.append(Skipped(entry.source, [said], entry.template.id))
                continue
            if current is None or entry.template.version >= current.template.version:
                builtin = current.template if current is not None and current.source == "built-in" else None
                builtin = builtin or (current.overrides if current is not None else None)
                latest[entry.template.id] = replace(entry, overrides=builtin) if builtin is not None else entry
        self.skipped.sort(key=lambda s: s.source)
        self.held_back = {s.claims: s for s in reversed(self.skipped) if s.claims is not None}
        """Ids a skipped file gives itself: not offered, since which checklist the file meant to be is unknown."""
        self.entries = {key: entry for key, entry in sorted(latest.items()) if key not in self.held_back}

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def get(self, template_id: str) -> Entry:
        entry = self.entries.get(template_id)
        if entry is None:
            held = self.held_back.get(template_id) or next(
                (s for s in self.skipped if s.claims is None and Path(s.source).stem == template_id), None
            )
            if held is not None:  # the broken file itself, by its id (or, not even TOML, its name)
                raise held.refusal()
            from .near_miss import did_you_mean

            # a typo names the one it missed, not all of them (a held-back id too: `new` with it says why)
            meant = did_you_mean(template_id, [*self.entries, *self.held_back])
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


def unknown_next(template: Template, known: Iterable[str]) -> list[str]:
    """What to say of each checklist `next` names that is not among `known` (this home's): a warning, not a
    problem, since the next draft opens in the receiver's home, whose checklists folder may hold it."""
    from .near_miss import did_you_mean

    ids = set(known)
    return [
        f"`next` names `{name}`, which is no checklist here{did_you_mean(name, ids)}: accepting a handoff of "
        f"{template.id} opens no draft of it for a receiver without it"
        for name in template.next
        if name not in ids
    ]
