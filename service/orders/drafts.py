"""Drafts and their review (product.md §9), and cancellation by consent (§10): what the
triggers of the review keep besides the order row, and the facts they read (the screen's
verdict on a script, the open proposal to cancel)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.messages.screening import screen
from service.orders.models import CancellationProposal, DraftKind, Order, OrderDraft
from statemachine.retention import ProposalState

# Which draft each stage of the review is about.
_DRAFT_OF = {
    sm.Stage.AWAITING_SCRIPT: DraftKind.SCRIPT,
    sm.Stage.SCRIPT_IN_REVIEW: DraftKind.SCRIPT,
    sm.Stage.AWAITING_VIDEO: DraftKind.VIDEO,
    sm.Stage.VIDEO_IN_REVIEW: DraftKind.VIDEO,
}


def screened(content: str | None) -> tuple[str, ...]:
    """What the message screen finds in a script: kinds and the text found."""
    return tuple(f"{f.kind} '{f.match}'" for f in screen(content or ""))


def rounds_used(order: Order, draft: DraftKind) -> int:
    return order.script_rounds_used if draft is DraftKind.SCRIPT else order.video_rounds_used


def entry(
    order: Order,
    before: sm.Stage | None,
    after: sm.Stage | None,
    attempt: sm.Attempt,
    actor_id: str | None,
) -> OrderDraft | None:
    """The entry a move of the review adds, read before the move: a draft sent (into review),
    or the brand's feedback on one (back to awaiting it). Approvals are history only."""
    if before is None or after is None or before is after:
        return None
    draft = _DRAFT_OF.get(before)
    if draft is None:
        return None
    if after in sm.IN_REVIEW:
        kind, text = draft, {"content": attempt.content, "draft_url": attempt.draft_url}
    elif before in sm.IN_REVIEW and _DRAFT_OF.get(after) is draft:
        kind, text = DraftKind.FEEDBACK, {"feedback": attempt.feedback}
    else:
        return None
    return OrderDraft.model_validate(
        {
            "order_id": order.id, "kind": kind, "draft": draft,
            "round": rounds_used(order, draft) + 1, "author_kind": attempt.actor.value,
            "author_id": actor_id, "at": attempt.now, **text,
        }
    )  # fmt: skip


async def drafts_of(session: AsyncSession, order_id: str) -> list[OrderDraft]:
    statement = (
        select(OrderDraft).where(col(OrderDraft.order_id) == order_id).order_by(col(OrderDraft.id))
    )
    return list((await session.exec(statement)).all())


async def open_proposal(
    session: AsyncSession, order_id: str, now: datetime, *, lock: bool = False
) -> CancellationProposal | None:
    """The order's pending proposal to cancel that has not lapsed (a new one supersedes)."""
    statement = (
        select(CancellationProposal)
        .where(
            col(CancellationProposal.order_id) == order_id,
            col(CancellationProposal.state) == ProposalState.PENDING,
            col(CancellationProposal.expires_at) > now,
        )
        .order_by(col(CancellationProposal.created_at).desc())
        .limit(1)
    )
    if lock:
        statement = statement.with_for_update()
    return (await session.exec(statement)).first()


def offer_of(proposal: CancellationProposal | None) -> sm.Offer | None:
    if proposal is None:
        return None
    return sm.Offer(sm.Actor(proposal.proposer_kind), proposal.compensation_fen)


async def proposals_of(session: AsyncSession, order_id: str) -> list[CancellationProposal]:
    statement = (
        select(CancellationProposal)
        .where(col(CancellationProposal.order_id) == order_id)
        .order_by(col(CancellationProposal.created_at).desc(), col(CancellationProposal.id))
    )
    return list((await session.exec(statement)).all())
