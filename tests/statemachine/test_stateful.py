"""Random walks of triggers, actors and time against a small model typed from product.md §4,
§9 and §10: the review of drafts (rounds, escalation, the review time, the publish deadline
that waits for it), cancellation and disputes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import statemachine as sm
from statemachine import guards
from statemachine.settlement import settled_fen
from tests.statemachine.spec import (
    ACCEPT_WINDOW,
    ACTORS,
    EDGES,
    FINAL,
    IN_REVIEW,
    OFFER_LAPSES_AFTER,
    REVIEW_PATHS,
    REVIEW_TIME,
    REVIEWS,
    SETTLE_DELAY,
    SPEC,
    STAGE_EDGES,
    TRIGGERS,
    Order,
    Sent,
    allowed_from,
    cancellation_settled,
    compensation_stage,
    dispute_settled,
    fires_at,
    guards_hold,
    leads_to,
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
STEPS += [timedelta(hours=71), timedelta(hours=72)]  # around the review time
STEPS += [timedelta(days=d) for d in (1, 3, 7, 30)]
# The happy path of §4 and §9: who moves the order on from each (state, stage).
FORWARD: dict[tuple[str, str | None], tuple[str, str]] = {
    ("requested", None): ("accept", "creator"),
    ("accepted", "awaiting_script"): ("submit_script", "creator"),
    ("accepted", "script_in_review"): ("approve_script", "brand"),
    ("accepted", "awaiting_video"): ("submit_video", "creator"),
    ("accepted", "video_in_review"): ("approve_video", "brand"),
    ("accepted", "ready_to_publish"): ("publish", "creator"),
    ("published", None): ("complete_retention", "system"),
    ("retained", None): ("settle", "system"),
}
BPS_CHOICES = [5_000, 10_000, 0, 1, 3_333, 9_999, 10_000, None]
POLICY = sm.CancellationPolicy()
SCREEN_FINDS = ("wechat id",)


def sent_from(draw: st.DataObject, likely: bool) -> Sent:
    """What a caller sends: mostly what the trigger needs when `likely`."""
    yes = st.sampled_from([True, True, True, False]) if likely else st.booleans()
    return Sent(
        reason=draw.draw(yes),
        evidence=draw.draw(yes),
        eligible=draw.draw(yes),
        content=draw.draw(yes),
        content_clean=draw.draw(yes),
        draft_url=draw.draw(yes),
        feedback=draw.draw(yes),
        refund_bps=draw.draw(st.sampled_from(BPS_CHOICES)),
    )


class OrderWalk(RuleBasedStateMachine):
    @initialize(
        publish_days=st.integers(min_value=1, max_value=60),
        retention_days=st.integers(min_value=1, max_value=365),
        review=st.sampled_from(REVIEWS),
        rounds=st.sampled_from([2, 1, 3, 0]),
        price=st.integers(min_value=100, max_value=100_000_000),
        head_start=st.integers(min_value=0, max_value=8),
    )
    def create(
        self,
        publish_days: int,
        retention_days: int,
        review: str,
        rounds: int,
        price: int,
        head_start: int,
    ) -> None:
        self.publish_days, self.retention_days = publish_days, retention_days
        self.review, self.price = review, price
        self.now = T0
        # the model: typed from product.md, no help from the package
        self.state = "requested"
        self.o = Order(accept_deadline=T0 + ACCEPT_WINDOW, revision_rounds=rounds)
        self.script_submitted = self.video_submitted = False
        self.offer: tuple[str, int, datetime] | None = None  # by, compensation, when
        self.history = ["requested"]
        self.edges: list[tuple[str, str, str]] = []
        self.stage_edges: list[tuple[str, str, str]] = []
        self.entered_at: list[str] = []  # the first stage each time the order was accepted
        # the package: facts as the service would keep them
        created = self._schedule(sm.CREATE.schedules, sm.Schedule())
        self.facts = sm.OrderFacts(
            sm.State.REQUESTED,
            accept_deadline=created.accept_deadline,
            channel=sm.ChannelFacts(PLATFORM, 200_000, True, HANDLE),
            price_fen=price,
            review=sm.Review(review),
            revision_rounds=rounds,
        )
        # start some walks further along the happy path, so every place gets explored
        for _ in range(head_start):
            if self.state in FINAL:
                break
            trigger, actor = FORWARD[(self.state, self.o.stage)]
            due = {"complete_retention": self.o.retention_ends_at, "settle": self.o.settle_at}
            if trigger in due:
                moment = due[trigger]
                assert moment is not None
                self.now = max(self.now, moment)
            assert self._attempt(trigger, actor, Sent(), "ok")
            self.now += timedelta(hours=1)

    def _schedule(self, timer: sm.Timer | None, current: sm.Schedule) -> sm.Schedule:
        """The package's due times after a transition that schedules `timer` now."""
        return sm.schedule(
            timer,
            self.now,
            publish_days=self.publish_days,
            retention_days=self.retention_days,
            settle_delay=SETTLE_DELAY,
            review_time=REVIEW_TIME,
            current=current,
        )

    def _offer_by(self) -> str | None:
        """The open proposal's author: a proposal lapses after 48 h."""
        if self.offer is None or self.now >= self.offer[2] + OFFER_LAPSES_AFTER:
            return None
        return self.offer[0]

    def _next_timer(self) -> tuple[str, datetime | None] | None:
        """§7, §9, §10: the timed trigger due next; none while it waits."""
        o = self.o
        if self.state == "requested":
            return "expire", o.accept_deadline
        if self.state == "accepted" and o.stage in IN_REVIEW:
            # the publish deadline waits for the review; the review time waits for ops
            return None if o.escalated else ("auto_approve", o.review_due_at)
        if self.state == "accepted":
            return "miss_deadline", o.publish_deadline
        if self.state == "published":
            return "complete_retention", o.retention_ends_at
        if self.state == "retained":
            return None if o.dispute_open else ("settle", o.settle_at)
        return None

    # --- the world moves -----------------------------------------------------------------

    @rule(step=st.sampled_from(STEPS))
    def wait(self, step: timedelta) -> None:
        self.now += step

    @rule(offset=st.sampled_from([-1, 0, 1]))
    def wait_until_due(self, offset: int) -> None:
        """Land on the next due time, or one microsecond either side of it; in review, on
        the end of the review time or on the publish deadline as agreed."""
        due = self._next_timer()
        moments = [due[1]] if due else []
        if self.o.stage in IN_REVIEW:
            moments.append(self.o.publish_deadline)
        for moment in moments:
            if moment is not None:
                self.now = max(self.now, moment + timedelta(microseconds=offset))
                return

    @precondition(lambda self: self.state in ("published", "retained"))
    @rule(status=st.sampled_from(["live", "removed", "private"]))
    def platform_reports(self, status: str) -> None:
        self.o = replace(self.o, video_status=status)
        self.facts = replace(self.facts, video_status=sm.VideoStatus(status))

    @precondition(lambda self: self.state == "published")
    @rule(status=st.sampled_from(["removed", "private"]), actor=st.sampled_from(["system", "ops"]))
    def the_video_disappears_and_is_reported(self, status: str, actor: str) -> None:
        self.platform_reports(status)
        self._attempt("report_removed", actor, Sent(), "none")

    @precondition(lambda self: self.state == "accepted")
    @rule(
        by=st.sampled_from(["creator", "brand"]),
        share=st.sampled_from([0, 3_333, 1, 10_000]),
    )
    def a_side_proposes_to_cancel(self, by: str, share: int) -> None:
        """§10: a proposal with a compensation figure (outside the machine: no state moves)."""
        self.offer = (by, self.price * share // 10_000, self.now)

    # --- someone fires a trigger ---------------------------------------------------------

    @rule(
        trigger=st.sampled_from(TRIGGERS),
        actor=st.sampled_from(ACTORS),
        video=st.sampled_from(sorted(VIDEOS)),
        data=st.data(),
    )
    def anyone_fires_anything(
        self, trigger: str, actor: str, video: str, data: st.DataObject
    ) -> None:
        self._attempt(trigger, actor, sent_from(data, likely=False), video)

    @rule(data=st.data())
    def a_plausible_party_fires(self, data: st.DataObject) -> None:
        pairs = sorted(
            (t, a)
            for t in TRIGGERS
            for a in ACTORS
            if may_fire(a, t) and fires_at(t, self.state, self.o.stage)
        )
        if not pairs:
            return
        trigger, actor = data.draw(st.sampled_from(pairs))
        video = data.draw(st.sampled_from(["ok", "ok", "ok", "other_handle", "none"]))
        self._attempt(trigger, actor, sent_from(data, likely=True), video)

    @precondition(lambda self: (self.state, self.o.stage) in FORWARD)
    @rule(data=st.data())
    def the_order_moves_forward(self, data: st.DataObject) -> None:
        """The happy path, so that walks get through the review and reach `closed` too."""
        trigger, actor = FORWARD[(self.state, self.o.stage)]
        if trigger in ("approve_script", "approve_video"):
            actor = "ops" if self.o.escalated else "brand"
        self._attempt(trigger, actor, Sent(), "ok")

    @precondition(lambda self: self.o.stage in IN_REVIEW)
    @rule(move=st.sampled_from(["approve", "changes", "changes", "escalate", "escalate"]))
    def the_review_goes_on(self, move: str) -> None:
        """§9: the brand approves or asks for changes; a side hands the review to ops."""
        draft = "script" if self.o.stage == "script_in_review" else "video"
        if move == "approve":
            actor = "ops" if self.o.escalated else "brand"
            self._attempt(f"approve_{draft}", actor, Sent(), "ok")
        elif move == "changes":
            self._attempt(f"request_{draft}_changes", "brand", Sent(), "ok")
        else:
            actor = "brand" if self.o.script_changes + self.o.video_changes else "creator"
            self._attempt("escalate_review", actor, Sent(), "ok")

    @precondition(lambda self: self.state == "accepted")
    @rule()
    def the_brand_cancels(self) -> None:
        """§10: the brand cancels an accepted order and pays by how far the work got."""
        self._attempt("cancel", "brand", Sent(), "ok")

    @precondition(lambda self: self.state == "accepted" and self._offer_by() is not None)
    @rule(same_side=st.sampled_from([False, False, False, True]))
    def the_proposal_is_answered(self, same_side: bool) -> None:
        """§10: the other side accepts a proposal to cancel (its author cannot)."""
        by = self._offer_by()
        actor = by if same_side else {"brand": "creator", "creator": "brand"}[str(by)]
        self._attempt("accept_cancellation", str(actor), Sent(), "ok")

    @precondition(lambda self: self.state in ("published", "retained"))
    @rule(refund_bps=st.sampled_from(BPS_CHOICES), withdraw=st.booleans())
    def a_dispute(self, refund_bps: int | None, withdraw: bool) -> None:
        """§10: the brand opens a dispute; it withdraws it, or ops resolve it."""
        if not self.o.dispute_open:
            self._attempt("open_dispute", "brand", Sent(), "none")
        elif withdraw:
            self._attempt("withdraw_dispute", "brand", Sent(), "none")
        else:
            self._attempt("resolve_dispute", "ops", Sent(refund_bps=refund_bps), "none")

    @precondition(lambda self: self._next_timer() is not None)
    @rule()
    def the_scheduler_fires_the_due_timer(self) -> None:
        """§7: the system fires the timed trigger due next, at its due time."""
        due = self._next_timer()
        assert due is not None
        trigger, moment = due
        assert moment is not None
        self.now = max(self.now, moment)
        video_live = self.o.video_status == "live"
        let_through = self._attempt(trigger, "system", Sent(reason=False), "none")
        assert let_through or (trigger == "complete_retention" and not video_live), trigger

    def _attempt(self, trigger: str, actor: str, sent: Sent, video: str) -> bool:
        """Fire on the package and check it against the oracle; move both. Whether it fired."""
        view = replace(self.o, offer_by=self._offer_by())
        sent = replace(sent, video_ok=video == "ok")
        sources = SPEC[trigger][0]
        expected_ok = (
            may_fire(actor, trigger)
            and fires_at(trigger, self.state, self.o.stage)
            and guards_hold(trigger, actor, self.now, view, sent)
        )
        attempt = sm.Attempt(
            sm.Actor(actor),
            self.now,
            reason="ops checked it" if sent.reason else None,
            evidence="traffic report" if sent.evidence else None,
            content="the script" if sent.content else None,
            draft_url="https://drafts.example/v/1" if sent.draft_url else None,
            feedback="shorter, please" if sent.feedback else None,
            refund_bps=sent.refund_bps,
        )
        standing = sm.CreatorFacts(
            credit_score=12 if sent.eligible else 0,
            order_rights_suspended=False,
            under_mcn_contract=False,
        )
        offer = None  # loaded, as the service does, only for the guard that reads it
        needs = sm.ORDER_MACHINE.transition_for(trigger).needs
        if sm.Fact.OFFER in needs and view.offer_by is not None and self.offer is not None:
            offer = sm.Offer(sm.Actor(view.offer_by), self.offer[1])
        seen = replace(
            self.facts,
            video=VIDEOS[video],
            standing=standing,
            screened=() if sent.content_clean else SCREEN_FINDS,
            offer=offer,
        )
        where = f"{trigger} by {actor} in {self.state}/{self.o.stage} at {self.now}"
        try:
            outcome = sm.ORDER_MACHINE.fire(trigger, seen, attempt)
        except sm.DomainError as refused:
            assert not expected_ok, f"{where} refused: {refused}"
            if not may_fire(actor, trigger):
                assert isinstance(refused, sm.ActorNotAllowed)
            elif self.state not in sources:
                assert type(refused) is sm.InvalidTransition
                allowed = allowed_from(self.state, actor, self.o.stage)
                assert set(refused.allowed_triggers) == allowed
            elif not fires_at(trigger, self.state, self.o.stage):
                assert isinstance(refused, sm.StageMismatch)
                assert refused.stage == self.o.stage
                assert set(refused.allowed_triggers) == allowed_from(
                    self.state, actor, self.o.stage
                )
            else:
                assert isinstance(refused, sm.GuardFailed)
            return False
        assert expected_ok, f"{where} was let through"
        expected = leads_to(trigger, self.state, self.o.stage, self.review, sent.refund_bps)
        assert (outcome.state, outcome.stage) == expected, where

        # what the creator side is paid when the order ends early (§10)
        settled = settled_fen(outcome.transition.money, seen, attempt, POLICY)
        if trigger == "cancel" and self.state == "accepted":
            stage = compensation_stage(
                self.script_submitted, self.video_submitted, self.o.video_changes
            )
            assert settled == cancellation_settled(self.price, stage), stage
        elif trigger == "accept_cancellation":
            assert self.offer is not None
            assert settled == self.offer[1]
        elif trigger == "resolve_dispute":
            assert sent.refund_bps is not None
            assert settled == dispute_settled(self.price, sent.refund_bps)
        else:
            assert settled == 0, trigger

        self._model_moves(trigger, *expected)
        self._package_moves(outcome)
        return True

    def _model_moves(self, trigger: str, state: str, stage: str | None) -> None:
        """The model moves by the effects product.md names."""
        o, now = self.o, self.now
        self.edges.append((self.state, trigger, state))
        self.history.append(state)
        if o.stage is not None and stage is not None and stage != o.stage:
            self.stage_edges.append((o.stage, trigger, stage))
        if trigger == "accept":
            o = replace(o, publish_deadline=now + timedelta(days=self.publish_days))
            self.entered_at.append(str(stage))
        elif trigger in ("submit_script", "submit_video"):
            o = replace(o, review_started_at=now, review_due_at=now + REVIEW_TIME)
            if trigger == "submit_script":
                self.script_submitted = True
            else:
                self.video_submitted = True
        elif trigger in ("approve_script", "approve_video", "auto_approve") or trigger.startswith(
            "request_"
        ):
            # §9: the time the brand spent reviewing is added to the publish deadline
            assert o.publish_deadline is not None and o.review_started_at is not None
            waited = now - o.review_started_at
            o = replace(
                o,
                publish_deadline=o.publish_deadline + waited,
                review_started_at=None,
                review_due_at=None,
                escalated=False,
            )
            if trigger == "request_script_changes":
                o = replace(o, script_changes=o.script_changes + 1)
            if trigger == "request_video_changes":
                o = replace(o, video_changes=o.video_changes + 1)
        elif trigger == "escalate_review":
            o = replace(o, escalated=True)
        elif trigger == "publish":
            o = replace(
                o,
                retention_ends_at=now + timedelta(days=self.retention_days),
                video_status="live",
            )
        elif trigger == "complete_retention":
            o = replace(o, settle_at=now + SETTLE_DELAY)
        elif trigger == "open_dispute":
            o = replace(o, dispute_open=True)
        elif trigger in ("withdraw_dispute", "resolve_dispute"):
            o = replace(o, dispute_open=False)
        if state != "accepted":  # out of `accepted`: no stage, no review, no proposal
            o = replace(o, review_started_at=None, review_due_at=None, escalated=False)
            self.offer = None
        if state in FINAL:
            o = replace(o, dispute_open=False)
        self.o = replace(o, stage=stage)
        self.state = state

    def _package_moves(self, outcome: sm.Outcome) -> None:
        """The package's facts move as the service keeps them, by the row and the package's
        own functions (`schedule`, `guards.publish_deadline`)."""
        facts, now = self.facts, self.now
        transition, before, after = outcome.transition, facts.stage, outcome.stage
        current = sm.Schedule(
            facts.accept_deadline,
            facts.publish_deadline,
            facts.retention_ends_at,
            facts.settle_at,
            facts.review_due_at,
        )
        due = self._schedule(transition.schedules, current)
        changes: dict[str, object] = {}
        progress = facts.progress
        review_ended = outcome.state is sm.State.ACCEPTED and before in sm.IN_REVIEW
        if review_ended and before != after:
            changes.update(
                publish_deadline=guards.publish_deadline(facts, now),
                review_started_at=None,
                review_escalated=False,
            )
            due = replace(due, review_due_at=None)
            if after is sm.Stage.AWAITING_SCRIPT:
                changes["script_rounds_used"] = facts.script_rounds_used + 1
            if after is sm.Stage.AWAITING_VIDEO and before is sm.Stage.VIDEO_IN_REVIEW:
                changes["video_rounds_used"] = facts.video_rounds_used + 1
                progress = replace(
                    progress, video_changes_requested=progress.video_changes_requested + 1
                )
        if before != after and after in sm.IN_REVIEW:  # a draft was sent
            changes["review_started_at"] = now
            if after is sm.Stage.SCRIPT_IN_REVIEW:
                progress = replace(progress, script_submitted=True)
            else:
                progress = replace(progress, video_submitted=True)
        if transition.mark is sm.Mark.ESCALATE_REVIEW:
            changes["review_escalated"] = True
        if transition.mark is sm.Mark.OPEN_DISPUTE:
            changes["dispute_open"] = True
        if transition.mark is sm.Mark.CLOSE_DISPUTE or outcome.state in sm.FINAL_STATES:
            changes["dispute_open"] = False
        if outcome.state is not sm.State.ACCEPTED:
            changes.update(review_started_at=None, review_escalated=False)
            due = replace(due, review_due_at=None)
        video_status = facts.video_status
        if transition.trigger == "publish":
            video_status = sm.VideoStatus.LIVE
        changes.update(
            state=outcome.state,
            stage=after,
            progress=progress,
            video_status=video_status,
            accept_deadline=due.accept_deadline,
            publish_deadline=changes.get("publish_deadline", due.publish_deadline),
            retention_ends_at=due.retention_ends_at,
            settle_at=due.settle_at,
            review_due_at=due.review_due_at,
        )
        self.facts = replace(facts, **changes)  # type: ignore[arg-type]

    # --- after every step ----------------------------------------------------------------

    @invariant()
    def package_agrees_with_the_model(self) -> None:
        if not hasattr(self, "state"):
            return
        f, o = self.facts, self.o
        assert (f.state, f.stage) == (self.state, o.stage)
        assert (f.accept_deadline, f.publish_deadline) == (o.accept_deadline, o.publish_deadline)
        assert (f.retention_ends_at, f.settle_at) == (o.retention_ends_at, o.settle_at)
        assert (f.review_started_at, f.review_due_at) == (o.review_started_at, o.review_due_at)
        assert (f.script_rounds_used, f.video_rounds_used) == (o.script_changes, o.video_changes)
        assert (f.review_escalated, f.dispute_open) == (o.escalated, o.dispute_open)
        progress = (self.script_submitted, self.video_submitted, o.video_changes)
        assert progress == (
            f.progress.script_submitted,
            f.progress.video_submitted,
            f.progress.video_changes_requested,
        )

    @invariant()
    def the_next_timer_is_the_models(self) -> None:
        if not hasattr(self, "state"):
            return
        f = self.facts
        due = sm.Schedule(
            f.accept_deadline, f.publish_deadline, f.retention_ends_at, f.settle_at, f.review_due_at
        )
        waiting = sm.suspended(f.stage, f.review_escalated, f.dispute_open)
        assert f.state is not None
        assert sm.ORDER_MACHINE.next_timer(f.state, due, f.stage, waiting) == self._next_timer()

    @invariant()
    def the_publish_deadline_waits_for_the_review(self) -> None:
        """§9: while a draft is in review the publish deadline does not pass."""
        if not hasattr(self, "state") or self.o.stage not in IN_REVIEW:
            return
        late = self.now + timedelta(days=400)
        attempt = sm.Attempt(sm.Actor.SYSTEM, late)
        try:
            sm.ORDER_MACHINE.fire("miss_deadline", self.facts, attempt)
        except sm.GuardFailed as refused:
            assert refused.code == "publish_deadline_not_reached"
        else:
            raise AssertionError("the publish deadline passed while a draft was in review")
        # a draft sent in time keeps the creator in time for as long as the review lasts
        started, agreed = self.o.review_started_at, self.o.publish_deadline
        assert started is not None and agreed is not None
        with_time = guards.publish_deadline(self.facts, late)
        assert with_time == late + (agreed - started)

    @invariant()
    def history_follows_the_spec(self) -> None:
        if not hasattr(self, "state"):
            return
        assert self.history[0] == "requested"
        assert all(edge in EDGES for edge in self.edges)
        assert all(edge in STAGE_EDGES for edge in self.stage_edges)
        assert [e[2] for e in self.edges] == self.history[1:]
        assert [e[0] for e in self.edges] == self.history[:-1]
        assert all(stage == REVIEW_PATHS[self.review][0] for stage in self.entered_at)
        if self.state == "accepted":
            assert self.o.stage in REVIEW_PATHS[self.review]
        else:
            assert self.o.stage is None

    @invariant()
    def rounds_never_exceed_what_was_agreed(self) -> None:
        if not hasattr(self, "state"):
            return
        assert self.facts.script_rounds_used <= self.o.revision_rounds
        assert self.facts.video_rounds_used <= self.o.revision_rounds

    @invariant()
    def final_states_never_change(self) -> None:
        if not hasattr(self, "state"):
            return
        finals = [i for i, s in enumerate(self.history) if s in FINAL]
        if finals:
            assert finals[0] == len(self.history) - 1, self.history
            assert self.facts.state is not None
            assert sm.ORDER_MACHINE.allowed_triggers(self.facts.state, sm.Actor.OPS) == []


OrderWalk.TestCase.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)
TestOrderWalk = OrderWalk.TestCase


