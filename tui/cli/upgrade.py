"""`baton upgrade`: move open handoffs to the newest version of their checklist."""

from __future__ import annotations

import click

from baton.tui.cli.base import cli, fail, guarded, open_replica, say


@cli.command()
@click.argument("handoff", required=False)
@click.option("--all", "template_id", metavar="TEMPLATE", help="Every open handoff of this checklist (leads only).")
@click.option("--dry-run", is_flag=True, help="Show what would change and write nothing.")
@guarded
def upgrade(handoff: str | None, template_id: str | None, dry_run: bool) -> None:
    """Move a handoff to its checklist's newest version: items added, removed, changed; values kept; new blockers."""
    from baton.core.errors import NotAllowed
    from baton.core.upgrade import AlreadyNewest, upgrade_all
    from baton.core.upgrade import upgrade as upgrade_one

    if (handoff is None) == (template_id is None):
        fail("give a handoff id, or --all TEMPLATE (see `baton upgrade --help`)", 2)
    replica = open_replica()
    if handoff is not None:
        try:
            plans, skipped = [upgrade_one(replica, handoff, dry_run)], list[str]()
        except AlreadyNewest as exc:  # nothing to do is no failure: said, exit 0
            say(f"{exc}.")  # it starts with the id, as typed: never capitalised
            return
        except NotAllowed as exc:  # as `new` says of a draft on it: what a lead does about it
            if not str(exc).startswith("unapproved checklist"):
                raise
            source = replica.catalog().get(replica.state(handoff).template.id).source
            fail(
                f"{exc}: it can be upgraded once a lead publishes it (baton templates publish {source})", exc.exit_code
            )
    else:
        assert template_id is not None
        plans, skipped = upgrade_all(replica, template_id, dry_run)
    for plan in plans:
        for line in plan.lines():
            say(line)
    for line in skipped:
        say(f"skipped: {line}")
    count = f"{len(plans)} handoff{'s' if len(plans) != 1 else ''}"
    say(f"Dry run: nothing changed ({count} would be upgraded)." if dry_run else f"Upgraded {count}.")
