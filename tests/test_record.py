"""Records (core/record.py) behave as the dataclasses they stand in for, field for field."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baton.core.record import FrozenInstanceError, asdict, field, fields, record, replace


@record(frozen=True, order=True)
class Point:
    x: int
    y: int
    label: str = ""


@dataclasses.dataclass(frozen=True, order=True)
class DataPoint:
    x: int
    y: int
    label: str = ""


@record
class Bag:
    name: str
    points: list[Point] = field(default_factory=list)
    tags: dict[str, int] = field(default_factory=dict)


@record(frozen=True, kw_only=True)
class Named:
    id: str
    size: int = 1


@record(frozen=True)
class Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


points = st.builds(Point, st.integers(), st.integers(), st.text(max_size=5))


def as_data(p: Point) -> DataPoint:
    return DataPoint(p.x, p.y, p.label)


@given(points, points)
def test_a_frozen_ordered_record_compares_hashes_and_prints_as_its_dataclass(a, b):
    assert (a == b) == (as_data(a) == as_data(b))
    assert (a < b) == (as_data(a) < as_data(b))
    assert (a <= b) == (as_data(a) <= as_data(b))
    assert (a > b) == (as_data(a) > as_data(b))
    assert (a >= b) == (as_data(a) >= as_data(b))
    assert hash(a) == hash(as_data(a))  # both hash the tuple of their fields
    assert repr(a) == repr(as_data(a)).replace("DataPoint", "Point")
    assert asdict(a) == dataclasses.asdict(as_data(a))


@given(points, st.integers())
def test_replace_changes_only_what_it_names(p, x):
    moved = replace(p, x=x)
    assert (moved.x, moved.y, moved.label) == (x, p.y, p.label)
    assert (p.x, p.y) == (as_data(p).x, as_data(p).y)  # the original is untouched


def test_defaults_and_factories_are_fresh_for_each_record():
    one, two = Bag("one"), Bag("two")
    one.points.append(Point(1, 2))
    assert two.points == [] and two.tags == {}
    assert Point(1, 2).label == ""
    assert asdict(one) == {"name": "one", "points": [{"x": 1, "y": 2, "label": ""}], "tags": {}}
    assert [f.name for f in fields(Bag)] == ["name", "points", "tags"]


def test_a_frozen_record_cannot_change():
    p = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        p.x = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):  # as dataclasses' FrozenInstanceError is one
        del p.y  # type: ignore[misc]
    assert p == Point(1, 2)


def test_a_mutable_record_is_unhashable_and_compares_only_with_its_own_class():
    with pytest.raises(TypeError):
        hash(Bag("one"))
    assert Bag("one") == Bag("one") and Bag("one") != Bag("two")
    assert Point(1, 2) != DataPoint(1, 2)


def test_wrong_arguments_are_refused_as_dataclasses_refuse_them():
    with pytest.raises(TypeError, match="missing"):
        Point(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="positional"):
        Point(1, 2, "a", 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected"):
        Point(1, 2, colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values"):
        Point(1, 2, x=3)  # type: ignore[misc]
    with pytest.raises(TypeError, match="positional"):
        Named("a")  # type: ignore[misc]
    assert Named(id="a").size == 1


def test_post_init_checks_every_new_record_and_every_replacement():
    with pytest.raises(ValueError):
        Checked(-1)
    with pytest.raises(ValueError):
        replace(Checked(1), value=-1)
    assert Checked(1).value == 1


def test_a_subclass_keeps_its_bases_fields_first_and_may_change_a_default():
    @record
    class Plain(Bag):
        tags: dict[str, int] = {}  # a shared default, on purpose
        size: int = 0

    made = Plain("p")
    assert [f.name for f in fields(Plain)] == ["name", "points", "tags", "size"]
    assert made.tags is Plain("q").tags and made.points is not Plain("q").points
