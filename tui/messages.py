"""Messages the app's workers and widgets post, named for what already happened.

Workers do the SQLite and folder work in threads and report back with one of
these; widgets never touch the database and threads never touch widgets.

Plain classes rather than dataclasses: this module loads before the app's first
frame, and making a dataclass (writing and compiling its methods) costs about a
sixth of a millisecond each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:  # named in fields only: the queue screen's messages load before the projection is needed
    from baton.core.hooks import HookOutcome
    from baton.core.projection import HandoffState
    from baton.sync.report import SyncReport
    from baton.tui.widgets.parted_lines import Line


class QueueCounted(Message):
    """The number of rows a queue filter matches (for one generation of the filter)."""

    def __init__(self, generation: int, total: int) -> None:
        super().__init__()
        self.generation = generation
        self.total = total


class QueuePageLoaded(Message):
    """One page of queue rows, starting at `offset`."""

    def __init__(self, generation: int, offset: int, rows: list[dict[str, Any]]) -> None:
        super().__init__()
        self.generation = generation
        self.offset = offset
        self.rows = rows


class QueueLocated(Message):
    """Where the handoff under the cursor sits after a reload (the cursor follows it)."""

    def __init__(self, generation: int, index: int) -> None:
        super().__init__()
        self.generation = generation
        self.index = index


class QueueLoadFailed(Message):
    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class HandoffChosen(Message):
    """The person picked a handoff in a queue (Enter or a click)."""

    def __init__(self, handoff_id: str) -> None:
        super().__init__()
        self.handoff_id = handoff_id


class HandoffLoaded(Message):
    """A handoff's current state, folded from its events."""

    def __init__(self, state: HandoffState, teammates: dict[str, dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.state = state
        self.teammates = teammates if teammates is not None else {}


class ItemEdited(Message):
    """The sender changed an item's input; `raw` None means "clear it"."""

    def __init__(self, item_id: str, raw: Any) -> None:
        super().__init__()
        self.item_id = item_id
        self.raw = raw


class ItemSaved(Message):
    """An item's new value was written; carries the handoff's state after it."""

    def __init__(self, item_id: str, state: HandoffState) -> None:
        super().__init__()
        self.item_id = item_id
        self.state = state


class ActionFailed(Message):
    """Core refused an action: its message, and for a blocked send, the first blocker."""

    def __init__(
        self,
        action: str,
        error: str,
        item_id: str | None = None,
        first_blocker: str | None = None,
        also: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.action = action
        self.error = error
        self.item_id = item_id
        self.first_blocker = first_blocker
        self.also = also
        """Other inputs core checked the refused one against: a change to any of them may fix it."""


class ActionDone(Message):
    """An action (send, accept, return, waive, reassign, comment) was written."""

    def __init__(
        self,
        action: str,
        summary: str,
        state: HandoffState | None = None,
        hooks: list[HookOutcome] | None = None,
    ) -> None:
        super().__init__()
        self.action = action
        self.summary = summary
        self.state = state
        self.hooks = hooks if hooks is not None else []
        """What the team's hooks came to for this action (send, accept, return)."""


class Synced(Message):
    """A sync pass finished (or could not start): when, and baton.sync's report of it.

    `report` is None when there was no usable shared folder; `error` then says why. `seen`: who this copy has
    seen after the pass, in sync.people.seen_words's line ("" when it could not be read). `folder`: the shared
    folder the pass was for (None: not said); a pass of a folder this copy has moved off since is not shown.
    """

    def __init__(
        self, at: int, report: SyncReport | None = None, error: str = "", seen: str = "", folder: str | None = None
    ) -> None:
        super().__init__()
        self.at = at
        self.report = report
        self.error = error
        self.seen = seen
        self.folder = folder

    @property
    def imported(self) -> int:
        return self.report.imported_events if self.report else 0


class ChainRead(Message):
    """The handoff's chain and window lines were read (none when there is nothing to say), each as its parts and
    what joins them (PartedLines), whether an upgrade is on offer, and whether the viewer may still open what
    comes next (after "Not now")."""

    def __init__(self, lines: Sequence[Line], upgrade_offered: bool, next_offered: bool = False) -> None:
        super().__init__()
        self.lines = lines
        self.upgrade_offered = upgrade_offered
        self.next_offered = next_offered


class ChecklistsRead(Message):
    """The checklists a new handoff can start from, and the teammates it can go to (or why they could not be read)."""

    def __init__(
        self, entries: list[Any], teammates: dict[str, dict[str, Any]], error: str = "", skipped: str = ""
    ) -> None:
        super().__init__()
        self.entries = entries
        self.teammates = teammates
        self.error = error
        self.skipped = skipped
        """Which checklist files were left out, in words (core/catalog.py); "" when none."""


class RoutePreviewed(Message):
    """Whom a stage would pick now, and why, in one line (or why nobody); `picks` False: core can pick nobody."""

    def __init__(self, text: str, picks: bool = True) -> None:
        super().__init__()
        self.text = text
        self.picks = picks


class RosterRead(Message):
    """The team screen's roster: its lines, whether this viewer may invite, and core's answer on each change."""

    def __init__(
        self,
        lines: list[str],
        may_invite: bool,
        actions: list[Any],
        error: str = "",
        people: list[Any] | None = None,
        notice: str = "",
        founding: Any = None,
    ) -> None:
        super().__init__()
        self.lines = lines
        self.may_invite = may_invite
        self.actions = actions
        self.error = error
        self.notice = notice
        """What to know before choosing (a team founding not confirmed here: core acceptance.explained)."""
        self.people = people or []
        """Core's answer: whose stages, hours and days away this viewer may change (`MemberChoice`s)."""
        self.founding = founding
        """Core's answer before a team (`FoundingAnswer`): whether founding is offered here, and why not now."""


class RosterWritten(Message):
    """An invitation was made, a device retired or an invitation revoked (`said`), or core refused (`error`)."""

    def __init__(
        self, error: str, said: str, invited: bool = False, founded: bool = False, reread: bool = False
    ) -> None:
        super().__init__()
        self.error = error
        self.said = said
        self.invited = invited
        """An invitation was made: `said` carries its code."""
        self.founded = founded
        """The team was just founded here: the invitation fields come next."""
        self.reread = reread or bool(said)
        """The roster is read again (after a change, or a refusal that may have changed core's answer)."""


class SyncStatusChanged(Message):
    """The app's sync status after a pass (or after the shared folder was set), for the screens that show it."""

    bubble = False

    def __init__(self, pass_: Synced | None, status: str) -> None:
        super().__init__()
        self.pass_ = pass_
        self.status = status


class SharedFolderSet(Message):
    """The config names a different shared folder (set from the command line while the app was open)."""

    def __init__(self, sync_dir: str | None) -> None:
        super().__init__()
        self.sync_dir = sync_dir


class NextChecklistsNamed(Message):
    """The checklists a chain goes on with, by their titles."""

    def __init__(self, names: str) -> None:
        super().__init__()
        self.names = names
