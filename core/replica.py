"""A replica: one person's copy on one device, and every change they can make.

The app and the command line both call these methods; each builds one event,
checks it against the lifecycle rules on the current state, and appends it with
its projection in one transaction. A refusal raises before anything is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog
from .config import Config, check_user, load_config, save_config
from .errors import Blocked, InvalidValue, NotAllowed, NotFound
from .events import Event
from .gate import Blocker
from .hlc import Clock, now_ms
from .home import Home
from .hooks import HookOutcome, Hooks, fire_for_event
from .ids import new_id
from .lifecycle import BLOCKED, NOT_ALLOWED, check
from .projection import HandoffState
from .store import Store
from .template import Item
from .values import parse, parse_date

LEAD_KINDS = {"item_set", "item_cleared", "waived", "unwaived", "reassigned", "cancelled", "reopened"}
UNDOABLE = {"item_set", "item_cleared", "waived", "commented", "sent", "reassigned", "cancelled"}


@dataclass(frozen=True)
class Undone:
    """What `undo` reverted, in words, and the compensating event it wrote."""

    summary: str
    event_id: str


class Replica:
    def __init__(self, home: Home, config: Config, store: Store, wall: Callable[[], int] = now_ms) -> None:
        self.home = home
        self.config = config
        self.store = store
        self.wall = wall
        self.clock = Clock(config.replica_id, store.meta("clock"), wall=wall)
        self.hooks = Hooks(home.hooks, user=config.user)
        self.hook_outcomes: list[HookOutcome] = []
        """What the team's hooks came to since this replica opened (send, accept, return); never raised."""

    @classmethod
    def open(cls, home: Home | None = None, wall: Callable[[], int] = now_ms) -> Replica:
        home = home or Home.locate()
        config = load_config(home)
        return cls(home, config, Store(home.database), wall=wall)

    @classmethod
    def init(
        cls,
        home: Home,
        user: str,
        role: str = "member",
        tz: str = "UTC",
        display_name: str | None = None,
        sync_dir: str | None = None,
    ) -> Replica:
        """Create the replica: config with a random replica id, and an empty database."""
        from .errors import BatonError
        from .timezones import zone

        if home.config.exists():
            raise BatonError(f"{home.root} already holds a replica for {load_config(home).user}")
        check_user(user)
        zone(tz)
        if role not in ("member", "lead"):
            raise InvalidValue(f"unknown role {role!r}: use member or lead")
        config = Config(
            user=user,
            display_name=display_name or user.title(),
            role=role,
            tz=tz,
            replica_id=new_id()[:16],
            sync_dir=sync_dir,
        )
        home.root.mkdir(parents=True, exist_ok=True)
        store = Store(home.database)
        with store.db.atomic():
            store.upsert_teammate(user, config.display_name, tz, role, now_ms())
        save_config(home, config)
        return cls(home, config, store)

    def close(self) -> None:
        self.store.close()

    @property
    def user(self) -> str:
        return self.config.user

    @property
    def is_lead(self) -> bool:
        return self.config.role == "lead"

    def catalog(self) -> Catalog:
        return Catalog(self.home.templates)

    # ---- the write path ---------------------------------------------------
    def _event(self, handoff_id: str, kind: str, payload: dict[str, Any]) -> Event:
        if self.is_lead and kind in LEAD_KINDS:
            payload = {**payload, "as_lead": True}
        return Event(
            id=new_id(),
            handoff=handoff_id,
            kind=kind,
            hlc=self.clock.tick(),
            at=self.wall(),
            author=self.user,
            replica=self.config.replica_id,
            payload=payload,
        )

    def _check(self, state: HandoffState | None, event: Event) -> None:
        """Raise the lifecycle rules' refusal of `event` on `state`, if any."""
        problem = check(state or HandoffState(id=event.handoff), event.model_dump())
        if problem is not None:
            category, reason = problem
            if category == NOT_ALLOWED:
                raise NotAllowed(reason)
            if category == BLOCKED and state is not None:
                raise Blocked(reason, state.blockers())
            raise InvalidValue(reason)

    def _write(self, state: HandoffState | None, event: Event) -> Event:
        """Check `event` against `state` with the lifecycle rules, then append it."""
        self._check(state, event)
        self.store.append([event.row()], clock=self.clock.last)
        return event

    def _may(self, state: HandoffState, kind: str, payload: dict[str, Any]) -> None:
        """Raise NotAllowed when this user may not do `kind` now: asked before the reason is judged."""
        problem = check(state, self._event(state.id, kind, payload).model_dump())
        if problem is not None and problem[0] == NOT_ALLOWED:
            raise NotAllowed(problem[1])

    def state(self, handoff: str) -> HandoffState:
        """The current state of a handoff named by a unique id prefix.

        The clock moves past every event read, so a change made after seeing
        another always orders after it.
        """
        state = self.store.state(self.store.resolve(handoff))
        if state.last_hlc:
            self.clock.observe(state.last_hlc)
        return state

    # ---- commands ---------------------------------------------------------
    def create(self, template_id: str, title: str, to: str, due: str | None = None) -> str:
        """Start a handoff as its sender; returns the new id."""
        entry = self.catalog().get(template_id)
        title = title.strip()
        if len(title) < 3:
            raise InvalidValue("a title needs at least 3 characters")
        check_user(to)
        if to == self.user:
            raise InvalidValue("the receiver must be someone else: a handoff moves work between two people")
        if due is not None and parse_date(due) is None:
            raise InvalidValue(f"due date {due!r} is not a date (use YYYY-MM-DD)")
        handoff_id = new_id()
        payload = {"template": entry.template.model_dump(mode="json"), "title": title, "to": to, "due": due}
        self._write(None, self._event(handoff_id, "created", payload))
        return handoff_id

    def set_item(self, handoff: str, item_id: str, raw: Any = None) -> Event | None:
        """Fill in an item; None when it already holds that value (nothing is written, so history stays true)."""
        state = self.state(handoff)
        item = self._require_item(state, item_id)
        value = parse(item, raw)
        event = self._event(state.id, "item_set", {"item": item_id, "value": value})
        if item_id in state.values and same_value(state.values[item_id], value):
            self._check(state, event)  # who may write still holds for a change that writes nothing
            return None
        return self._write(state, event)

    def clear_item(self, handoff: str, item_id: str) -> Event | None:
        """Empty an item; None when it is empty already (nothing is written)."""
        state = self.state(handoff)
        self._require_item(state, item_id)
        if item_id not in state.values:
            self._may(state, "item_set", {"item": item_id, "value": None})
            return None
        return self._write(state, self._event(state.id, "item_cleared", {"item": item_id}))

    def waive(self, handoff: str, item_id: str, reason: str) -> Event:
        state = self.state(handoff)
        item = self._require_item(state, item_id)
        if not self.is_lead:
            raise NotAllowed("only a lead can waive an item")
        self._may(state, "waived", {"item": item_id, "reason": "?"})
        if not item.required:
            raise InvalidValue(f"`{item_id}` is optional: only required items need a waiver")
        return self._write(
            state, self._event(state.id, "waived", {"item": item_id, "reason": _reason(reason, "waiver")})
        )

    def comment(self, handoff: str, text: str) -> Event:
        state = self.state(handoff)
        if not text.strip():
            raise InvalidValue("a comment needs some text")
        return self._write(state, self._event(state.id, "commented", {"text": text.strip()}))

    def send(self, handoff: str) -> Event:
        """Send to the receiver; Blocked (every blocker) when the gate fails.

        A blocked attempt is recorded as a `send_blocked` event (it changes no
        state) so leads can see which items block sends most often.
        """
        state = self.state(handoff)
        event = self._event(state.id, "sent", {})
        problem = check(state, event.model_dump())
        if problem is not None and problem[0] == BLOCKED:
            blockers = state.blockers()
            record = self._event(state.id, "send_blocked", {"items": [b.item_id for b in blockers]})
            self.store.append([record.row()], clock=self.clock.last)
            raise Blocked(
                f"cannot send: {len(blockers)} item{'s' if len(blockers) != 1 else ''} still block it", blockers
            )
        return self._announced(self._write(state, event))

    def accept(self, handoff: str) -> Event:
        state = self.state(handoff)
        return self._announced(self._write(state, self._event(state.id, "accepted", {})))

    def return_(self, handoff: str, reason: str) -> Event:
        state = self.state(handoff)
        self._may(state, "returned", {"reason": "?"})
        return self._announced(
            self._write(state, self._event(state.id, "returned", {"reason": _reason(reason, "return")}))
        )

    def _announced(self, event: Event) -> Event:
        """Run the team's hook for a committed change; its outcome is kept in `hook_outcomes`."""
        self.hook_outcomes.extend(fire_for_event(self.hooks, event, self.store.handoff_row))
        return event

    def cancel(self, handoff: str, reason: str) -> Event:
        state = self.state(handoff)
        self._may(state, "cancelled", {"reason": "?"})
        return self._write(state, self._event(state.id, "cancelled", {"reason": _reason(reason, "cancellation")}))

    def reassign(self, handoff: str, to: str) -> Event:
        state = self.state(handoff)
        check_user(to)
        return self._write(state, self._event(state.id, "reassigned", {"to": to, "from": state.next_actor}))

    def undo(self, handoff: str) -> Undone:
        """Revert this user's last change on the handoff with a compensating event."""
        state = self.state(handoff)
        mine = [
            e
            for e in state.applied
            if e["author"] == self.user
            and e["kind"] in UNDOABLE
            and not e["payload"].get("undoes")
            and e["id"] not in state.undone
        ]
        if not mine:
            raise InvalidValue("nothing of yours to undo on this handoff")
        last = mine[-1]
        kind, payload = last["kind"], last["payload"]
        undoes = {"undoes": last["id"]}
        if kind in ("item_set", "item_cleared"):
            before = state.before.get(last["id"])
            item_id = payload["item"]
            later = state.applied[state.applied.index(last) + 1 :]
            other = next(
                (
                    e["author"]
                    for e in later
                    if e["kind"] in ("item_set", "item_cleared")
                    and e["payload"].get("item") == item_id
                    and e["author"] != self.user
                ),
                None,
            )
            if other:
                raise InvalidValue(f"{other} changed `{item_id}` after you; undo would overwrite their change")
            if before is None:
                event = self._event(state.id, "item_cleared", {"item": item_id, **undoes})
                summary = f"{item_id} is empty again"
            else:
                event = self._event(state.id, "item_set", {"item": item_id, "value": before, **undoes})
                summary = f"{item_id} is back to {before!r}"
        elif kind == "waived":
            event = self._event(state.id, "unwaived", {"item": payload["item"], **undoes})
            summary = f"withdrew the waiver on {payload['item']}"
        elif kind == "commented":
            event = self._event(state.id, "comment_retracted", {"comment": last["id"], **undoes})
            summary = "took back your comment"
        elif kind == "sent":
            event = self._event(state.id, "recalled", undoes)
            summary = f"recalled the send to {state.receiver}"
        elif kind == "reassigned":
            if state.next_actor != payload["to"]:
                raise NotAllowed(
                    f"the next step is with {state.next_actor or 'nobody'} now, not {payload['to']}: "
                    "the reassignment can no longer be undone"
                )
            event = self._event(
                state.id, "reassigned", {"to": state.before[last["id"]], "from": payload["to"], **undoes}
            )
            summary = f"gave it back to {state.before[last['id']]}"
        else:
            event = self._event(state.id, "reopened", undoes)
            summary = "reopened the cancelled handoff"
        self._write(state, event)
        return Undone(summary, event.id)

    def _require_item(self, state: HandoffState, item_id: str) -> Item:
        item = state.template.item(item_id)
        if item is None:
            ids = [i.id for i in state.template.items]
            close = difflib.get_close_matches(item_id, ids, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"items: {', '.join(ids)}"
            raise NotFound(f"the {state.template.id} checklist has no item `{item_id}` ({hint})")
        return item


def same_value(old: Any, new: Any) -> bool:
    """Whether storing `new` over `old` would change nothing (True is not 1, 40 is 40.0)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return bool(old == new)


def _reason(text: str, what: str) -> str:
    """A reason people can act on: at least two words, not a shrug."""
    text = " ".join((text or "").split())
    if len(text.split(" ")) < 2 or len(text) < 6:
        raise InvalidValue(f"a {what} needs a reason of at least two words that the other person can act on")
    return text


__all__ = ["Blocker", "Replica", "Undone"]
