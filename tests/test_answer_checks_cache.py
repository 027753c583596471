"""The built-in answer checks are parsed once per version of their file, and kept in the home as JSON."""

from __future__ import annotations

import json
import os
import tomllib

from baton.core.answer_checks_cache import FILE_NAME, parsed, stamp
from baton.core.answer_rules import BUILTIN


def test_the_cache_holds_what_the_toml_says(tmp_path):
    first = parsed(BUILTIN, tmp_path)
    kept = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    assert first == tomllib.loads(BUILTIN.read_text(encoding="utf-8"))
    assert kept == {"source": stamp(BUILTIN), "data": first}
    assert parsed(BUILTIN, tmp_path) == first


def test_a_kept_copy_is_read_instead_of_the_file(tmp_path):
    """What proves the cache is used: data kept under the file's stamp comes back as it was kept."""
    (tmp_path / FILE_NAME).write_text(json.dumps({"source": stamp(BUILTIN), "data": {"checks": []}}))
    assert parsed(BUILTIN, tmp_path) == {"checks": []}


def test_a_changed_file_is_parsed_again(tmp_path):
    source = tmp_path / "checks.toml"
    source.write_text('off = ["echo"]\n', encoding="utf-8")
    assert parsed(source, tmp_path) == {"off": ["echo"]}
    source.write_text('off = ["echo", "pointer"]\n', encoding="utf-8")
    os.utime(source, ns=(1, 1))  # another stamp, as a new release's file has
    assert parsed(source, tmp_path) == {"off": ["echo", "pointer"]}


def test_a_damaged_cache_is_only_a_slower_read(tmp_path):
    for damaged in ("{not json", "[]", '{"source": 1}', json.dumps({"source": stamp(BUILTIN), "data": []})):
        (tmp_path / FILE_NAME).write_text(damaged, encoding="utf-8")
        assert parsed(BUILTIN, tmp_path) == tomllib.loads(BUILTIN.read_text(encoding="utf-8"))
        assert json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))["source"] == stamp(BUILTIN)


def test_a_home_that_cannot_be_written_is_left_alone(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert parsed(BUILTIN, folder)["checks"]
        assert not (folder / FILE_NAME).exists() or os.geteuid() == 0  # root writes anyway
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    finally:
        folder.chmod(0o700)
    assert parsed(BUILTIN, None)["checks"]  # no home at all: parsed every time
