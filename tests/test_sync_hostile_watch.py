"""`baton sync --watch` over a shared folder damaged while it runs: it keeps going, and converges once repaired.

The watcher syncs on every change in the folder and on its poll; each damage below is
done while it runs and lasts a couple of its passes, then the folder is put back. The
watcher never stops or raises, writes nothing outside the shared folder, and ends exactly
where an undamaged sync does. Once in process, once as the real `baton sync --watch`.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable

import pytest
from conftest import BATON
from folder_damage import DAMAGES, restore
from test_sync_hostile_folder import World, sound, state, untouched

from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.watch import watch

WAIT = 60  # seconds: a bound so a broken watcher fails instead of hanging, not a speed check
DURING = ["layout_replaced", "shared_folder_gone", "replica_folder_replaced", "replace_with_fifo", "bad_replica_json"]


def by_name(name: str) -> Callable[..., str]:
    [damage] = [d for d in DAMAGES if d.__name__ == name]
    return damage


def put_back(world: World) -> None:
    """The folder made exactly what it was, while the watcher may be writing its own files into it."""
    for _ in range(20):
        try:
            restore(world.saved_shared, world.shared)
            return
        except (OSError, shutil.Error):
            time.sleep(0.05)  # its sync wrote meanwhile: again
    restore(world.saved_shared, world.shared)


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


def test_the_watcher_survives_damage_while_it_runs_and_converges(world):
    replica = Replica.open(Home(world.home))
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    escaped: list[BaseException] = []

    def watching() -> None:
        try:
            watch(replica, reports.put, stop, poll_seconds=0.3, settle_seconds=0.2, most_seconds=1)
        except BaseException as exc:
            escaped.append(exc)

    thread = threading.Thread(target=watching, daemon=True)
    thread.start()
    try:
        reports.get(timeout=WAIT)  # the first pass
        for name in DURING:
            said = by_name(name)(world.scene(), lambda options: list(options)[-1])
            for _ in range(2):  # a couple of passes over the damaged folder
                reports.get(timeout=WAIT)
                assert thread.is_alive() and not escaped, (said, escaped)
            untouched(world)
            put_back(world)
        deadline = time.monotonic() + WAIT
        while state(world.home) != world.expected:
            assert time.monotonic() < deadline, "the watcher never caught up with the repaired folder"
            reports.get(timeout=WAIT)
    finally:
        stop.set()
        thread.join(WAIT)
        replica.close()
    assert not thread.is_alive() and not escaped
    sound(world.home)


def test_a_real_watch_process_survives_damage_and_stops_cleanly_on_ctrl_c(world, tmp_path):
    out, err = tmp_path / "watch.out", tmp_path / "watch.err"
    env = {**os.environ, "BATON_HOME": str(world.home)}
    env.pop("BATON_DEBUG", None)
    with open(out, "w") as stdout, open(err, "w") as stderr:
        process = subprocess.Popen([str(BATON), "sync", "--watch"], env=env, stdout=stdout, stderr=stderr)
    try:

        def said(text: str, since: int = 0) -> int:
            """Waits until the watcher's output (past `since` characters) holds `text`; where it ends now."""
            deadline = time.monotonic() + WAIT
            while text not in out.read_text()[since:]:
                assert process.poll() is None, (out.read_text(), err.read_text())
                assert time.monotonic() < deadline, out.read_text()
                time.sleep(0.05)
            return len(out.read_text())

        seen = said("in: ")
        by_name("layout_replaced")(world.scene(), lambda options: list(options)[1])  # replicas -> a link outside
        seen = said("a symbolic link where baton's folder belongs", seen)
        put_back(world)
        by_name("shared_folder_gone")(world.scene(), lambda options: next(iter(options)))
        seen = said("the shared folder does not exist", seen)
        put_back(world)
        deadline = time.monotonic() + WAIT
        while state(world.home) != world.expected:
            assert process.poll() is None and time.monotonic() < deadline, (out.read_text(), err.read_text())
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0
    finally:
        process.kill()
        process.wait()
    output = out.read_text() + err.read_text()
    assert "Traceback" not in output and "unexpected error" not in output, output
    assert "Stopped." in err.read_text()
    untouched(world)
    sound(world.home)
