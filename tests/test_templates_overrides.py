"""A checklist in the home with a built-in's id takes the built-in's place: `templates list` and `templates show`
say so, and `templates validate` warns once; the list's columns line up in terminal cells."""

from __future__ import annotations

from importlib import resources

from conftest import run
from rich.cells import cell_len

from baton.core.catalog import Catalog

BUILTIN = resources.files("baton.checklists").joinpath("sales-to-onboarding.toml").read_text(encoding="utf-8")


def home_with(tmp_path, **files: str):
    home = tmp_path / "home"
    assert run("init", "--user", "ana", home=home).returncode == 0
    (home / "checklists").mkdir(exist_ok=True)
    for name, text in files.items():
        (home / "checklists" / f"{name}.toml").write_text(text, encoding="utf-8")
    return home


def test_a_local_copy_of_a_builtin_is_marked_as_overriding_it(tmp_path) -> None:
    home = home_with(tmp_path, ours=BUILTIN)
    listed = run("templates", "list", home=home)
    assert listed.returncode == 0, listed.stderr
    [ours] = [line for line in listed.stdout.splitlines() if line.startswith("sales-to-onboarding ")]
    assert ours.endswith("ours.toml, overrides built-in v3")
    [other] = [line for line in listed.stdout.splitlines() if line.startswith("marketing-to-sales ")]
    assert other.endswith("built-in") and "overrides" not in other
    shown = run("templates", "show", "sales-to-onboarding", home=home)
    assert "ours.toml, overrides built-in v3)" in shown.stdout.splitlines()[0]
    newer = Catalog(home / "checklists").get("sales-to-onboarding")
    assert newer.overrides is not None and newer.overrides.version == 3


def test_validate_warns_once_about_a_builtins_id(tmp_path) -> None:
    home = home_with(tmp_path)
    same = tmp_path / "same.toml"
    same.write_text(BUILTIN, encoding="utf-8")
    older = tmp_path / "older.toml"
    older.write_text(BUILTIN.replace("version = 3", "version = 1", 1), encoding="utf-8")
    own = tmp_path / "own.toml"
    own.write_text(BUILTIN.replace('id = "sales-to-onboarding"', 'id = "our-onboarding"', 1), encoding="utf-8")
    checked = run("templates", "validate", same, older, own, home=home)
    assert checked.returncode == 0
    assert checked.stdout.count(": ok (") == 3
    warnings = checked.stderr.splitlines()
    assert len(warnings) == 2, warnings
    assert warnings[0].startswith(f"baton: warning: {same} has the id of the built-in sales-to-onboarding v3")
    assert "replaces it" in warnings[0]
    assert warnings[1].startswith(f"baton: warning: {older} has the id of the built-in sales-to-onboarding v3")
    assert "passed over" in warnings[1]


def test_the_templates_table_lines_up_in_terminal_cells(tmp_path) -> None:
    wide = BUILTIN.replace('id = "sales-to-onboarding"', 'id = "keiyaku"', 1).replace(
        'trigger = "Contract signed"', 'trigger = "契約締結 🖊"', 1
    )
    home = home_with(tmp_path, keiyaku=wide)
    lines = run("templates", "list", home=home).stdout.splitlines()
    header = lines[0]
    assert any("契約締結 🖊" in line for line in lines)
    starts = {cell_len(line[: line.rindex("  ") + 2]) for line in lines[1:]}  # the SOURCE cell follows the last gap
    assert starts == {cell_len(header[: header.index("SOURCE")])}, lines
