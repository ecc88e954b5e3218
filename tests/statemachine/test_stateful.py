"""Random walks of triggers, actors and time against a small model typed from product.md §4."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import statemachine as sm
from tests.statemachine.spec import (
    ACCEPT_WINDOW,
    ACTORS,
    EDGES,
    FINAL,
    SETTLE_DELAY,
    SPEC,
    TRIGGERS,
    allowed_from,
    guards_hold,
    may_fire,
)

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PLATFORM, HANDLE = sm.Platform.DOUYIN, "creator_one"
VIDEOS = {
    "ok": sm.VideoFacts(PLATFORM, HANDLE, sm.VideoStatus.LIVE),
    "other_handle": sm.VideoFacts(PLATFORM, "someone_else", sm.VideoStatus.LIVE),
    "other_platform": sm.VideoFacts(sm.Platform.HUOSHAN, HANDLE, sm.VideoStatus.LIVE),
    "removed": sm.VideoFacts(PLATFORM, HANDLE, sm.VideoStatus.REMOVED),
    "none": None,
}
STEPS = [timedelta(microseconds=1), timedelta(seconds=1), timedelta(hours=1), timedelta(hours=12)]
STEPS += [timedelta(days=d) for d in (1, 3, 7, 30)]
# Which due time matters in each state (§7: each timed trigger fires from one state).
DUE_IN = {
    "requested": "accept_deadline",
    "accepted": "publish_deadline",
    "published": "retention_ends_at",
    "retained": "settle_at",
}
FORWARD = {
    "requested": "accept",
    "accepted": "publish",
    "published": "complete_retention",
    "retained": "settle",
}
TIMED = {
    "requested": "expire",
    "accepted": "miss_deadline",
    "published": "complete_retention",
    "retained": "settle",
}
DUE_FIELDS = ("accept_deadline", "publish_deadline", "retention_ends_at", "settle_at")


class OrderWalk(RuleBasedStateMachine):
    @initialize(
        publish_days=st.integers(min_value=1, max_value=60),
        retention_days=st.integers(min_value=1, max_value=365),
        head_start=st.integers(min_value=0, max_value=3),
    )
    def create(self, publish_days: int, retention_days: int, head_start: int) -> None:
        self.publish_days, self.retention_days = publish_days, retention_days
        self.now = T0
        # the model: typed from §4, no help from the package
        self.state = "requested"
        self.due: dict[str, datetime | None] = dict.fromkeys(DUE_FIELDS)
        self.due["accept_deadline"] = T0 + ACCEPT_WINDOW
        self.video_status: str | None = None
        self.history = ["requested"]
        self.edges: list[tuple[str, str, str]] = []
        # the package: facts as the service would keep them
        created = sm.schedule(sm.CREATE.schedules, T0, **self._terms())
        self.facts = sm.OrderFacts(
            sm.State(sm.CREATE.dest),
            accept_deadline=created.accept_deadline,
            channel=sm.ChannelFacts(PLATFORM, 200_000, True, HANDLE),
        )
        # start some walks further along the happy path, so every state gets explored
        for state in list(FORWARD)[:head_start]:
            assert self.state == state
            if state in ("published", "retained"):
                self.now = self.due[DUE_IN[state]]  # type: ignore[assignment]
            actor = "creator" if state in ("requested", "accepted") else "system"
            self._attempt(FORWARD[state], actor, True, True, "ok", True)
            self.now += timedelta(hours=1)

    def _terms(self) -> dict[str, object]:
        return {
            "publish_days": self.publish_days,
            "retention_days": self.retention_days,
            "settle_delay": SETTLE_DELAY,
        }

    # --- the world moves -----------------------------------------------------------------

    @rule(step=st.sampled_from(STEPS))
    def wait(self, step: timedelta) -> None:
        self.now += step

    @precondition(lambda self: self.state in DUE_IN)
    @rule(offset=st.sampled_from([-1, 0, 1]))
    def wait_until_due(self, offset: int) -> None:
        """Land on the current due time, or one microsecond either side of it."""
        due = self.due[DUE_IN[self.state]]
        if due is not None:
            self.now = max(self.now, due + timedelta(microseconds=offset))

    @precondition(lambda self: self.state in ("published", "retained"))
    @rule(status=st.sampled_from(["live", "removed", "private"]))
    def platform_reports(self, status: str) -> None:
        self.video_status = status
        self.facts = replace(self.facts, video_status=sm.VideoStatus(status))

    @precondition(lambda self: self.state == "published")
    @rule(status=st.sampled_from(["removed", "private"]), actor=st.sampled_from(["system", "ops"]))
    def the_video_disappears_and_is_reported(self, status: str, actor: str) -> None:
        self.platform_reports(status)
        self._attempt("report_removed", actor, True, False, "none", True)

    # --- someone fires a trigger ---------------------------------------------------------

    @rule(
        trigger=st.sampled_from(TRIGGERS),
        actor=st.sampled_from(ACTORS),
        reason=st.booleans(),
        evidence=st.booleans(),
        video=st.sampled_from(sorted(VIDEOS)),
        eligible=st.booleans(),
    )
    def anyone_fires_anything(self, **kw: object) -> None:
        self._attempt(**kw)  # type: ignore[arg-type]

    @rule(data=st.data())
    def a_plausible_party_fires(self, data: st.DataObject) -> None:
        pairs = sorted(
            (t, a) for t in TRIGGERS for a in ACTORS if may_fire(a, t) and self.state in SPEC[t][0]
        )
        if not pairs:
            return
        trigger, actor = data.draw(st.sampled_from(pairs))
        self._attempt(
            trigger,
            actor,
            reason=data.draw(st.sampled_from([True, True, True, False])),
            evidence=data.draw(st.sampled_from([True, True, True, False])),
            video=data.draw(st.sampled_from(["ok", "ok", "ok", "other_handle", "none"])),
            eligible=data.draw(st.sampled_from([True, True, True, False])),
        )

    @precondition(lambda self: self.state in FORWARD)
    @rule(data=st.data())
    def the_order_moves_forward(self, data: st.DataObject) -> None:
        """The happy path of §4, so that walks reach `retained` and `closed` too."""
        trigger = FORWARD[self.state]
        actor = data.draw(st.sampled_from(sorted(a for a in ACTORS if may_fire(a, trigger))))
        self._attempt(trigger, actor, reason=True, evidence=True, video="ok", eligible=True)

    @precondition(lambda self: self.state in DUE_IN and self.due[DUE_IN[self.state]] is not None)
    @rule()
    def the_scheduler_fires_the_due_timer(self) -> None:
        """§7: the system fires the timed trigger of the current state at its due time."""
        self.now = max(self.now, self.due[DUE_IN[self.state]])  # type: ignore[type-var]
        trigger = TIMED[self.state]
        self._attempt(trigger, "system", reason=False, evidence=False, video="none", eligible=True)

    def _attempt(
        self, trigger: str, actor: str, reason: bool, evidence: bool, video: str, eligible: bool
    ) -> None:
        sources, dest, _ = SPEC[trigger]
        expected_ok = (
            may_fire(actor, trigger)
            and self.state in sources
            and guards_hold(
                trigger,
                actor,
                self.now,
                **self.due,
                video_status=self.video_status,
                reason=reason,
                evidence=evidence,
                video_ok=video == "ok",
                eligible=eligible,
            )
        )
        standing = sm.CreatorFacts(
            credit_score=12 if eligible else 0,
            order_rights_suspended=False,
            under_mcn_contract=False,
        )
        attempt = sm.Attempt(
            sm.Actor(actor),
            self.now,
            reason="ops checked it" if reason else None,
            evidence="traffic report" if evidence else None,
        )
        seen = replace(self.facts, video=VIDEOS[video], standing=standing)
        try:
            transition = sm.ORDER_MACHINE.fire(trigger, seen, attempt)
        except sm.DomainError as refused:
            assert not expected_ok, f"{trigger} by {actor} in {self.state} refused: {refused}"
            if not may_fire(actor, trigger):
                assert isinstance(refused, sm.ActorNotAllowed)
            elif self.state not in sources:
                assert isinstance(refused, sm.InvalidTransition)
                assert set(refused.allowed_triggers) == allowed_from(self.state, actor)
            else:
                assert isinstance(refused, sm.GuardFailed)
            return
        assert expected_ok, f"{trigger} by {actor} in {self.state} at {self.now} was let through"
        assert transition.dest == dest

        # the model moves by §4's effects
        self.edges.append((self.state, trigger, dest))
        self.state = dest
        self.history.append(dest)
        if trigger == "accept":
            self.due["publish_deadline"] = self.now + timedelta(days=self.publish_days)
        elif trigger == "publish":
            self.due["retention_ends_at"] = self.now + timedelta(days=self.retention_days)
            self.video_status = "live"
        elif trigger == "complete_retention":
            self.due["settle_at"] = self.now + SETTLE_DELAY

        # the package moves by its table
        current = sm.Schedule(**{f: getattr(self.facts, f) for f in DUE_FIELDS})
        due = sm.schedule(transition.schedules, self.now, current=current, **self._terms())
        shown = VIDEOS[video]
        video_status = shown.status if trigger == "publish" and shown else self.facts.video_status
        self.facts = replace(
            self.facts,
            state=transition.dest,
            video_status=video_status,
            **{f: getattr(due, f) for f in DUE_FIELDS},
        )

    # --- after every step ----------------------------------------------------------------

    @invariant()
    def package_agrees_with_the_model(self) -> None:
        if not hasattr(self, "state"):
            return
        assert self.facts.state == self.state
        assert {f: getattr(self.facts, f) for f in DUE_FIELDS} == self.due

    @invariant()
    def history_follows_the_spec(self) -> None:
        if not hasattr(self, "state"):
            return
        assert self.history[0] == "requested"
        assert all(edge in EDGES for edge in self.edges)
        assert [e[2] for e in self.edges] == self.history[1:]
        assert [e[0] for e in self.edges] == self.history[:-1]

    @invariant()
    def final_states_never_change(self) -> None:
        if not hasattr(self, "state"):
            return
        finals = [i for i, s in enumerate(self.history) if s in FINAL]
        if finals:
            assert finals[0] == len(self.history) - 1, self.history
            assert self.facts.state is not None
            assert sm.ORDER_MACHINE.allowed_triggers(self.facts.state, sm.Actor.OPS) == []


OrderWalk.TestCase.settings = settings(max_examples=200, stateful_step_count=20, deadline=None)
TestOrderWalk = OrderWalk.TestCase
