"""The schema a checklist must meet, as pydantic models: what a TOML file or a
snapshot arriving from a teammate is checked against.

Only validation imports this module (and pydantic); a validated checklist becomes
the plain `baton.core.template.Template` everything else reads, so the commands
that only read a handoff never load pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import TemplateError
from .patterns import pattern_problem
from .template import IDENT
from .windows import LONGEST_HOURS, LONGEST_WORKING_HOURS

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

ItemKind = Literal["check", "text", "date", "url", "number", "choice"]


class WhenSchema(BaseModel):
    """Show (and require) an item only while another item has a given value."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)

    item: str
    """The id of the item whose value decides."""
    equals: str | int | float | bool | None = None
    """The item counts only while that item's value equals this."""
    is_set: bool | None = None
    """Alternatively: the item counts only while that item is (or is not) filled in."""

    @model_validator(mode="after")
    def _one_test(self) -> WhenSchema:
        if (self.equals is None) == (self.is_set is None):
            raise ValueError("a `when` needs exactly one of `equals` or `is_set`")
        return self


class ItemSchema(BaseModel):
    """One line of a checklist."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)

    id: Annotated[str, Field(pattern=IDENT)]
    """Stable identifier, unique in the template; values are stored under it."""
    text: Annotated[str, Field(min_length=3)]
    """What is needed, in the receiver's words."""
    why: Annotated[str, Field(min_length=3)]
    """Why the receiver needs it: what breaks without it."""
    kind: ItemKind = "check"
    """The kind of answer: check, text, date, url, number or choice."""
    required: bool = False
    """Required items gate the transfer until done or waived by a lead."""
    min_length: Annotated[int, Field(ge=1)] | None = None
    """For text: the fewest characters an answer may have."""
    pattern: str | None = None
    """For text: a regular expression the whole answer must match."""
    choices: list[str] | None = None
    """For choice: the allowed answers, in display order."""
    min: float | None = None
    """For number: the smallest allowed value."""
    max: float | None = None
    """For number: the largest allowed value."""
    whole: bool = False
    """For number: only whole numbers will do (a count of seats, people, issues: 12.5 is refused)."""
    hint: str | None = None
    """An example answer shown as a placeholder."""
    when: WhenSchema | None = None
    """Condition on another item; while false the item is hidden and never blocks."""
    vague: Literal["warn", "block"] = "warn"
    """What a vague answer (TBD, "see Slack", a chat link; see answer_checks.py) does:
    `warn` shows a warning; `block` makes the gate refuse the send until it is answered."""
    carry_from: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*:[a-z0-9][a-z0-9_-]*$")] | None = None
    """`template-id:item-id`: when a handoff of that checklist is accepted and opens this one, this
    item starts with that item's value (items with equal ids carry without saying so)."""

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            problem = pattern_problem(value)
            if problem:
                raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _fits_kind(self) -> ItemSchema:
        allowed = {
            "text": {"min_length", "pattern"},
            "choice": {"choices"},
            "number": {"min", "max"},
        }.get(self.kind, set())
        for name in ("min_length", "pattern", "choices", "min", "max"):
            if getattr(self, name) is not None and name not in allowed:
                raise ValueError(f"`{name}` does not apply to a {self.kind} item")
        if self.whole and self.kind != "number":
            raise ValueError(f"`whole` does not apply to a {self.kind} item")
        if self.kind == "choice":
            if not self.choices:
                raise ValueError("a choice item needs a non-empty `choices` list")
            if len(set(self.choices)) != len(self.choices):
                raise ValueError("`choices` has the same answer twice")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("`min` is greater than `max`")
        return self


