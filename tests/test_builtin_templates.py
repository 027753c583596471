"""The built-in checklists shipped in `baton.checklists` are valid and complete."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from baton.core.template import Template, parse_template
from baton.core.values import parse, problem

ALL_KINDS = {"check", "text", "date", "url", "number", "choice"}


def _builtin() -> list[tuple[str, Template]]:
    found = []
    for resource in sorted(resources.files("baton.checklists").iterdir(), key=lambda r: r.name):
        if resource.name.endswith(".toml"):
            data = tomllib.loads(resource.read_text(encoding="utf-8"))
            found.append((resource.name.removesuffix(".toml"), parse_template(data, resource.name)))
    return found


BUILTIN = _builtin()


def test_at_least_six_templates() -> None:
    assert len(BUILTIN) >= 6


def test_ids_unique_and_match_file_stem() -> None:
    ids = [template.id for _, template in BUILTIN]
    assert len(ids) == len(set(ids))
    for stem, template in BUILTIN:
        assert template.id == stem


@pytest.mark.parametrize(("stem", "template"), BUILTIN, ids=[stem for stem, _ in BUILTIN])
def test_every_item_says_why(stem: str, template: Template) -> None:
    for item in template.items:
        assert item.why.strip(), f"{stem}: item `{item.id}` has no why"


@pytest.mark.parametrize(("stem", "template"), BUILTIN, ids=[stem for stem, _ in BUILTIN])
def test_has_required_and_conditional_items(stem: str, template: Template) -> None:
    assert template.required_count >= 1
    assert any(item.when is not None for item in template.items)


@pytest.mark.parametrize(("stem", "template"), BUILTIN, ids=[stem for stem, _ in BUILTIN])
def test_hints_are_acceptable_answers(stem: str, template: Template) -> None:
    for item in template.items:
        if item.hint is not None:
            assert problem(item, parse(item, item.hint)) is None, f"{stem}: hint of `{item.id}`"


@pytest.mark.parametrize(("stem", "template"), BUILTIN, ids=[stem for stem, _ in BUILTIN])
def test_conditions_name_a_possible_answer(stem: str, template: Template) -> None:
    for item in template.items:
        if item.when is None or item.when.equals is None:
            continue
        other = template.item(item.when.item)
        assert other is not None
        if other.kind == "choice":
            assert item.when.equals in (other.choices or []), (
                f"{stem}: `{item.id}` waits for an answer that cannot be given"
            )


def test_all_kinds_used_across_the_set() -> None:
    kinds = {item.kind for _, template in BUILTIN for item in template.items}
    assert kinds == ALL_KINDS