# --- scripted walks: the same model and package, through the paths a random walk may miss --


def walk(review: str = "script_and_video", head_start: int = 0, **terms: int) -> OrderWalk:
    w = OrderWalk()
    w.create(
        publish_days=terms.get("publish_days", 7),
        retention_days=terms.get("retention_days", 30),
        review=review,
        rounds=terms.get("rounds", 2),
        price=terms.get("price", 123_457),
        head_start=head_start,
    )
    checked(w)
    return w


def checked(w: OrderWalk) -> None:
    w.package_agrees_with_the_model()
    w.the_next_timer_is_the_models()
    w.the_publish_deadline_waits_for_the_review()
    w.history_follows_the_spec()
    w.rounds_never_exceed_what_was_agreed()
    w.final_states_never_change()


def step(w: OrderWalk, trigger: str, actor: str, sent: Sent = Sent(), video: str = "ok") -> bool:
    fired = w._attempt(trigger, actor, sent, video)
    checked(w)
    return fired


def test_a_review_with_every_round_used_escalated_and_auto_approved() -> None:
    w = walk(head_start=2)  # the script is in review
    assert (w.state, w.o.stage) == ("accepted", "script_in_review")
    for _ in range(2):
        assert step(w, "request_script_changes", "brand")
        assert step(w, "submit_script", "creator")
    assert not step(w, "request_script_changes", "brand")  # no round left
    assert not step(w, "approve_script", "ops")  # not handed to ops yet
    assert step(w, "escalate_review", "brand")
    assert not step(w, "escalate_review", "creator")  # once
    w.wait(timedelta(hours=100))
    assert not step(w, "auto_approve", "system")  # ops have the review: its time waits
    assert step(w, "approve_script", "ops")
    assert (w.o.script_changes, w.o.stage, w.o.escalated) == (2, "awaiting_video", False)
    assert step(w, "submit_video", "creator")
    w.wait(REVIEW_TIME - timedelta(microseconds=1))
    assert not step(w, "auto_approve", "system")
    w.wait(timedelta(microseconds=1))
    w.the_scheduler_fires_the_due_timer()  # auto_approve, at the review time exactly
    checked(w)
    assert (w.state, w.o.stage) == ("accepted", "ready_to_publish")


