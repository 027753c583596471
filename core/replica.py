"""A replica: one person's copy on one device, and every change they can make.

The app and the command line both call these methods; each reads the handoff, builds one event, checks it against the
rules (rules.py, the same the fold of synced events applies) and appends it with its projection, all in one immediate
transaction under the replica's lock: no other thread or process writes between the read and the write. A refusal
raises before anything is written. What stays here reads input, not events: turning typed text into a value
(`values.parse`), tidying whitespace, a reason that is only "TBD" (return_reasons.py), and what `undo` takes back."""

from __future__ import annotations

import contextlib
import functools
from _thread import RLock  # the store's lock (threading's, without loading threading)
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from .allowed import Reason, Viewer, allowed_actions
from .answer_checks import AnswerChecks, Finding
from .answer_rules import load_answer_checks
from .answer_warnings import handoff_warnings, vague_payload
from .config import Config, check_user, load_config, save_config
from .errors import BatonError, Blocked, InvalidValue, NotAllowed
from .event_check import MAX_LINE, at_problem, payload_problem
from .events import EventKind, LocalEvent, kind_noun
from .gate import Blocker
from .hlc import Clock, now_ms
from .home import Home
from .home_owner import own_store
from .ids import new_id
from .named_item import require_item
from .payloads import LEAD_KINDS
from .projection import HandoffState
from .record import record
from .return_reasons import check_reason
from .rules import BLOCKED, NOT_ALLOWED, check
from .statuses import EDITABLE
from .store import Store
from .values import parse, same_value
from .waivable import refuse_nothing_to_waive

if TYPE_CHECKING:
    from .catalog import Catalog
    from .hooks import HookOutcome, Hooks


@record(frozen=True)
class Undone:
    """What `undo` reverted, in words, and the compensating event it wrote."""

    summary: str
    event_id: str


