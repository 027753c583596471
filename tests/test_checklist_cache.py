"""Checklist files are checked against the schema once, then read from the home's cache by content."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import RELAY_TOML

from baton.core.catalog import Catalog
from baton.core.checklist_cache import FILE_NAME
from baton.core.errors import TemplateError


def test_a_cached_catalog_is_the_checked_one(tmp_path):
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "relay.toml").write_text(RELAY_TOML, encoding="utf-8")
    checked = {e.template.id: e.template.as_dict() for e in Catalog(tmp_path / "checklists")}
    first = {e.template.id: e.template.as_dict() for e in Catalog(tmp_path / "checklists", cache_folder=tmp_path)}
    assert (tmp_path / FILE_NAME).exists()
    again = {e.template.id: e.template.as_dict() for e in Catalog(tmp_path / "checklists", cache_folder=tmp_path)}
    assert checked == first == again
    assert json.dumps(checked, sort_keys=True) == json.dumps(again, sort_keys=True)  # the same snapshot bytes


def test_the_second_start_reads_the_cache_without_the_schema(tmp_path):
    code = f"""
import json, sys
from pathlib import Path
from baton.core.catalog import Catalog
Catalog(cache_folder=Path({str(tmp_path)!r}))
print(json.dumps("pydantic" in sys.modules))
"""

    def loads_pydantic() -> bool:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert loads_pydantic() is True  # nothing cached yet: every built-in is checked
    assert loads_pydantic() is False


def test_an_edited_file_is_checked_again(tmp_path):
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "relay.toml").write_text(RELAY_TOML, encoding="utf-8")
    Catalog(folder, cache_folder=tmp_path)
    (folder / "relay.toml").write_text(RELAY_TOML.replace('id = "relay"', 'id = "Not An Id"'), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"relay\.toml"):
        Catalog(folder, cache_folder=tmp_path).get("relay")


@pytest.mark.parametrize("damage", ["not json", '{"x": 1}', "[]"])
def test_a_damaged_cache_is_only_a_slower_start(tmp_path, damage):
    Catalog(cache_folder=tmp_path)
    path = tmp_path / FILE_NAME
    if damage == '{"x": 1}':
        known = json.loads(path.read_text())
        damage = json.dumps({key: {"id": "half"} for key in known})
    path.write_text(damage, encoding="utf-8")
    assert {e.template.id for e in Catalog(cache_folder=tmp_path)} == {e.template.id for e in Catalog()}


def test_a_second_home_in_the_same_process_gets_the_same_cache_file(tmp_path):
    """The process remembers what it checked; a new home still gets every checked file in its own cache,
    as a later process reading that home needs, and templates that are its own to keep."""
    first, second = tmp_path / "first", tmp_path / "second"
    for home in (first, second):
        (home / "checklists").mkdir(parents=True)
        (home / "checklists" / "relay.toml").write_text(RELAY_TOML, encoding="utf-8")
    one = Catalog(first / "checklists", cache_folder=first)
    two = Catalog(second / "checklists", cache_folder=second)
    assert json.loads((first / FILE_NAME).read_text()) == json.loads((second / FILE_NAME).read_text())
    assert [e.template for e in one] == [e.template for e in two]
    assert all(a.template is not b.template for a, b in zip(one, two, strict=True))
