"""Templates: the checklist for one transition, as plain frozen records (core/record.py).

A template says *what* the receiver needs and *why*, never *how*. Handoffs keep a
copy of the template they were created from (see `Template.as_dict`), so a later
edit to the file never changes a handoff already under way.

What a checklist must be is checked once, where it comes in (a TOML file, a
snapshot from a teammate), by the pydantic schema in template_schema.py; what is
read here was checked on its way in. Reading a handoff therefore never imports
pydantic: `baton show` and `baton send` start fast.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import TemplateError
from .record import asdict, field, record
from .regular_file import NotAFile, read_file

if TYPE_CHECKING:
    from .windows import Window

ItemKind = Literal["check", "text", "date", "url", "number", "choice"]
IDENT = r"^[a-z0-9][a-z0-9_-]*$"
"""What an id of a checklist, item or stage looks like (the schema holds every id to it)."""
_STAGE = re.compile(IDENT)


def stage_problem(stage: object) -> str | None:
    """Why `stage` is not a stage name (as checklists name them: `sales`, `on-boarding`), or None when it is.
    One rule wherever a stage is taken: invitations, the roster, routing, a handoff sent to a stage."""
    if isinstance(stage, str) and _STAGE.fullmatch(stage):
        return None
    shown = repr(stage) if isinstance(stage, str) else "a stage that is no text"
    return f"{shown} is not a stage name: use lowercase letters, digits, '-' or '_' (as checklists name stages)"


@record(frozen=True)
class When:
    """Show (and require) an item only while another item has a given value."""

    item: str
    """The id of the item whose value decides."""
    equals: str | int | float | bool | None = None
    """The item counts only while that item's value equals this."""
    is_set: bool | None = None
    """Alternatively: the item counts only while that item is (or is not) filled in."""


@record(frozen=True)
class Item:
    """One line of a checklist (the fields and their order are the schema's: see template_schema.py)."""

    id: str
    text: str
    why: str
    kind: ItemKind = "check"
    required: bool = False
    min_length: int | None = None
    pattern: str | None = None
    choices: list[str] | None = None
    min: float | None = None
    max: float | None = None
    whole: bool = False
    """Only whole numbers will do; left out of the snapshot while false, so no other checklist's hash changes."""
    hint: str | None = None
    when: When | None = None
    vague: Literal["warn", "block"] = "warn"
    carry_from: str | None = None
    """`template-id:item-id` whose value this item starts with when that checklist's handoff opens this one."""


@record(frozen=True, kw_only=True)
class Template:
    """The checklist for one transition `from_stage -> to_stage`."""

    id: str
    version: int
    title: str
    from_stage: str
    to_stage: str
    trigger: str
    accept_within_hours: float = 24
    accept_within: str | None = None
    """`24h` or `8 working hours`; when given it decides the window (see windows.py)."""
    next: list[str] = field(default_factory=list)
    """Checklists whose draft opens for the receiver when a handoff of this one is accepted."""
    description: str = ""
    items: list[Item]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Template:
        """A checklist from data already checked against the schema (a stored snapshot, a validated file).

        Raises KeyError, TypeError or ValueError on data of the wrong shape; it never validates values.
        """
        fields = dict(data)
        items = []
        for raw in fields.pop("items"):
            item = dict(raw)
            when = item.pop("when", None)
            items.append(Item(**item, when=None if when is None else When(**when)))
        if not items:
            raise ValueError("a checklist has items")
        return cls(**fields, items=items)

    def as_dict(self) -> dict[str, Any]:
        """The snapshot a handoff pins: every field, in the schema's order (the same JSON on every replica);
        `whole` only where it is true, so checklists pinned before it existed keep their content hash."""
        snapshot = asdict(self)
        for item in snapshot["items"]:
            if not item["whole"]:
                del item["whole"]
        return snapshot

    @property
    def window(self) -> Window:
        """The acceptance window: wall clock or the receiver's working hours."""
        from .windows import Window

        return Window.parse(self.accept_within) if self.accept_within else Window(self.accept_within_hours)

    @property
    def transition(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"

    @property
    def required_count(self) -> int:
        return sum(1 for item in self.items if item.required)

    @cached_property
    def by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def blocks_vague(self) -> bool:
        """Whether any item says `vague = "block"` (the gate skips the answer checks otherwise)."""
        return any(item.vague == "block" for item in self.items)

    def item(self, item_id: str) -> Item | None:
        """The item with this id (a dict lookup: the fold asks for every event)."""
        return self.by_id.get(item_id)

    @cached_property
    def columns(self) -> list[tuple[str, str, int, str]]:
        """(id, kind, required as 0 or 1, text) of each item in order: the part of every
        projected item row that comes from the checklist (written once per item per handoff)."""
        return [(item.id, item.kind, int(item.required), item.text) for item in self.items]


def parse_template(data: Any, source: str) -> Template:
    """Validate already-parsed data; raise TemplateError naming source, item and field."""
    from .template_schema import validate

    return Template.from_dict(validate(data, source))


def unreadable(exc: OSError | UnicodeDecodeError | NotAFile) -> str:
    """Why a checklist file could not be read, in words (not Python's "[Errno 2] ..." with the path again)."""
    if isinstance(exc, NotAFile):
        return f"cannot read: it is {exc.kind}, not a file" if exc.kind else f"cannot read: {exc}"
    if isinstance(exc, UnicodeDecodeError):
        return "cannot read: not UTF-8 text"
    if isinstance(exc, IsADirectoryError):
        return "cannot read: it is a folder, not a file"
    return f"cannot read: {(exc.strerror or str(exc)).lower()}"


MAX_CHECKLIST_FILE = 4 << 20
"""Bytes read of a checklist file (4 MiB): a handoff carries its checklist in one event, at most 1 MiB, so a
larger file, comments and all, is not a checklist; past it the file is refused, not read until memory runs out."""


def checklist_text(path: Path) -> str:
    """The text of a checklist file: a regular file (a link to one is followed), read bounded; TemplateError
    naming the file for anything else (a FIFO would wait for ever, a link to /dev/zero never end)."""
    try:
        data = read_file(path, MAX_CHECKLIST_FILE, follow=True, too_large="larger than a checklist may be")
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError, NotAFile) as exc:
        raise TemplateError(str(path), [unreadable(exc)]) from None


def load_template(path: Path) -> Template:
    """Read and validate one TOML template file."""
    text = checklist_text(path)
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(str(path), [f"not valid TOML: {exc}"]) from None
    return parse_template(data, str(path))
