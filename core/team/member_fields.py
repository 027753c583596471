"""What a roster change about a person may carry, checked before it is signed.

Every replica folds a `member_set` whatever it holds (changes.py: a name or zone
that cannot be used counts as not given), so a value this copy would write and
the fold would drop must be refused here, in one line, before anything is
signed: otherwise `team set` says "done" for a change no copy applies, or an
empty zone wipes the person's zone everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InvalidValue
from ..hours import WorkingHours, region_setting
from ..template import stage_problem
from ..terminal_text import has_control
from ..timezones import zone

if TYPE_CHECKING:
    from ..replica import Replica

CHANGES = "give --role, --stage, --hours, --holidays, --tz or --name"
"""The changes a person's details take, as the command line names them."""


def checked_stages(stages: list[str] | None) -> list[str]:
    """The stages given, each a stage name (an empty or blank one is refused, not kept as a stage nobody has)."""
    for stage in stages or []:
        problem = stage_problem(stage)
        if problem:
            raise InvalidValue(problem)
    return list(dict.fromkeys(stages or []))


MAX_NAME = 100
"""Characters of a person's name: the roster counts a longer one as not given (changes.py), as the folder's
replica.json reader cuts one (every listing prints it whole)."""


def checked_name(name: str) -> str:
    """A person's name as teammates see it: some text, on one line, without control characters."""
    if has_control(name):
        raise InvalidValue("a name cannot hold control characters (an escape sequence, a line break, a tab)")
    if not name.strip():
        raise InvalidValue("a name needs some text")
    if len(name.strip()) > MAX_NAME:
        raise InvalidValue(f"a name can hold at most {MAX_NAME} characters")
    return " ".join(name.split())


def checked_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The fields of a `member_set` given (None: not given), each as the fold will read it; InvalidValue names
    the first that no replica would apply."""
    fields = {k: v for k, v in changes.items() if v is not None}
    if not fields:
        raise InvalidValue(f"nothing to change: {CHANGES}")
    if "stages" in fields:
        fields["stages"] = checked_stages(fields["stages"])
    if "hours" in fields:  # working hours and holidays are read by routing and windows (hours.py)
        fields["hours"] = str(WorkingHours.parse(fields["hours"]))
    if "holidays" in fields:  # `none` clears it: "" in the signed event, as every replica's roster reads it
        fields["holidays"] = region_setting(fields["holidays"])
    if "tz" in fields:
        zone(fields["tz"])
    if "name" in fields:
        fields["name"] = checked_name(fields["name"])
    return fields


def own_config_follows(replica: Replica, fields: dict[str, Any], hlc: str) -> None:
    """Your own new zone or name (`team set YOU --tz …`, the change stamped `hlc`) is also this device's: every
    time it shows is in that zone from now on. Without it the roster said Lisbon while every command kept
    printing Singapore times. A lead's change of your zone reaches your devices on import (own_zone.py)."""
    from ..config import save_config
    from .own_zone import zone_set

    if "tz" in fields:
        zone_set(replica, hlc)

    changes = {"tz": fields["tz"]} if "tz" in fields else {}
    if "name" in fields:
        changes["display_name"] = fields["name"]
    if changes:
        replica.config = replica.config.with_(**changes)
        save_config(replica.home, replica.config)