class Replica:
    def __init__(self, home: Home, config: Config, store: Store, wall: Callable[[], int] = now_ms) -> None:
        self.home = home
        self.config = config
        self.store = store
        store.own_replica = config.replica_id
        self.wall = wall
        self.clock = Clock(config.replica_id, store.meta("clock"), wall=wall)
        self.hook_outcomes: list[HookOutcome] = []
        """What the team's hooks came to since this replica opened (send, accept, return); never raised."""
        self._answer_checks: AnswerChecks | None = None

    @classmethod
    def open(cls, home: Home | None = None, wall: Callable[[], int] = now_ms) -> Replica:
        home = home or Home.locate()
        config = load_config(home)
        return cls(home, config, own_store(home, config.replica_id), wall=wall)

    @classmethod
    def init(
        cls,
        home: Home,
        user: str,
        role: str | None = "member",
        tz: str = "UTC",
        display_name: str | None = None,
        sync_dir: str | None = None,
    ) -> Replica:
        """Create the replica: config with a random replica id, and an empty database recorded as its home's; or,
        when config.json was lost and the home's database is intact, the replica id that database records
        (kept_database.py), its person's name and role there kept unless given."""
        from .kept_database import kept_database
        from .terminal_text import has_control
        from .timezones import zone

        if home.config.exists():
            raise BatonError(f"{home.root} already holds a replica for {load_config(home).user}")
        check_user(user)
        zone(tz)
        if role not in ("member", "lead", None):
            raise InvalidValue(f"unknown role {role!r}: use member or lead")
        if display_name and has_control(display_name):
            raise InvalidValue("a name cannot hold control characters (an escape sequence, a line break, a tab)")
        kept = kept_database(home, user)
        if role is None:  # not given: the role its database recorded for a home taken up again, else member
            role = "lead" if kept is not None and kept.role == "lead" else "member"
        config = Config(
            user=user,
            display_name=display_name or (kept.display_name if kept else None) or user.title(),
            role="lead" if role == "lead" else "member",
            tz=tz,
            replica_id=kept.replica if kept else new_id()[:16],
            sync_dir=sync_dir,
        )
        home.root.mkdir(parents=True, exist_ok=True)
        store = own_store(home, config.replica_id)
        if kept is None or store.teammate(user) is None:
            with store.lock, store.writing():
                store.upsert_teammate(user, config.display_name, tz, role, now_ms())
        save_config(home, config)
        return cls(home, config, store)

    @functools.cached_property
    def hooks(self) -> Hooks:
        """The team's hooks in this home, loaded by the first change that may run one (reading runs none)."""
        from .hooks import Hooks

        return Hooks(self.home.hooks, user=self.config.user)

    def close(self) -> None:
        self.store.close()

    @property
    def user(self) -> str:
        return self.config.user

    @property
    def is_lead(self) -> bool:
        """A lead now: by the team's roster once the team exists, else by this home's config (the old rule)."""
        roster = self.store.roster()
        if roster.founded:
            return roster.is_lead(self.user)
        return self.config.role == "lead"

    @property
    def viewer(self) -> Viewer:
        """This person as the rules see them when asking what they may do."""
        return Viewer(self.user, self.is_lead)

    @property
    def lock(self) -> RLock:
        """Serialises this replica's threads (app workers, the sync watcher) on its one connection."""
        return self.store.lock

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """The one write path: the lock, and an immediate transaction (it waits for other processes' writes)."""
        with self.store.lock, self.store.writing():
            yield

    def allowed(self, handoff: str) -> dict[str, Reason | None]:
        """What this person may do with the handoff now, and why not the rest (allowed.allowed_actions)."""
        return self.allowed_for(self.state(handoff))

    def allowed_for(self, state: HandoffState) -> dict[str, Reason | None]:
        """`allowed` for a state already read (a screen that just folded it)."""
        return allowed_actions(state, self.viewer, self.store.rules, self.wall())

    def teammates(self) -> dict[str, dict[str, Any]]:
        with self.store.lock:
            return self.store.teammates()

    def catalog(self) -> Catalog:
        from .catalog import Catalog  # the built-in and the home's checklists: loaded by what starts a handoff

        return Catalog(self.home.templates, cache_folder=self.home.root)

    def answer_checks(self) -> AnswerChecks:
        """The vague-answer checks this person sees: built-in, then the home's `answer-checks.toml`."""
        if self._answer_checks is None:
            self._answer_checks = load_answer_checks(self.home.root)
        return self._answer_checks

    def warnings(self, state: HandoffState, now: int | None = None) -> list[Finding]:
        """Vague answers on this handoff, by the viewer's checks and calendar (warnings, never blockers)."""
        return handoff_warnings(state, self.answer_checks(), self.wall() if now is None else now, self.config.tz)

    # ---- the write path ---------------------------------------------------
    def _event(self, handoff_id: str, kind: EventKind, payload: dict[str, Any]) -> LocalEvent:
        if kind in LEAD_KINDS and self.config.role == "lead" and not self.store.roster().founded:
            payload = {**payload, "as_lead": True}  # the old rule; once a team exists only the roster counts
        return LocalEvent(
            id=new_id(self.config.replica_id),
            handoff=handoff_id,
            kind=kind,
            hlc=self.clock.tick(),
            at=self.wall(),
            author=self.user,
            replica=self.config.replica_id,
            payload=payload,
        )

    def _write(self, state: HandoffState | None, event: LocalEvent) -> LocalEvent:
        """Check `event` against `state` with the rules, then append it (inside the caller's transaction).

        It must also be an event every teammate's import takes (event_check.py): a comment of a million characters is
        refused here, not skipped over there.
        """
        self._check(state, event)
        row = event.row()
        wrong = payload_problem(event.kind, event.payload)
        whole = wrong[0] if wrong else at_problem(event.at)
        if whole is None and len(row["payload"]) > MAX_LINE:
            whole = f"larger than an event may be ({MAX_LINE:,} bytes)"
        if whole is not None:
            raise InvalidValue(f"cannot record this {kind_noun(event.kind)}: {whole}")
        self.store.append([row], clock=self.clock.last)
        return event

    def _check(self, state: HandoffState | None, event: LocalEvent, only_permission: bool = False) -> None:
        """Raise the rules' refusal of `event` on `state`, if any (`only_permission`: a NotAllowed only); once the
        team exists, a device that is not on it is refused too (its events would not count: join_wait.py says why)."""
        roster = self.store.roster()
        outsider = roster.writer_problem(event.author, event.replica, event.hlc)
        if outsider is not None:
            from .team.join_wait import refused_write

            raise NotAllowed(refused_write(outsider, roster, event.replica, self.store.wrote_after))
        problem = check(state or HandoffState(id=event.handoff), event.model_dump(), self.store.rules)
        if only_permission and problem is not None and problem[0] != NOT_ALLOWED:
            return
        if problem is not None:
            category, reason = problem
            if category == NOT_ALLOWED:
                raise NotAllowed(reason)
            if category == BLOCKED and state is not None:
                raise Blocked(reason, state.blockers(now=event.at))
            raise InvalidValue(reason)

    def _change(self, handoff: str, make: Callable[[HandoffState], LocalEvent]) -> LocalEvent:
        """Read the handoff, build the event from what was read, check and append it: one transaction."""
        with self.transaction():
            state = self.state(handoff)
            return self._write(state, make(state))

    def state(self, handoff: str) -> HandoffState:
        """The current state of a handoff named by a unique id prefix.

        The clock moves past every event read, so a change made after seeing another always orders after it.
        """
        with self.store.lock:
            state = self.store.state(self.store.resolve(handoff))
            if state.last_hlc:
                self.clock.observe(state.last_hlc)
        return state

    # ---- commands ---------------------------------------------------------
    def create(
        self,
        template_id: str,
        title: str,
        to: str | None = None,
        due: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> str:
        """Start a handoff as its sender; its new id. `to`: the receiver, `@stage` or None (the checklist's
        receiving stage) for routing to pick one; see `drafts.open_draft` for what is checked."""
        from .drafts import open_draft

        return open_draft(self, template_id, title, to, due, values).id

    def set_item(self, handoff: str, item_id: str, raw: Any = None) -> LocalEvent | None:
        """Fill in an item; None when it holds that value already: nothing is written, so history stays true."""
        with self.transaction():
            state = self.state(handoff)
            item = require_item(state, item_id, listed=True)
            value = parse(item, raw)
            event = self._event(state.id, "item_set", {"item": item_id, "value": value})
            if item_id in state.values and same_value(state.values[item_id], value):
                self._check(state, event)  # who may write still holds for a change that writes nothing
                return None
            return self._write(state, event)

    def clear_item(self, handoff: str, item_id: str) -> LocalEvent | None:
        """Empty an item; None when it is empty already (nothing is written)."""
        with self.transaction():
            state = self.state(handoff)
            require_item(state, item_id, listed=True)
            event = self._event(state.id, "item_cleared", {"item": item_id})
            if item_id not in state.values:
                self._check(state, event, only_permission=True)
                return None
            return self._write(state, event)

    def waive(self, handoff: str, item_id: str, reason: str) -> LocalEvent:
        def make(state: HandoffState) -> LocalEvent:
            require_item(state, item_id)
            event = self._event(state.id, "waived", {"item": item_id, "reason": _tidy(reason)})
            self._check(state, event, only_permission=True)  # who may waive, and when, is said first
            refuse_nothing_to_waive(state, item_id, event.at)
            check_reason(self.answer_checks(), reason, "waiver")  # "see Slack" tells the receiver nothing
            return event

        return self._change(handoff, make)

    def comment(self, handoff: str, text: str) -> LocalEvent:
        return self._change(handoff, lambda state: self._event(state.id, "commented", {"text": text.strip()}))

    def send(self, handoff: str) -> LocalEvent:
        """Send to the receiver; Blocked (every blocker) when the gate fails.

        A blocked attempt is recorded as a `send_blocked` event (it changes no state) so leads can see which items
        block sends most often. The vague answers the sender was warned about travel in the `sent` event's payload
        (`vague`: item and check), so leads can count them.
        """
        with self.transaction():
            state = self.state(handoff)
            at = self.wall()
            vague = vague_payload(self.warnings(state, at)) if state.status in EDITABLE else []
            payload: dict[str, Any] = {"answer_by": self._answer_by(state, at)}
            if vague:
                payload["vague"] = vague
            event = self._event(state.id, "sent", payload)
            problem = check(state, event.model_dump(), self.store.rules)
            blockers = state.blockers(now=event.at) if problem is not None and problem[0] == BLOCKED else None
            if blockers is None:
                self._write(state, event)
            else:
                record = self._event(state.id, "send_blocked", {"items": [b.item_id for b in blockers]})
                self.store.append([record.row()], clock=self.clock.last)
        if blockers is not None:  # raised after the record is committed
            raise Blocked(
                f"cannot send: {len(blockers)} {'items still block' if len(blockers) != 1 else 'item still blocks'} it",
                blockers,
            )
        return self._announced(event)

    def _answer_by(self, state: HandoffState, at: int) -> int:
        """The deadline this send records: the checklist's window from now, in the receiver's hours when it says so."""
        from .deadlines import send_answer_by

        assert state.template is not None
        window = state.template.window
        if not window.working:  # only a window in working hours asks for the receiver's hours (and loads them)
            return send_answer_by(at, window, None)
        from .members import member

        return send_answer_by(at, window, member(self.store, state.receiver))

    def accept(self, handoff: str) -> LocalEvent:
        return self._announced(self._change(handoff, lambda state: self._event(state.id, "accepted", {})))

    def return_(self, handoff: str, reason: str) -> LocalEvent:
        """Send it back with a reason; a reason that is only a placeholder ("TBD", "see Slack") is refused."""
        return self._announced(self._change(handoff, lambda state: self._reasoned(state, "returned", reason, "return")))

    def _reasoned(self, state: HandoffState, kind: EventKind, reason: str, what: str) -> LocalEvent:
        """A return or cancellation: who may do it is said first, whatever the reason says; then the reason."""
        event = self._event(state.id, kind, {"reason": _tidy(reason)})
        self._check(state, event, only_permission=True)
        check_reason(self.answer_checks(), reason, what)  # "see Slack" tells the receiver nothing
        return event

    def _announced(self, event: LocalEvent) -> LocalEvent:
        """Run the team's hook for a committed change; its outcome is kept in `hook_outcomes`."""
        from .hooks import fire_for_event

        self.hook_outcomes.extend(fire_for_event(self.hooks, event, self.store.handoff_row))
        return event

    def cancel(self, handoff: str, reason: str) -> LocalEvent:
        return self._change(handoff, lambda state: self._reasoned(state, "cancelled", reason, "cancellation"))

    def reassign(self, handoff: str, to: str, new_teammate: bool = True) -> LocalEvent:
        """Hand the next step to `to`: never to someone removed; a typed near-miss is refused (receivers.py)."""
        from .receivers import check_receiver

        check_receiver(self, to, new_teammate, next_step=True)
        return self._change(handoff, lambda s: self._event(s.id, "reassigned", {"to": to, "from": s.next_actor}))

    def undo(self, handoff: str) -> Undone:
        """Revert this user's last change on the handoff with a compensating event.

        The compensating event meets the rules like any other. Two checks stay local on purpose (undo.py), because
        they are about what this person sees now, not about the event: which change is "your last", and that undo
        never overwrites a value someone else changed after you (through sync a later edit simply wins by its stamp,
        so the fold has nothing to refuse).
        """
        from .undo import compensation, last_own_change

        with self.transaction():
            state = self.state(handoff)
            event, summary = compensation(self, state, last_own_change(state, self.user))
            self._write(state, event)
        return Undone(summary, event.id)


def _tidy(text: str) -> str:
    """A reason with its whitespace made plain; whether it is a good reason is the rules' question."""
    return " ".join((text or "").split())


__all__ = ["Blocker", "Replica", "Undone"]
