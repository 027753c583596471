"""The commands of a handoff's life, in its order: new, set, send, accept, return and the rest."""

from __future__ import annotations

from typing import Any

import click

from baton.core.statuses import STATUSES
from baton.tui.cli.base import cli, guarded, open_replica, say
from baton.tui.cli.hot_commands import list_of_handoffs, send_handoff, show_handoff


@cli.command()
@click.argument("template_id", required=False)
@click.option("--title", help="What the work is, as the receiver will see it.")
@click.option(
    "--to",
    "to",
    help="The receiver's user name, or @STAGE; without it, the checklist's receiving stage picks one (see `baton stage`).",
)
@click.option(
    "--due", metavar="DAY", help="Due date: YYYY-MM-DD, today, tomorrow, a weekday (fri), 3d, 2w, eow or eom."
)
@click.option("--set", "sets", multiple=True, metavar="ITEM=VALUE", help="Fill an item from the start (repeatable).")
@click.option(
    "--from-json",
    "from_json",
    metavar="FILE|-",
    help="Read {template, title, to, due, values} from a file or stdin; options given here win.",
)
@click.option(
    "--new-teammate",
    "new_teammate",
    is_flag=True,
    help="--to names someone who has not joined yet (else a near-miss of a teammate's name is refused as a typo).",
)
@guarded
def new(
    template_id: str | None,
    title: str | None,
    to: str | None,
    due: str | None,
    sets: tuple[str, ...],
    from_json: str | None,
    new_teammate: bool,
) -> None:
    """Start a handoff from a template, to a person or a stage, optionally prefilled; prints its id."""
    from baton.tui.cli.intake import intake_request

    request = intake_request(template_id, title, to, due, sets, from_json)
    replica = open_replica()
    from baton.core.drafts import open_draft

    draft = open_draft(
        replica,
        request.template,
        request.title,
        request.to,
        request.due,
        request.values,
        problems_before=request.problems,
        new_teammate=new_teammate,
    )
    say(draft.id)
    kept_due = replica.state(draft.id).due
    if kept_due:  # the day `fri` or `2w` was taken to mean, said back (stdout stays the id alone)
        from baton.core.due_words import due_said

        say(due_said(kept_due), err=True)
    unapproved_note(replica, draft.id, request.template)
    mates = replica.store.teammates()
    if draft.route is not None:
        name = mates[draft.receiver]["display_name"] if draft.receiver in mates else draft.receiver
        say(draft.route.line(name), err=True)
    else:
        waits_for_stranger(replica, draft.receiver)


def unapproved_note(replica: Any, handoff: str, template_id: str) -> None:
    """Said when the draft is made, not first at its send: a checklist the team does not know cannot go out."""
    unapproved = replica.state(handoff).unapproved
    if unapproved:
        source = replica.catalog().get(template_id).source
        say(
            f"note: {unapproved}: it cannot be sent until a lead publishes it (baton templates publish {source})",
            err=True,
        )


def waits_for_stranger(replica: Any, user: str) -> None:
    """A note when the handoff now waits on someone this copy has never heard of (core/receivers.py)."""
    from baton.core.receivers import waiting_note

    note = waiting_note(replica, user)
    if note is not None:
        say(f"note: {note}", err=True)


@cli.command("set", context_settings={"ignore_unknown_options": True})  # `set ID seats -5` is a value, not an option
@click.argument("handoff")
@click.argument("item_id")
@click.argument("value", required=False)
@guarded
def set_(handoff: str, item_id: str, value: str | None) -> None:
    """Fill in an item (a check item needs no value)."""
    from baton.core.values import display, problem

    replica = open_replica()
    written = replica.set_item(handoff, item_id, value)
    state = replica.state(handoff)
    item = state.template.item(item_id)
    if written is None and item is not None:
        say(f"{item.text}: already {display(item, state.values.get(item_id))}; nothing written.")
    wrong = problem(item, state.values.get(item_id)) if item is not None else None
    if wrong:  # saved (work in progress is kept), but the gate will still hold on it
        done = "saved, but it" if written is not None else "it still"  # nothing written: claim no save
        say(f"baton: warning: {done} blocks sending: {item.text}: {wrong}", err=True)
    elif written is not None:  # a vague answer is said as the app says it under the field: at once
        from baton.tui.cli.warnings import read_warnings

        for found in (f for f in read_warnings(replica, state) if f.item_id == item_id):
            say(f"baton: note: {item.text}: {found.reason} (a warning, not a blocker). {found.fix}", err=True)
    _report_gate(replica, handoff)


@cli.command()
@click.argument("handoff")
@click.argument("item_id")
@guarded
def clear(handoff: str, item_id: str) -> None:
    """Empty an item."""
    replica = open_replica()
    if replica.clear_item(handoff, item_id) is None:
        say(f"`{item_id}` is empty already; nothing written.")
    _report_gate(replica, handoff)


@cli.command()
@click.argument("handoff")
@click.argument("item_id")
@click.option("--reason", required=True, help="Why the receiver can do without it.")
@guarded
def waive(handoff: str, item_id: str, reason: str) -> None:
    """Waive a required item (leads only); the reason is recorded."""
    replica = open_replica()
    replica.waive(handoff, item_id, reason)
    _report_gate(replica, handoff)


