"""A checklist file is opened only when it is a regular file, and read bounded: a FIFO or a link to /dev/zero
named `*.toml` in the checklists folder made `templates list` and `new` wait for ever (and /dev/zero eat
memory). Each is one line naming the file; nothing is created. The home's other settings files go through
the same door (core/regular_file.py)."""

from __future__ import annotations

import os
import subprocess

import pytest
from cli_support import started
from conftest import BATON, dump, run

from baton.core.template import MAX_CHECKLIST_FILE


def _fifo(path):
    os.mkfifo(path)


def _zero(path):
    os.symlink("/dev/zero", path)


def _huge(path):
    path.write_text("#" * (MAX_CHECKLIST_FILE + 1))


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_fifo, "cannot read: it is a FIFO, not a file"),
        (_zero, "cannot read: it is a device, not a file"),
        (_huge, "larger than a checklist may be"),
    ],
    ids=["fifo", "link-to-dev-zero", "too-large"],
)
@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("templates", "list"), 0, "skipped {odd}: cannot read: "),  # the other checklists are still listed
        (("new", "x", "--title", "Globex", "--to", "ben"), 1, "{odd}: cannot be used: cannot read: "),
    ],
    ids=["list", "new-on-it"],
)
def test_a_checklist_that_is_no_bounded_file_is_one_line_naming_it(tmp_path, make, words, args, code, said):
    home = tmp_path / "home"
    started(home)
    odd = home / "checklists" / "x.toml"
    make(odd)
    before = dump(home)
    result = run(*args, home=home)
    assert result.returncode == code, (result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert line.startswith("baton: " + said.format(odd=odd)) and words in line, line
    assert ("relay" in result.stdout) == (code == 0) and dump(home) == before


def test_a_process_with_a_fifo_checklist_ends(tmp_path):
    home = tmp_path / "home"
    started(home)
    _fifo(home / "checklists" / "x.toml")
    env = {**os.environ, "BATON_HOME": str(home)}
    ran = subprocess.run([str(BATON), "templates", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0
    assert ran.stderr.splitlines() == [
        f"baton: skipped {home / 'checklists' / 'x.toml'}: cannot read: it is a FIFO, not a file"
    ]


def test_a_link_to_a_checklist_file_is_still_read(tmp_path):
    home = tmp_path / "home"
    started(home)
    relay = home / "checklists" / "relay.toml"
    kept = tmp_path / "relay.toml"
    relay.rename(kept)
    relay.symlink_to(kept)
    assert run("templates", "list", home=home).returncode == 0


def test_a_fifo_in_place_of_config_json_is_one_line(tmp_path):
    home = tmp_path / "home"
    started(home)
    config = home / "config.json"
    config.unlink()
    _fifo(config)
    result = run("list", home=home)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"baton: cannot read {config}: not a regular file (a FIFO): not opened"]


def test_a_fifo_in_place_of_the_answer_checks_file_is_left_out_in_one_line(tmp_path):
    from baton.core.answer_rules import FILE_NAME, load_answer_checks

    _fifo(tmp_path / FILE_NAME)
    checks = load_answer_checks(tmp_path)
    assert checks.problems == (
        f"cannot read {tmp_path / FILE_NAME}: not a regular file (a FIFO): not opened; using the built-in checks "
        "without it",
    )


def test_a_fifo_in_place_of_the_checklist_cache_is_passed_over(tmp_path):
    home = tmp_path / "home"
    started(home)
    cache = home / "checklists.json"
    cache.unlink(missing_ok=True)
    _fifo(cache)
    listed = run("templates", "list", home=home)
    assert listed.returncode == 0 and "relay" in listed.stdout, listed.stderr


def test_a_fifo_in_place_of_the_answer_checks_cache_is_passed_over(tmp_path):
    from baton.core.answer_checks_cache import FILE_NAME, parsed

    source = tmp_path / "rules.toml"
    source.write_text("[kinds]\n")
    _fifo(tmp_path / FILE_NAME)
    assert parsed(source, tmp_path) == {"kinds": {}}


def test_a_fifo_in_place_of_the_device_key_is_one_line(tmp_path):
    from baton.core.team.keys import DeviceKey, DeviceKeyError

    key = tmp_path / "device.key"
    _fifo(key)
    with pytest.raises(DeviceKeyError) as refused:
        DeviceKey.load(key)
    assert str(refused.value) == f"cannot read the device key {key}: not a regular file (a FIFO): not opened"
