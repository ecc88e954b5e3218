"""Drafts and their review (product.md §9): what the triggers of the review keep besides
the order row, and what the screen finds in what they send."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.config import Settings
from service.messages.screening import Outcome, judge
from service.orders.models import DraftKind, Order, OrderDraft

# Which draft each stage of the review is about.
_DRAFT_OF = {
    sm.Stage.AWAITING_SCRIPT: DraftKind.SCRIPT,
    sm.Stage.SCRIPT_IN_REVIEW: DraftKind.SCRIPT,
    sm.Stage.AWAITING_VIDEO: DraftKind.VIDEO,
    sm.Stage.VIDEO_IN_REVIEW: DraftKind.VIDEO,
}


def screened(settings: Settings, *sent: str | None) -> tuple[str, ...]:
    """What the message screen is sure of in what a trigger of the review sends (a script, a
    draft link, feedback): kinds and the text found. Drafts have no queue for ops, so what
    would hold a message passes here; what would refuse it, refuses the draft."""
    found = []
    for text in sent:
        verdict = judge(text or "", settings.screen_refuse_score, settings.screen_hold_score)
        if verdict.outcome is Outcome.REFUSED:
            found += [f"{f.kind} '{f.match}'" for f in verdict.findings]
    return tuple(found)


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
