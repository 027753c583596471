"""The bodies of the commands people run most (`show`, `send`, `list`), without click.

click's commands in handoffs.py call these, and so does the fast path
(fast_path.py) that runs their simple forms before click is even loaded: one
body per command, whichever way it was reached.
"""

from __future__ import annotations

import json
from typing import Any

from baton.tui.cli.output import echo, open_replica, say


def show_handoff(handoff: str, as_json: bool) -> None:
    """`baton show`: the handoff's page, or its stable JSON."""
    from baton.tui.cli.render import handoff_json, handoff_text
    from baton.tui.cli.warnings import read_warnings

    replica = open_replica()
    state = replica.state(handoff)
    found = read_warnings(replica, state)
    if as_json:
        from baton.core.terminal_text import harmless_json

        echo(harmless_json(json.dumps(handoff_json(replica, state, found), indent=2, ensure_ascii=False)))
    else:
        import sys

        from baton.tui.cli.output import terminal_columns

        say(handoff_text(replica, state, found, terminal_columns(sys.stdout)))


def send_handoff(handoff: str) -> None:
    """`baton send`: sent, where it is now for the receiver, and the vague answers they may ask about."""
    from baton.core.receiver_rules import send_saying
    from baton.tui.cli.warnings import read_warnings, warning_lines

    replica = open_replica()
    send_saying(replica, handoff, receiver_change_command(handoff))  # a removed receiver: says how to name another
    state = replica.state(handoff)
    say(f"Sent to {state.receiver}. {their_time(replica, state.receiver)}".rstrip())
    from baton.core.deadlines import state_answer_by
    from baton.core.receivers import absence_note, away_before_due
    from baton.tui.cli.render_chain import deadline_line

    due = deadline_line(replica, state)  # when the answer is due, in both people's time
    if due:
        say(f"{due[0].upper()}{due[1:]}.")
    note = absence_note(replica, state.receiver)  # away today (one removed never gets it: refused above)
    if note is None:
        note = away_before_due(replica, state.receiver, state_answer_by(state))
    if note is not None:
        say(f"note: {note}", err=True)
    found = read_warnings(replica, state)
    if found:
        from baton.core.answer_warnings import sent_with_vague

        say(sent_with_vague(found))
        for line in warning_lines(found):
            say(line)


def receiver_change_command(handoff: str) -> str:
    """How the command line gives a draft another receiver (what the app does with Ctrl+G)."""
    return f"`baton reassign {handoff} --receiver USER`"


def list_of_handoffs(scope: str | None, status: str | None, as_json: bool) -> None:
    """`baton list`: your handoffs (or a scope of them), newest change first."""
    from baton.core.home import Home
    from baton.tui.cli.render import list_handoffs

    list_handoffs(Home.locate(), scope or "mine", status, as_json)


def their_time(replica: Any, user: str) -> str:
    """`It is 09:12 for Ben (Europe/Berlin).`, or nothing for someone who has not synced yet."""
    from baton.core.hlc import now_ms
    from baton.core.timezones import local_clock

    mate = replica.store.teammate(user)
    if not mate:
        return ""
    return f"It is {local_clock(mate['tz'], now_ms())} for {mate['display_name']} ({mate['tz']})."
