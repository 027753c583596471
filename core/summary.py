"""A machine-written summary of a brief, only when the team asks for one.

A model has one clear job here: summarise what the sender wrote. It never
changes a value, and it runs only when the team has configured a command in
`$BATON_HOME/brief.toml`:

    summarize_command = "llm -m MODEL -s 'Summarise this handoff brief in five lines for the receiver.'"
    summarize_timeout = 60   # seconds; 60 when not given

The command is split like a shell line (no shell runs it), gets the brief's
Markdown on stdin and prints the summary on stdout. An unconfigured, failing
(non-zero exit), silent or slow command (past the timeout its process group is
stopped) is a `SummaryUnavailable` with one clear line; the caller shows the
brief without a summary.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .regular_file import NotAFile, read_settings

CONFIG_FILE = "brief.toml"
DEFAULT_TIMEOUT = 60.0
KEEP_CHARS = 20_000
HEADING = "## Summary (machine-written: check it against the items above; it changes nothing)"


class SummaryUnavailable(Exception):
    """No summary this time; the message is one line that says why."""


@dataclass(frozen=True)
class SummaryCommand:
    argv: list[str]
    timeout: float


def summary_command(home_root: Path) -> SummaryCommand:
    """The team's configured command; SummaryUnavailable when none is configured or the file is unusable."""
    path = home_root / CONFIG_FILE
    try:
        data = tomllib.loads(read_settings(path))
    except FileNotFoundError:
        raise SummaryUnavailable(f"no summary: no `summarize_command` is configured (set it in {path})") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, NotAFile) as exc:
        raise SummaryUnavailable(f"no summary: {path} cannot be used: {exc}") from None
    command = data.get("summarize_command")
    if command is None:
        raise SummaryUnavailable(f"no summary: no `summarize_command` is configured (set it in {path})")
    try:
        argv = shlex.split(command) if isinstance(command, str) else []
    except ValueError as exc:
        raise SummaryUnavailable(f"no summary: `summarize_command` in {path} cannot be read: {exc}") from None
    if not argv:
        raise SummaryUnavailable(f"no summary: `summarize_command` in {path} must be a non-empty command line")
    timeout = data.get("summarize_timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise SummaryUnavailable(f"no summary: `summarize_timeout` in {path} must be a number of seconds above 0")
    return SummaryCommand(argv, float(timeout))


def summarize(brief: str, command: SummaryCommand) -> str:
    """The command's summary of `brief`; SummaryUnavailable (one line) when it fails, is slow or says nothing."""
    name = os.path.basename(command.argv[0])
    try:
        process = subprocess.Popen(
            command.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise SummaryUnavailable(f"no summary: cannot run {name}: {exc.strerror or exc}") from None
    try:
        out, err = process.communicate(brief.encode("utf-8"), timeout=command.timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise SummaryUnavailable(f"no summary: {name} took longer than {command.timeout:g} s and was stopped") from None
    if process.returncode != 0:
        said = _first_line(err) or _first_line(out) or "no message"
        raise SummaryUnavailable(f"no summary: {name} failed (exit {process.returncode}): {said}")
    text = out.decode("utf-8", errors="replace").strip()
    if not text:
        raise SummaryUnavailable(f"no summary: {name} printed nothing")
    return text if len(text) <= KEEP_CHARS else text[: KEEP_CHARS - 1] + "…"


def with_summary(brief: str, summary: str) -> str:
    """The brief with the summary added at its end, under a heading that says a machine wrote it."""
    return brief.rstrip("\n") + "\n\n" + HEADING + "\n\n" + summary.strip() + "\n"


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()
    process.communicate()


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= 200 else first[:199] + "…"
