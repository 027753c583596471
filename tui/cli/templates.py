"""`baton templates`: list, show and check checklist templates."""

from __future__ import annotations

import sys
from typing import Any

import click

from baton.tui.cli.base import Group, cli, guarded, open_replica, say


@cli.group(cls=Group)
def templates() -> None:
    """List, show and check checklist templates."""


@templates.command("list")
@guarded
def templates_list() -> None:
    """Every template you can start a handoff from (highest version of each id), and where it comes from."""
    from baton.tui.cli.fit import fit_table, right_aligned
    from baton.tui.cli.output import terminal_columns
    from baton.tui.cli.render import aligned, cell_width
    from baton.tui.cli.render_template import source_words

    catalog = open_replica().catalog()
    table = [["ID", "VERSION", "TRANSITION", "ITEMS", "REQUIRED", "TRIGGER", "SOURCE"]]
    for entry in catalog:
        t = entry.template
        table.append(
            [
                t.id,
                f"v{t.version}",
                t.transition,
                str(len(t.items)),
                str(t.required_count),
                t.trigger,
                source_words(entry),
            ]
        )
    # in a terminal too narrow for it, the transition goes (the id says it), then triggers are cut, then go
    fit_table(table, terminal_columns(sys.stdout), ["-TRANSITION", "TRIGGER", "-TRIGGER", "SOURCE"], cell_width)
    right = right_aligned(table, ["ITEMS", "REQUIRED"])
    for line in aligned(table, right=right, width=cell_width):  # a trigger in CJK takes two cells a character
        say(line)
    for skipped in catalog.skipped:  # every one in this run, after what works; the exit code stays 0
        say(f"baton: skipped {skipped.source}: {skipped.reason}", err=True)


@templates.command("show")
@click.argument("template_id")
@guarded
def templates_show(template_id: str) -> None:
    """One template's items: what, why, kind and rules."""
    from baton.tui.cli.render_template import template_text

    say(template_text(open_replica().catalog().get(template_id)))


@templates.command("publish")
@click.argument("path", type=click.Path(dir_okay=False))
@guarded
def templates_publish(path: str) -> None:
    """Publish the team's own checklist (leads only): every replica then knows it by its content hash."""
    from pathlib import Path

    from baton.core.team import membership
    from baton.core.team.checklists import checklist_hash
    from baton.core.template import load_template

    template = load_template(Path(path))
    snapshot = template.as_dict()
    replica = open_replica()
    membership.publish(replica, snapshot)
    say(f"Published {template.id} v{template.version} ({checklist_hash(snapshot)[:12]}): the team knows it now.")
    # Publishing approves the checklist; it does not copy the file: `new` reads each home's checklists folder.
    here = replica.home.templates / Path(path).name
    mine = "" if _holds(replica, template) else f" (not yet yours either: copy it to {here})"
    say(
        f"note: handoffs start on it from a home whose checklists folder holds the file{mine}; "
        "each teammate copies it into theirs",
        err=True,
    )


def _holds(replica: Any, template: Any) -> bool:
    """Whether this home's catalog starts handoffs on exactly the published checklist."""
    from baton.core.errors import NotFound

    try:
        mine = replica.catalog().get(template.id).template
    except NotFound:
        return False
    return bool(mine.as_dict() == template.as_dict())


@templates.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def templates_validate(paths: tuple[str, ...]) -> None:
    """Check template files; exit 1 if any is broken."""
    from pathlib import Path

    from baton.core.catalog import Catalog, builtin_overlap, unknown_next
    from baton.core.errors import TemplateError, problems_said
    from baton.core.home import Home
    from baton.core.template import Template, load_template

    read: dict[str, Template | TemplateError] = {}
    for path in paths:
        try:
            read[path] = load_template(Path(path))
        except TemplateError as exc:
            read[path] = exc
    home = Home.locate()
    catalog = Catalog(home.templates, cache_folder=home.root)  # what `next` may name: this home's and these files
    known = [*catalog.entries, *catalog.held_back, *(t.id for t in read.values() if isinstance(t, Template))]
    for path, template in read.items():
        if isinstance(template, TemplateError):
            for problem in problems_said(template.problems):  # 20,000 bad items: the first ones and a count
                say(f"{template.source}: {problem}", err=True)
            continue
        say(f"{path}: ok ({template.id} v{template.version}, {len(template.items)} items)")
        overlap = builtin_overlap(template)
        if overlap is not None:
            say(f"baton: warning: {path} {overlap}", err=True)
        for warning in unknown_next(template, known):
            say(f"baton: warning: {path}: {warning}", err=True)
    if any(isinstance(t, TemplateError) for t in read.values()):
        sys.exit(1)  # each problem was one line naming its file, as a linter says it
