"""`baton list` takes one scope: two of them is a usage error, not the last one winning silently."""

from __future__ import annotations

import json

import pytest
from cli_support import started
from conftest import run


@pytest.mark.parametrize("flags", [("--inbox", "--outbox"), ("--outbox", "--all"), ("--all", "--inbox", "--json")])
def test_two_scopes_are_a_usage_error(tmp_path, flags) -> None:
    started(tmp_path)
    result = run("list", *flags, home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "baton: give one of --inbox, --outbox or --all (see `baton list --help`)"
    said = {"error": "give one of --inbox, --outbox or --all", "exit": 2}
    assert result.stdout == (json.dumps(said) + "\n" if "--json" in flags else "")  # a script reads JSON


@pytest.mark.parametrize("flags", [(), ("--inbox",), ("--outbox",), ("--all",), ("--all", "--all")])
def test_one_scope_still_lists(tmp_path, flags) -> None:
    started(tmp_path)
    result = run("list", *flags, home=tmp_path)
    assert result.returncode == 0, result.stderr
