"""The app lives as long as its terminal (tui/hangup.py).

Run for real in a pseudo-terminal: the app must end when the terminal goes away, by the hang-up
signal or by a terminal that no longer answers (which is all a process sees when the shell that
started it took the signal). Before, the app kept reading the dead terminal at full speed, forever.
Without any terminal it refuses in one line and makes nothing.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time

import pytest
from conftest import BATON
from test_app_support import FrozenClock, settle, team
from test_app_typing import opened, type_in, world

from baton.tui.hangup import answers

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")

LIVENESS_SECONDS = 60
"""How long the app is given to end: far beyond what it takes (a second or two), so a loaded machine
cannot fail the test, while an app that never ends still does."""


def started(tmp_path) -> tuple[subprocess.Popen[bytes], int]:
    """`baton` in a fresh 80×24 pseudo-terminal on a home with a handoff, once it has drawn its queue."""
    maya, _ = team(tmp_path, FrozenClock())
    maya.create("kit", "Acme rollout", "ben")
    maya.close()
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "BATON_HOME": str(tmp_path), "TERM": "xterm-256color"}
    app = subprocess.Popen([BATON], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + LIVENESS_SECONDS
    while b"Acme rollout" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    assert b"Acme rollout" in seen, seen[-400:]
    return app, master


def ended(app: subprocess.Popen[bytes]) -> int | None:
    try:
        return app.wait(timeout=LIVENESS_SECONDS)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()
        return None


def test_the_app_ends_when_its_terminal_goes_away_without_a_signal(tmp_path):
    """The terminal closed under an app that is not its session's leader: no hang-up signal, only a
    terminal that no longer answers."""
    app, master = started(tmp_path)
    os.close(master)
    assert ended(app) is not None, "the app outlived its terminal"


def test_the_app_ends_on_the_hang_up_signal(tmp_path):
    app, master = started(tmp_path)
    try:
        app.send_signal(signal.SIGHUP)
        assert ended(app) is not None, "the app ignored the hang-up"
    finally:
        os.close(master)


def test_without_a_terminal_the_app_refuses_in_one_line_and_makes_nothing(tmp_path):
    home = tmp_path / "home"
    out = subprocess.run(
        [BATON],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "BATON_HOME": str(home)},
        timeout=LIVENESS_SECONDS,
    )
    assert out.returncode == 1
    assert out.stderr.startswith("baton: the app needs a terminal") and "baton list" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert not home.exists()


def test_a_terminal_that_hung_up_no_longer_answers():
    master, slave = os.openpty()
    try:
        assert answers(slave)
        assert not answers(master + slave + 1000)  # no such descriptor
    finally:
        os.close(master)
        os.close(slave)
    assert not answers(slave)


async def test_text_typed_in_a_field_is_saved_when_the_terminal_goes_away(tmp_path):
    """As "Save and quit" would: nobody is left to ask."""
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        await type_in(pilot, screen, "start", "2025-12-01")
        app.terminal_gone()
        assert app.return_code is None
        app.terminal_gone()
        app.terminal_gone()  # a second sign of the same hang-up changes nothing
        await settle(pilot)
        assert app.return_code == 0  # it ended, not the test
    assert maya.state(handoff).values["start"] == "2025-12-01"


async def test_with_nothing_typed_the_app_simply_ends(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        before = len(maya.store.event_rows())
        assert app.return_code is None
        app.terminal_gone()
        await settle(pilot)
        assert app.return_code == 0
    assert len(maya.store.event_rows()) == before