class TemplateSchema(BaseModel):
    """The checklist for one transition `from_stage -> to_stage`."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)

    id: Annotated[str, Field(pattern=IDENT)]
    """Stable identifier, e.g. `sales-to-onboarding`."""
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    """Raise it on every change; the highest version of an id is the one offered."""
    title: Annotated[str, Field(min_length=3)]
    """Human name of the transition."""
    from_stage: Annotated[str, Field(pattern=IDENT)]
    """The team or step handing the work over."""
    to_stage: Annotated[str, Field(pattern=IDENT)]
    """The team or step receiving it."""
    trigger: Annotated[str, Field(min_length=3)]
    """The moment a handoff should start, e.g. "contract signed"."""
    accept_within_hours: Annotated[float, Field(gt=0, le=LONGEST_HOURS)] = 24
    """How long the receiver has to accept or return a sent handoff, on the wall clock (at most ten years)."""
    accept_within: str | None = None
    """`24h` (wall clock) or `8 working hours` (the receiver's hours, holidays and days away);
    when given it decides the window, and `accept_within_hours` follows it."""
    next: list[Annotated[str, Field(pattern=IDENT)]] = []
    """Checklists whose draft opens for the receiver when a handoff of this one is accepted."""
    description: str = ""
    """A sentence or two on what this transition is for."""
    items: Annotated[list[ItemSchema], Field(min_length=1)]
    """The checklist, in the order the sender walks it."""

    @model_validator(mode="before")
    @classmethod
    def _window_hours(cls, data: Any) -> Any:
        """`accept_within` decides; `accept_within_hours` mirrors its length for older readers."""
        if isinstance(data, dict) and isinstance(data.get("accept_within"), str):
            from .errors import InvalidValue
            from .windows import Window

            try:
                window = Window.parse(data["accept_within"])
            except InvalidValue as exc:
                raise ValueError(str(exc)) from None
            if window.working and window.hours > LONGEST_WORKING_HOURS:  # checked as a checklist comes in only:
                raise ValueError(  # one already pinned by a handoff keeps its window (Window.parse takes it)
                    f"acceptance window {data['accept_within']!r}: at most {LONGEST_WORKING_HOURS:,} working hours "
                    "(about a working year); count a longer one on the wall clock, e.g. `365d`"
                )
            data = {**data, "accept_within": str(window), "accept_within_hours": window.hours}
        return data

    @model_validator(mode="after")
    def _items_consistent(self) -> TemplateSchema:
        problems = links_between([item.model_dump() for item in self.items])
        if problems:
            raise ValueError(problems[0])
        return self


def links_between(items: list[Any]) -> list[str]:
    """What is wrong between the items (an id twice, a `when` naming no item or itself), read off the file's own
    tables: said with the items' own problems in one run, not only once those are fixed."""
    rows = [item for item in items if isinstance(item, dict)]
    ids = [item.get("id") for item in rows if isinstance(item.get("id"), str)]
    problems = [f"item `{i}` appears twice" for i in dict.fromkeys(i for i in ids if ids.count(i) > 1)]
    for item in rows:
        when = item.get("when")
        named = when.get("item") if isinstance(when, dict) else None
        if not isinstance(named, str) or not isinstance(item.get("id"), str):
            continue
        if named == item["id"]:
            problems.append(f"item `{item['id']}`: `when` names the item itself")
        elif named not in ids:
            problems.append(f"item `{item['id']}`: `when` names no item `{named}`")
    return problems


def _describe(error: ErrorDetails, data: Any) -> str:
    """Turn one pydantic error into 'item `x`, field `kind`: message' (the message in schema_words.py)."""
    from .schema_words import UNION_TAGS, in_words

    loc = list(error["loc"])
    parts: list[str] = []
    model: type[BaseModel] = TemplateSchema
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        items = data.get("items") if isinstance(data, dict) else None
        item_id = None
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            item_id = items[loc[1]].get("id")
        parts.append(f"item `{item_id}`" if isinstance(item_id, str) and item_id else f"item #{loc[1] + 1}")
        loc, model = loc[2:], ItemSchema
    fields = [str(p) for p in loc if not isinstance(p, int)]
    if len(fields) >= 2 and fields[-2] == "equals" and fields[-1] in UNION_TAGS:
        fields.pop()  # `equals` is text, a number or true/false: one error, not one per type tried
        message = f"should be text, a number or true or false, not {_kind(error.get('input'))}"
    elif error["type"] == "literal_error" and fields and fields[-1] == "kind":
        message = f"unknown kind {error.get('input')!r}; use check, text, date, url, number or choice"
    elif error["type"] == "literal_error" and fields and fields[-1] == "vague":
        message = f'unknown value {error.get("input")!r}; use "warn" or "block"'
    else:
        if fields[:1] == ["when"]:
            model = WhenSchema
        message = in_words(error, fields[-1] if fields else "", list(model.model_fields))
    if fields:
        parts.append(f"field `{'.'.join(fields)}`")
    elif error["type"] in ("model_type", "dict_type") and parts:
        message = "should be a table ([[items]] with id, text and why)"
    return (", ".join(parts) + ": " if parts else "") + message


def _kind(value: Any) -> str:
    from .schema_words import toml_kind

    return toml_kind(value)


def validate(data: Any, source: str) -> dict[str, Any]:
    """The checklist `data` with defaults filled in, as plain data; TemplateError naming source, item and field."""
    try:
        return TemplateSchema.model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        problems = list(dict.fromkeys(_describe(err, data) for err in exc.errors()))  # `equals`: once
        items = data.get("items") if isinstance(data, dict) else None
        links = links_between(items) if isinstance(items, list) else []  # all of them, even where the items'
        problems = [p for p in problems if p not in links] + links  # own errors stopped the check that says them
        raise TemplateError(source, problems) from None
