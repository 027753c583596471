"""Hooks: a team's own programs, run when a handoff is sent, accepted, returned or breached.

As with git and Taskwarrior hooks, a hook is an executable file in
`<home>/hooks/` named after its moment: `on-send`, `on-accept`, `on-return`,
`on-breach`. It gets one JSON object on stdin (`hook`, `event` where there is
one, `handoff`, and for a breach `breach`) and the environment variables
`BATON_HOOK`, `BATON_HOME` and `BATON_USER`; a team routes it to chat or email.

A hook runs after the change is committed, so it can never block or lose it. It
has a time limit (10 s, or `BATON_HOOK_TIMEOUT` seconds); at the limit its whole
process group is killed. Exit 0 is success, and the first line it prints is shown
as feedback. A non-zero exit, a timeout, output that is not text, or a hook file
that is not executable is reported as one line, e.g.
`hook on-send failed (exit 2): cannot reach the chat server`, and nothing else
happens.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .handoff_json import handoff_json
from .times import iso

NAMES = ("on-send", "on-accept", "on-return", "on-breach")
FOR_KIND = {"sent": "on-send", "accepted": "on-accept", "returned": "on-return"}
DEFAULT_TIMEOUT = 10.0
KEEP_BYTES = 64 * 1024
"""Output beyond this is read and dropped, so a chatty hook cannot fill memory."""


@dataclass(frozen=True)
class HookOutcome:
    """What one hook run came to; `line()` is what the command line prints."""

    name: str
    ok: bool
    exit_code: int | None = None
    problem: str = ""
    feedback: str = ""

    def line(self) -> str:
        if self.ok:
            return f"hook {self.name}: {self.feedback}"
        if self.exit_code is not None:
            return f"hook {self.name} failed (exit {self.exit_code}): {self.problem}"
        return f"hook {self.name} failed: {self.problem}"


def timeout_from_env() -> float:
    raw = os.environ.get("BATON_HOOK_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def handoff_payload(row: Any) -> dict[str, Any]:
    """The handoff as a hook sees it: a `handoffs` row as `baton list --json` shows it (handoff_json)."""
    return handoff_json(row)


class Hooks:
    """The hooks folder of one home; `run` never raises for anything a hook does."""

    def __init__(self, folder: Path, user: str = "", timeout: float | None = None) -> None:
        self.folder = folder
        self.user = user
        self.timeout = timeout

    def path(self, name: str) -> Path | None:
        path = self.folder / name
        return path if path.is_file() else None

    def run(self, name: str, document: dict[str, Any]) -> HookOutcome | None:
        """Run hook `name` with `document` on stdin; None when the team has no such hook."""
        path = self.path(name)
        if path is None:
            return None
        if not os.access(path, os.X_OK):
            return HookOutcome(name, False, problem=f"{path} is not executable (chmod +x it to use it)")
        timeout = self.timeout if self.timeout is not None else timeout_from_env()
        data = json.dumps({"hook": name, **document}, ensure_ascii=False).encode("utf-8")
        env = {**os.environ, "BATON_HOOK": name, "BATON_HOME": str(self.folder.parent), "BATON_USER": self.user}
        try:
            process = subprocess.Popen(
                [str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=self.folder.parent,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            return HookOutcome(name, False, problem=f"cannot start: {exc.strerror or exc}")
        out, err = bytearray(), bytearray()
        workers = [
            threading.Thread(target=_feed, args=(process.stdin, data), daemon=True),
            threading.Thread(target=_drain, args=(process.stdout, out), daemon=True),
            threading.Thread(target=_drain, args=(process.stderr, err), daemon=True),
        ]
        for worker in workers:
            worker.start()
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.wait()
            _finish(workers, process)
            return HookOutcome(name, False, problem=f"took longer than {timeout:g} s and was stopped")
        _finish(workers, process)
        if code != 0:
            said = _text(bytes(err)) or _text(bytes(out)) or "no message"
            return HookOutcome(name, False, exit_code=code, problem=said)
        feedback = _text(bytes(out))
        if feedback is None:
            return HookOutcome(name, False, exit_code=0, problem=f"printed {len(out)} bytes that are not text; ignored")
        return HookOutcome(name, True, exit_code=0, feedback=feedback)


def _finish(workers: list[threading.Thread], process: subprocess.Popen[bytes]) -> None:
    """Wait a little for the pipes to drain, then close the ones that did (no open files left behind).

    A pipe still held open by something the hook left running in the background stays with its
    daemon thread: closing it under a blocked read would wait on that read.
    """
    for worker in workers:
        worker.join(timeout=2)
    for worker, pipe in zip(workers[1:], (process.stdout, process.stderr), strict=True):
        if pipe is not None and not worker.is_alive():
            pipe.close()


def _feed(pipe: Any, data: bytes) -> None:
    try:
        pipe.write(data)
    except (BrokenPipeError, OSError, ValueError):
        pass  # the hook did not read its input: that is its business
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def _drain(pipe: Any, into: bytearray) -> None:
    for chunk in iter(lambda: pipe.read(8192), b""):
        if len(into) < KEEP_BYTES:
            into.extend(chunk[: KEEP_BYTES - len(into)])


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()


def _text(raw: bytes) -> str | None:
    """The first line of readable output ('' for none); None when it is not text."""
    if not raw.strip():
        return ""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text) or "\x7f" in text:
        return None
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= 300 else first[:299] + "…"


def fire_for_event(hooks: Hooks, event: Any, handoff_row: Callable[[str], Any]) -> list[HookOutcome]:
    """Run the hook for a committed send, accept or return (`event` is an `Event`); its outcome, if it ran."""
    name = FOR_KIND.get(event.kind)
    if name is None or hooks.path(name) is None:
        return []
    try:
        document = {
            "event": {
                "id": event.id,
                "kind": event.kind,
                "at": iso(event.at),
                "author": event.author,
                "payload": event.payload,
            },
            "handoff": handoff_payload(handoff_row(event.handoff)),
        }
    except Exception as exc:  # the change is committed; a hook problem must not look like a failed change
        return [HookOutcome(name, False, problem=f"could not describe the change: {exc}")]
    outcome = hooks.run(name, document)
    return [outcome] if outcome is not None else []
