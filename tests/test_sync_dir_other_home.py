"""`sync --dir` (and `init --sync-dir`, the app's folder dialog: chosen_sync_dir) refuses a folder that is, or
is inside, any baton home, not only this home's own: segments written there would sit beside another home's
database and WAL files, which a sync engine carries and tears."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import baton, started
from conftest import run, run_process

from baton.core.errors import BatonError
from baton.core.home import Home
from baton.sync.chosen_folder import chosen_sync_dir


@pytest.fixture
def homes(tmp_path) -> tuple[Path, Path]:
    ana, ben = tmp_path / "ana", tmp_path / "ben"
    started(ana)
    assert baton(ben, "init", "--user", "ben").exit_code == 0
    return ana, ben


@pytest.mark.parametrize("inside", ["", "shared", "deep/er"])
def test_a_folder_in_another_home_is_refused_and_nothing_written(homes, inside):
    ana, ben = homes
    chosen = ben / inside if inside else ben
    before = sorted(p.name for p in ben.rglob("*"))
    result = run("sync", "--dir", chosen, home=ana)
    assert result.returncode == 1, (result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert line.startswith(f"baton: refusing {chosen} as the shared folder: it is") and f"({ben} holds" in line
    assert sorted(p.name for p in ben.rglob("*")) == before
    assert json.loads((ana / "config.json").read_text()).get("sync_dir") is None


@pytest.mark.parametrize("left", ["baton.db", "device.key", "config.json"])
def test_any_one_of_a_homes_files_marks_it(homes, tmp_path, left):
    _, ben = homes
    for name in ("baton.db", "device.key", "config.json"):
        if name != left:
            (ben / name).unlink(missing_ok=True)
    with pytest.raises(BatonError, match=f"holds {left}"):
        chosen_sync_dir(ben / "shared", Home(tmp_path / "ana"))


def test_a_config_json_of_another_program_does_not_make_a_home(tmp_path):
    (tmp_path / "config.json").write_text('{"theme": "dark"}')
    root, missing = chosen_sync_dir(tmp_path / "shared", Home(tmp_path / "home"))
    assert root == tmp_path / "shared" and missing


def test_the_process_refuses_too(homes):
    ana, ben = homes
    result = run_process("sync", "--dir", ben, home=ana)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert not (ben / "baton").exists()
