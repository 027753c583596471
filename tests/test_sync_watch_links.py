"""A link dropped into a teammate's folder, or a teammate's folder this user may not read, never ends the
watcher, and a refused watch is a poll.

The watcher once watched the replica folders' folder and everything under it, following links: a link to `/proc`
(or `/`) in any teammate's folder made it walk there and fail on the first folder it may not read, so every
teammate's `baton sync --watch` stopped with exit 1, and the app's watcher failed again on every retry. A
teammate's folder it may not list ended it the same way.
"""

from __future__ import annotations

import errno
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
from conftest import BATON
from sync_support import own_folder, sync_once, teammate

from baton.sync import watch as watching
from baton.sync.watch import watch

WAIT = 30  # seconds: a bound so a broken watcher fails instead of hanging, not a speed check
UNREADABLE_TREE = Path("/proc")  # holds folders nobody may list (other processes' fd), root included


@pytest.fixture
def pair_with_link(tmp_path, shared):
    """ana and ben; ana's folder holds a link, named like a segment, to a tree with folders nobody may read."""
    if not (UNREADABLE_TREE / "1" / "task").is_dir():
        pytest.skip("needs Linux's /proc")
    ana, ben = teammate(tmp_path, "ana", shared), teammate(tmp_path, "ben", shared)
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    link = own_folder(ana) / "000009-deadbeef.jsonl"
    os.symlink(UNREADABLE_TREE, link)
    return ana, ben, link


def test_a_link_in_a_teammates_folder_never_ends_the_watcher_and_news_still_comes(pair_with_link):
    ana, ben, link = pair_with_link
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    escaped: list[BaseException] = []

    def watching_folder() -> None:
        try:
            watch(ben, reports.put, stop, poll_seconds=3600)
        except BaseException as exc:
            escaped.append(exc)
            reports.put(None)

    thread = threading.Thread(target=watching_folder, daemon=True)
    thread.start()
    try:
        first = reports.get(timeout=WAIT)
        assert first is not None, escaped
        assert [p.reason for p in first.problems if p.file == str(link)] == [
            "not a regular file (a symbolic link): not opened"
        ]
        handoff = ana.create("relay", "Ana's news", "ben")
        sync_once(ana)
        while (got := reports.get(timeout=WAIT)) is not None and not got.imported_events:
            pass
        assert got is not None, escaped
        assert ben.store.handoff_row(handoff)["title"] == "Ana's news"
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive() and escaped == []


def test_a_real_watch_process_keeps_running_over_such_a_link(pair_with_link):
    ana, ben, link = pair_with_link
    env = {**os.environ, "BATON_HOME": str(ben.home.root)}
    with subprocess.Popen([BATON, "sync", "--watch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as run:
        try:
            assert run.stdout is not None
            said = b""
            while str(link).encode() not in said:  # its first pass, over the link
                line = run.stdout.readline()
                assert line, run.stderr.read().decode() if run.stderr else ""
                said += line
            assert run.poll() is None
        finally:
            run.terminate()
            run.wait(WAIT)


def test_a_watch_the_system_refuses_is_a_sync_at_every_poll_said_once_per_pass(tmp_path, shared, monkeypatch):
    ana, ben = teammate(tmp_path, "ana", shared), teammate(tmp_path, "ben", shared)
    stop = threading.Event()
    refused: list[tuple] = []

    def no_watches_left(*paths, **options):
        refused.append(paths)
        if len(refused) == 3:
            stop.set()
        raise OSError(errno.ENOSPC, "OS file watch limit reached")
        yield set()

    monkeypatch.setattr(watching.watchfiles, "watch", no_watches_left)
    waited: list[float] = []
    monkeypatch.setattr(stop, "wait", waited.append)
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    reports: list = []
    watch(ben, reports.append, stop, poll_seconds=30)
    assert len(reports) == 3 and waited == [30] * 3  # never a tight loop of refused watches
    assert [r.warnings for r in reports] == [
        ["cannot watch the shared folder for changes (OS file watch limit reached): it is synced every 30 s"]
    ] * 3
    assert ben.store.handoff_row(handoff)["title"] == "Acme deal"


def test_only_teammates_real_folders_are_watched_and_one_level_deep(pair_with_link, monkeypatch, tmp_path):
    ana, ben, link = pair_with_link
    cleo = teammate(tmp_path, "cleo", ben.config.sync_dir)
    sync_once(cleo)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, own_folder(ana).parent / ("f" * 16))  # a link where a replica folder would be
    stop = threading.Event()
    calls: list[tuple[tuple, dict]] = []

    def once(*paths, **options):
        calls.append((paths, options))
        stop.set()
        yield set()

    monkeypatch.setattr(watching.watchfiles, "watch", once)
    watch(ben, lambda report: None, stop)
    [(paths, options)] = calls
    assert options["recursive"] is False
    assert set(paths) == {ben.home.root, own_folder(ana).parent, own_folder(ana), own_folder(cleo)}


def test_a_teammates_folder_this_user_may_not_read_never_ends_a_real_watch_process():
    """Permissions set by another user's sync engine or share: the watch once failed on such a folder, exit 1."""
    from test_sync_hostile_permissions import AS_ROOT, OTHER, SETPRIV, handed_over, other_can_run_baton

    if AS_ROOT and (SETPRIV is None or not other_can_run_baton()):
        pytest.skip("root reads anything, and nobody may not run baton here")
    root = Path(tempfile.mkdtemp(prefix="baton-watch-permissions-"))  # under /tmp: a place nobody may reach
    os.chmod(root, 0o755)
    shared = root / "shared"
    shared.mkdir()
    ana, ben = teammate(root, "ana", shared), teammate(root, "ben", shared)
    ana.create("relay", "Acme deal", "ben")
    for replica in (ana, ben):
        sync_once(replica)
        replica.close()
    handed_over(root)
    os.chmod(own_folder(ana), 0)
    env = {**os.environ, "BATON_HOME": str(ben.home.root), "BATON_READ_AHEAD": "0"}
    try:
        with subprocess.Popen(
            [*OTHER, BATON, "sync", "--watch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root
        ) as run:
            try:
                assert run.stdout is not None
                said = b""
                while b"cannot list the folder" not in said:  # its first pass, over the folder it may not read
                    line = run.stdout.readline()
                    assert line, run.stderr.read().decode() if run.stderr else ""
                    said += line
                assert run.poll() is None
            finally:
                run.terminate()
                run.wait(WAIT)
    finally:
        os.chmod(own_folder(ana), 0o755)
        shutil.rmtree(root)
