"""Records: the dataclasses a cold `show` creates, without dataclasses' start-up cost.

On Python 3.11 `@dataclass` writes the source of `__init__`, `__repr__`, `__eq__`
(and for a frozen class `__setattr__`, `__delattr__` and `__hash__`) and compiles
it in every process that imports the class, a few hundred microseconds each, and
`import dataclasses` loads `inspect` with `ast`, `dis` and `tokenize`: together
about a quarter of a cold `baton show` (issue 16). `record` makes the same shape
from plain functions shared by every record, so defining one costs a few
microseconds and needs nothing beyond the interpreter.

Type checkers see `dataclasses.dataclass` and its helpers (the TYPE_CHECKING
branch), so a record is checked exactly as a dataclass. At run time a record
supports what baton's records use: defaults, `field(default_factory=...)`,
`frozen`, `order`, `kw_only`, `__post_init__`, and `replace`, `asdict`, `fields`
below. A record is not a dataclass to `dataclasses.is_dataclass`; use this
module's helpers on it.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any

__all__ = ["FrozenInstanceError", "asdict", "field", "fields", "record", "replace"]

if TYPE_CHECKING:
    from dataclasses import FrozenInstanceError, asdict, field, fields, replace
    from dataclasses import dataclass as record
else:

    class FrozenInstanceError(AttributeError):
        """An attempt to change a frozen record (what dataclasses raises, under the same name)."""

    class _Factory:
        """A field's `default_factory`, called for each new record that is not given the field."""

        __slots__ = ("make",)

        def __init__(self, make: Any) -> None:
            self.make = make

    _MISSING = object()

    def field(*, default_factory: Any) -> Any:
        """A field whose default is made afresh for each record (a list, a dict)."""
        return _Factory(default_factory)

    def record(cls: Any = None, /, *, frozen: bool = False, order: bool = False, kw_only: bool = False) -> Any:
        """Make `cls` a record: `@record` or `@record(frozen=True, order=True, kw_only=True)`."""

        def wrap(cls: Any) -> Any:
            return _make(cls, frozen, order, kw_only)

        return wrap if cls is None else wrap(cls)

    def _own_fields(cls: Any) -> list[str]:
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect is what records avoid loading)
        return [name for name, kind in annotations.items() if not str(kind).startswith(("ClassVar", "typing.ClassVar"))]

    def _make(cls: Any, frozen: bool, order: bool, kw_only: bool) -> Any:
        names: list[str] = []
        for base in reversed(cls.__mro__[1:]):
            names += [n for n in getattr(base, "__record_fields__", ()) if n not in names]
        names += [n for n in _own_fields(cls) if n not in names]
        defaults: dict[str, Any] = {}
        factories: dict[str, Any] = {}
        for base in reversed(cls.__mro__):
            defaults.update(getattr(base, "__record_defaults__", {}))
            factories.update(getattr(base, "__record_factories__", {}))
        for name in _own_fields(cls):
            value = cls.__dict__.get(name, _MISSING)
            if isinstance(value, _Factory):
                factories[name] = value.make
                defaults.pop(name, None)
                delattr(cls, name)
            elif value is not _MISSING:
                defaults[name] = value
                factories.pop(name, None)
        cls.__record_fields__ = tuple(names)
        cls.__record_defaults__ = defaults
        cls.__record_factories__ = factories
        cls.__record_positional__ = 0 if kw_only else len(names)
        cls.__record_names__ = frozenset(names)
        cls.__record_values__ = _getter(names)
        cls.__record_checked__ = hasattr(cls, "__post_init__")
        cls.__match_args__ = () if kw_only else tuple(names)
        cls.__init__ = _init
        cls.__repr__ = _repr
        cls.__eq__ = _eq
        if frozen:
            cls.__setattr__ = _frozen_set
            cls.__delattr__ = _frozen_delete
            cls.__hash__ = _hash
        else:
            cls.__hash__ = None
        if order:
            cls.__lt__, cls.__le__, cls.__gt__, cls.__ge__ = _lt, _le, _gt, _ge
        return cls

    def _getter(names: list[str]) -> Any:
        """The record's field values as one tuple, read in C."""
        if len(names) == 1:
            one = attrgetter(names[0])
            return lambda record: (one(record),)
        return attrgetter(*names) if names else lambda record: ()

    def _init(self: Any, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        names = cls.__record_fields__
        if len(args) > cls.__record_positional__:
            raise TypeError(
                f"{cls.__name__}() takes {cls.__record_positional__} positional arguments but {len(args)} were given"
            )
        own = self.__dict__
        own.update(cls.__record_defaults__)
        own.update(zip(names, args))
        if kwargs:
            if not kwargs.keys() <= cls.__record_names__:
                unknown = next(iter(kwargs.keys() - cls.__record_names__))
                raise TypeError(f"{cls.__name__}() got an unexpected keyword argument '{unknown}'")
            if args and not kwargs.keys().isdisjoint(names[: len(args)]):
                repeated = next(name for name in names[: len(args)] if name in kwargs)
                raise TypeError(f"{cls.__name__}() got multiple values for argument '{repeated}'")
            own.update(kwargs)
        for name, make in cls.__record_factories__.items():
            if name not in own:
                own[name] = make()
        if len(own) < len(names):
            missing = next(name for name in names if name not in own)
            raise TypeError(f"{cls.__name__}() missing required argument: '{missing}'")
        if cls.__record_checked__:
            self.__post_init__()

    def _values(self: Any) -> tuple[Any, ...]:
        values: tuple[Any, ...] = type(self).__record_values__(self)
        return values

    def _repr(self: Any) -> str:
        own = self.__dict__
        shown = ", ".join(f"{name}={own[name]!r}" for name in type(self).__record_fields__)
        return f"{type(self).__qualname__}({shown})"

    def _eq(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self) == _values(other)

    def _hash(self: Any) -> int:
        return hash(_values(self))

    def _frozen_set(self: Any, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def _frozen_delete(self: Any, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _lt(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = type(self).__record_values__
        return values(self) < values(other)

    def _le(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = type(self).__record_values__
        return values(self) <= values(other)

    def _gt(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = type(self).__record_values__
        return values(self) > values(other)

    def _ge(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = type(self).__record_values__
        return values(self) >= values(other)

    def fields(record: Any) -> tuple[Any, ...]:
        """The record's fields in order, each with a `name` (as dataclasses.fields gives them)."""
        return tuple(_Field(name) for name in record.__record_fields__)

    class _Field:
        __slots__ = ("name",)

        def __init__(self, name: str) -> None:
            self.name = name

    def replace(record: Any, /, **changes: Any) -> Any:
        """A copy of `record` with `changes`, made through `__init__` (so `__post_init__` checks it again)."""
        own = record.__dict__
        cls = type(record)
        return cls(**{name: changes.pop(name, own[name]) for name in cls.__record_fields__}, **changes)

    def asdict(value: Any) -> Any:
        """A record as a dict, records inside it too (as dataclasses.asdict does)."""
        if hasattr(type(value), "__record_fields__"):
            return {name: asdict(value.__dict__[name]) for name in type(value).__record_fields__}
        if isinstance(value, tuple) and hasattr(value, "_fields"):
            return type(value)(*[asdict(v) for v in value])
        if isinstance(value, list | tuple):
            return type(value)(asdict(v) for v in value)
        if isinstance(value, dict):
            return type(value)((asdict(k), asdict(v)) for k, v in value.items())
        return value