@pytest.mark.parametrize(
    ("ended", "fires", "state"),
    [
        (-1, "publish", "published"),  # one microsecond before the extended deadline
        (0, "miss_deadline", "refunded"),  # at it
    ],
)
def test_a_review_that_ends_exactly_at_the_publish_deadline(
    ended: int, fires: str, state: str
) -> None:
    """§9: the 12 h the brand spent reviewing are added to the publish deadline."""
    w = walk("video", head_start=1, publish_days=1)  # accepted at T0, now T0 + 1 h
    agreed = T0 + timedelta(days=1)
    assert w.o.publish_deadline == agreed
    w.wait(timedelta(hours=11))
    assert step(w, "submit_video", "creator")
    w.wait(timedelta(hours=12))
    assert w.now == agreed
    assert not step(w, "miss_deadline", "system")  # the draft is in review
    assert step(w, "approve_video", "brand")  # the review ends at the deadline as agreed
    assert w.o.publish_deadline == agreed + timedelta(hours=12)
    w.now = agreed + timedelta(hours=12, microseconds=ended)
    assert step(w, fires, "creator" if fires == "publish" else "system")
    assert w.state == state


VIDEO_CHANGES = [("request_video_changes", "brand"), ("submit_video", "creator")]


@pytest.mark.parametrize(
    ("head_start", "moves", "stage"),
    [
        (1, [], "before_script"),
        (2, [], "script_submitted"),
        (3, [], "script_submitted"),  # the script approved: still 10%
        (2, [("request_script_changes", "brand")], "script_submitted"),
        (4, [], "video_submitted"),
        (4, VIDEO_CHANGES, "video_submitted"),
        (4, VIDEO_CHANGES * 2, "video_changes_twice"),
        (4, [*VIDEO_CHANGES * 2, ("approve_video", "brand")], "video_changes_twice"),
    ],
)
def test_the_brand_cancels_at_each_stage(
    head_start: int, moves: list[tuple[str, str]], stage: str
) -> None:
    w = walk(head_start=head_start, price=1_000_005)
    for trigger, actor in moves:
        assert step(w, trigger, actor)
    got = compensation_stage(w.script_submitted, w.video_submitted, w.o.video_changes)
    assert got == stage
    assert step(w, "cancel", "brand")  # checks settled_fen against the oracle
    assert w.state == "refunded"


