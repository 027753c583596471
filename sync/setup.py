"""Setting up a new home: what `baton init` and the app's first-run screen both do, written once.

Who this is (user name, zone), the shared folder (chosen as sync/chosen_folder.py chooses it), then, with an
invitation code, joining its team (sync/joining.py), or, for a lead with a folder and no code, founding one
(sync/founding.py). Every check that needs nothing written runs first; a refusal after the home was made takes
it away again (core/new_home.py), and a folder made for it: a refused setup leaves nothing behind.

An invitation code needs the shared folder. The team, and the lead's record of the code, are in it, and a join
counts for teammates only once it gets there: a home set up from a code alone joined nothing anyone could see
(`baton init --invite` took it, the app refused it). Both refuse it now, saying the folder is needed, and why.

A refusal says which of the inputs it is about (`refused_field`), so the app puts the cursor where the fix is
typed; the command line says it in one line, as ever.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baton.core.config import check_user
from baton.core.errors import BatonError, InvalidValue, NotAllowed
from baton.core.hlc import now_ms
from baton.core.home import Home
from baton.core.home_owner import record_device
from baton.core.kept_database import KeptDatabase, kept_database
from baton.core.new_home import paths_to_create, remove
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.invite import Invite, read_code
from baton.core.team.may_found import founding_refusal
from baton.core.team.roster import Roster
from baton.core.timezones import guess_system_zone, known_zone, zone

from .chosen_folder import chosen_sync_dir, create_sync_dir
from .report import SyncReport
from .team_hint import team_hint


def join_needs_folder(option: str = "") -> str:
    """Why a code alone sets up nothing; `option` names the folder's input where the cursor cannot go to it."""
    named = f" ({option})" if option else ""
    return (
        f"an invitation code needs the shared folder the team syncs through{named}: the code is checked there, "
        "and the join goes out there"
    )


@dataclass
class NewHome:
    """A home just set up, and what to tell its person."""

    replica: Replica
    created: str = ""
    """"Created shared folder …" when the folder was made for it, else ""."""
    joined: Invite | None = None
    """The invitation this home joined the team with."""
    founded: bool = False
    """A lead's home with a folder that had no team: the team was founded here."""
    folder_team: dict[str, Any] | None = None
    """The team the folder holds, when this home neither joined nor founded it: nothing written here counts yet."""
    sync: SyncReport | None = None
    """The sync that sent the join or the founding out (its problems are notes, not refusals)."""
    kept: KeptDatabase | None = None
    """The home's database, intact when its config.json was lost, taken up again (core/kept_database.py)."""


def refused_field(exc: BaseException) -> str | None:
    """Which input a refusal from `set_up_home` is about (user, name, tz, invite or sync-dir: the first-run
    screen's fields); None when it names itself (a name holding a control character, a home set up meanwhile)."""
    field = getattr(exc, "setup_field", None)
    return field if isinstance(field, str) else None


def checked_with(exc: BaseException) -> tuple[str, ...]:
    """The other inputs a refusal was checked against ("this invitation is for jon, not jonn" is about the code
    and the user name alike): a change to any of them may be its fix."""
    also = getattr(exc, "setup_also", ())
    return also if isinstance(also, tuple) else ()


FIELDS = ("user", "name", "tz", "invite", "sync-dir")
"""The first-run screen's inputs a refusal can be about."""


@contextlib.contextmanager
def _about(field: str | None, also: tuple[str, ...] = ()) -> Iterator[None]:
    try:
        yield
    except (BatonError, OSError) as exc:
        own = exc.field if isinstance(exc, InvalidValue) and exc.field in FIELDS else None  # a join's name, taken
        if refused_field(exc) is None and (own or field) is not None:
            setattr(exc, "setup_field", own or field)  # noqa: B010  (an exception of any kind carries it)
            setattr(exc, "setup_also", tuple(f for f in also if f != (own or field)))  # noqa: B010
        raise


def set_up_home(
    home: Home,
    user: str,
    role: str | None = "member",
    tz: str | None = None,
    display_name: str | None = None,
    sync_dir: str | None = None,
    code: str | None = None,
    folder_option: str = "",
) -> NewHome:
    """Make `home` for `user`: checked, made, and joined or founded; BatonError (or OSError) with nothing left
    behind when it cannot be. With `code` the role is the invitation's; `role` None: not given (a home taken up
    again keeps the role its database recorded, else member); `folder_option` names the folder's
    input in the refusal of a code without one (the app puts the cursor in its field instead)."""
    with _about("user"):
        check_user(user)
    with _about("user"):  # a database another person or device made is refused before anything else is read
        kept = kept_database(home, user)
    tz = tz or (kept.tz if kept and known_zone(kept.tz) else None) or guess_system_zone()
    with _about("tz"):
        zone(tz)
    invite = None
    if code:
        with _about("invite"):
            invite = read_code(code)
        # another person's code (or a typo in the name: either field may be the fix), or an expired one
        with _about("invite", also=("user",) if invite.user != user else ()):
            membership.check_invite_for(invite, user, now_ms())
        role = invite.role
        if not sync_dir:
            with _about("sync-dir"):
                raise InvalidValue(join_needs_folder(folder_option))
    chosen, missing, hint = None, False, None
    founding = invite is None and role == "lead" and bool(sync_dir) and not (kept and kept.on_team)
    if sync_dir:
        with _about("sync-dir"):
            chosen, missing = chosen_sync_dir(Path(sync_dir), home)
            hint = None if missing else team_hint(chosen)
            refusal = founding_refusal("lead", Roster(), str(chosen), hint, user) if founding else None
            if refusal is not None:  # a folder holds one team: a second founding only splits its people
                raise NotAllowed(refusal)
    made = paths_to_create(home)
    replica = Replica.init(  # its refusals (a home set up meanwhile, a name with a control character) name themselves
        home, user, role=role, tz=tz, display_name=display_name, sync_dir=str(chosen) if chosen else None
    )
    try:
        new = NewHome(replica, kept=kept)
        if chosen is not None and missing:
            made.append(chosen)  # a refusal from here on takes the new folder away too
            with _about("sync-dir"):
                new.created = create_sync_dir(chosen)
        record_device(replica.store, membership.device_key(home).public)
        if code:
            with _about("invite"):  # a code used, revoked or for another team: read from the folder just now
                new.joined, new.sync = _joined(replica, code)
        elif founding:
            new.founded, new.sync = True, _founded(replica)
        elif not (kept and kept.on_team):  # a home taken up again is on its team already
            new.folder_team = hint
    except BaseException:
        replica.close()
        remove(made)
        raise
    return new


def _joined(replica: Replica, code: str) -> tuple[Invite, SyncReport]:
    from .joining import join_team
    from .run import sync_once

    invite = join_team(replica, code)
    # the join goes out now; what went wrong is a note, or the next sync's (as is checking a starter it took)
    return invite, sync_once(replica, check=False)


def _founded(replica: Replica) -> SyncReport:
    from .founding import found_team
    from .run import sync_once

    found_team(replica)
    return sync_once(replica)
