"""The installed `baton` run for real in a pseudo-terminal of a given size (the width a user's terminal reports)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios

from conftest import BATON
from rich.cells import cell_len


def in_terminal(home, columns: int, *args: str, environ: dict[str, str] | None = None) -> tuple[list[str], int]:
    """What `baton ARGS` writes (stdout and stderr, as the terminal shows them) in a terminal `columns` wide,
    one line each, and its exit code. `environ`: more of the environment (`COLUMNS`, say)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "BATON_DEBUG")}
    process = subprocess.Popen(
        [str(BATON), *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**env, "BATON_HOME": str(home), **(environ or {})},
    )
    os.close(follower)
    said = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the command is done
            break
        if not chunk:
            break
        said += chunk
    code = process.wait(timeout=60)
    os.close(leader)
    return said.decode().replace("\r\n", "\n").splitlines(), code


def too_wide(lines: list[str], columns: int) -> list[str]:
    """The lines wider than `columns` terminal cells (a CJK character takes two)."""
    return [line for line in lines if cell_len(line) > columns]