@cli.command()
@click.argument("handoff")
@click.argument("text")
@guarded
def comment(handoff: str, text: str) -> None:
    """Add a comment to the handoff's thread."""
    open_replica().comment(handoff, text)
    say("Comment added.")


@cli.command()
@click.argument("handoff")
@guarded
def send(handoff: str) -> None:
    """Send to the receiver; exit 3 with every blocker when the gate fails, 5 when a lead removed the receiver;
    vague answers are warned about."""
    send_handoff(handoff)


@cli.command()
@click.argument("handoff")
@click.option("--no-next", is_flag=True, help="Do not open the next handoff of the chain now.")
@guarded
def accept(handoff: str, no_next: bool) -> None:
    """Accept a handoff sent to you: from now on you own it. The next handoff of its chain opens as your draft."""
    replica = open_replica()
    replica.accept(handoff)
    say(f"Accepted. You own “{replica.state(handoff).title}” now.")
    if not no_next:
        from baton.tui.cli.intake import report_next

        report_next(replica, handoff, after_accept=True)


@cli.command("return")
@click.argument("handoff")
@click.option("--reason", required=True, help="What is missing or wrong, so the sender can fix it.")
@guarded
def return_(handoff: str, reason: str) -> None:
    """Return a handoff to its sender with a reason."""
    replica = open_replica()
    replica.return_(handoff, reason)
    say(f"Returned to {replica.state(handoff).sender}.")


@cli.command()
@click.argument("handoff")
@click.option("--reason", required=True)
@guarded
def cancel(handoff: str, reason: str) -> None:
    """Cancel an open handoff with a reason."""
    open_replica().cancel(handoff, reason)
    say("Cancelled.")


@cli.command()
@click.argument("handoff")
@click.option("--to", "to", metavar="USER", help="Who takes over the next step.")
@click.option(
    "--receiver",
    metavar="USER",
    help="Who receives a draft or returned handoff when it is sent (its sender or a lead; the sender keeps it).",
)
@click.option(
    "--new-teammate",
    "new_teammate",
    is_flag=True,
    help="The name given is someone who has not joined yet (else a near-miss of a teammate's name is refused as a typo).",
)
@guarded
def reassign(handoff: str, to: str | None, receiver: str | None, new_teammate: bool) -> None:
    """Hand the next step to someone else (the sender of a draft, the receiver of a sent handoff), or give a
    draft another receiver (--receiver)."""
    if (to is None) == (receiver is None):
        raise click.UsageError(
            "give one of --to USER (who takes the next step) or --receiver USER (who receives a draft)"
        )
    replica = open_replica()
    if receiver is not None:
        from baton.core.receiver_change import change_receiver

        change_receiver(replica, handoff, receiver, new_teammate)
        say(f"Receiver changed: {receiver} receives it when it is sent.")
        waits_for_stranger(replica, receiver)
        return
    assert to is not None
    replica.reassign(handoff, to, new_teammate)
    say(f"Reassigned: {to} has the next step.")
    waits_for_stranger(replica, to)


@cli.command("list")
@click.option("--inbox", is_flag=True, help="Sent to you, or accepted and yours.")
@click.option("--outbox", is_flag=True, help="Your drafts, sent and returned handoffs.")
@click.option("--all", "team", is_flag=True, help="Every handoff in the team.")
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--json", "as_json", is_flag=True, help="Stable JSON, one object per handoff.")
@guarded
def list_(inbox: bool, outbox: bool, team: bool, status: str | None, as_json: bool) -> None:
    """Your handoffs (inbox and outbox), newest change first."""
    scopes = [name for name, given in (("inbox", inbox), ("outbox", outbox), ("team", team)) if given]
    if len(scopes) > 1:  # before, the last one given won silently
        raise click.UsageError("give one of --inbox, --outbox or --all")
    list_of_handoffs(scopes[0] if scopes else None, status, as_json)


@cli.command()
@click.argument("handoff")
@click.option("--json", "as_json", is_flag=True)
@guarded
def show(handoff: str, as_json: bool) -> None:
    """Items, values, blockers, vague-answer warnings, comments and history, in your time zone."""
    show_handoff(handoff, as_json)


@cli.command()
@click.argument("handoff")
@guarded
def history(handoff: str) -> None:
    """Who changed what, old → new, and when."""
    import sys

    from baton.tui.cli.output import terminal_columns
    from baton.tui.cli.render import history_lines

    replica = open_replica()
    for line in history_lines(replica, replica.state(handoff), terminal_columns(sys.stdout)):
        say(line)


@cli.command()
@click.argument("handoff")
@guarded
def undo(handoff: str) -> None:
    """Revert your last change on a handoff (it survives sync)."""
    say(f"Undone: {open_replica().undo(handoff).summary}.")


def _report_gate(replica, handoff: str) -> None:
    state = replica.state(handoff)
    done, total = state.progress()
    blockers = state.blockers()
    from baton.tui.words import gate_words

    tail = gate_words(len(blockers))
    say(f"{done}/{total} required done; {tail}.")