@pytest.mark.parametrize("by", ["creator", "brand"])
def test_a_proposal_to_cancel_is_accepted_by_the_other_side_only(by: str) -> None:
    w = walk(head_start=4)
    w.a_side_proposes_to_cancel(by, 3_333)
    assert not step(w, "accept_cancellation", by)
    w.wait(OFFER_LAPSES_AFTER)
    assert not step(w, "accept_cancellation", "brand" if by == "creator" else "creator")
    w.a_side_proposes_to_cancel(by, 3_333)
    w.wait(OFFER_LAPSES_AFTER - timedelta(microseconds=1))
    assert step(w, "accept_cancellation", "brand" if by == "creator" else "creator")
    assert w.state == "refunded"


@pytest.mark.parametrize(("refund_bps", "state"), [(0, "closed"), (9_999, "closed")])
@pytest.mark.parametrize("head_start", [6, 7])
def test_a_dispute_stops_settlement_until_resolved(
    refund_bps: int, state: str, head_start: int
) -> None:
    w = walk(head_start=head_start)  # published, or retained
    assert not step(w, "withdraw_dispute", "brand")
    assert step(w, "open_dispute", "brand", video="none")
    assert not step(w, "open_dispute", "brand", video="none")
    w.wait(timedelta(days=400))
    if w.state == "published":
        w.the_scheduler_fires_the_due_timer()  # complete_retention: not stopped
        checked(w)
    assert w.state == "retained"
    assert w._next_timer() is None  # settlement waits
    assert not step(w, "settle", "system")
    assert not step(w, "settle", "ops")
    assert step(w, "withdraw_dispute", "brand")
    assert step(w, "open_dispute", "brand")
    assert step(w, "resolve_dispute", "ops", Sent(refund_bps=refund_bps))
    assert w.state == state


def test_a_dispute_resolved_with_a_full_refund_ends_refunded() -> None:
    w = walk(head_start=6)
    assert step(w, "open_dispute", "brand")
    assert not step(w, "resolve_dispute", "ops", Sent(refund_bps=None))
    assert step(w, "resolve_dispute", "ops", Sent(refund_bps=10_000))
    assert w.state == "refunded"
