"""Opening and deciding suspected private deals (product.md §11).

A case opens when the video platform reports a commercial video (Douyin's 商业内容 label) on
the channel of one of our creators, and no order of ours has that video: the brand paid the
creator somewhere else. The check runs when the platform reports a video, through its signed
callback (`commercial: true`), and when the simulated platform posts one
(`PUT /v1/simulator/videos` with `commercial: true`); a video has at most one case. Ops
dismiss a case or confirm it; confirming records a `private_deal` violation (12 points by
default) with the case as its evidence.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.credit.service import Who, record_violation
from service.events.emit import NewEvent, emit
from service.ids import new_id
from service.orders.models import Order
from service.parties.models import Channel
from service.private_deals.models import CaseStatus, PrivateDealCase
from service.problems import Conflict, NotFound, VersionConflict
from statemachine import VideoFacts
from statemachine.credit import ViolationKind


async def check_video(
    session: AsyncSession, video_url: str, video: VideoFacts, now: datetime
) -> PrivateDealCase | None:
    """Open a case for a commercial video (`video`: as the platform reports it, with its
    owner) with no order behind it on a creator's channel; the case already open for it, or
    None when there is nothing to suspect."""
    platform, handle = video.platform, video.handle
    channel = (
        await session.exec(
            select(Channel).where(col(Channel.platform) == platform, col(Channel.handle) == handle)
        )
    ).first()
    if channel is None:
        return None  # not one of our creators' channels
    ordered = await session.exec(select(Order.id).where(col(Order.video_url) == video_url))
    if ordered.first() is not None:
        return None  # the deal went through the platform
    existing = await _by_video(session, video_url)
    if existing is not None:
        return existing
    case = PrivateDealCase(
        id=new_id("pdc"),
        creator_id=channel.creator_id,
        channel_id=channel.id,
        video_url=video_url,
        status=CaseStatus.OPEN,
        opened_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(case)
            await session.flush()
    except IntegrityError:  # the same video reported twice at once: one case
        return await _by_video(session, video_url)
    await case_event(session, case, now)
    return case


async def _by_video(session: AsyncSession, video_url: str) -> PrivateDealCase | None:
    found = await session.exec(
        select(PrivateDealCase).where(col(PrivateDealCase.video_url) == video_url)
    )
    return found.first()


async def case_event(session: AsyncSession, case: PrivateDealCase, now: datetime) -> None:
    """private_deal_case.opened / .dismissed / .confirmed: ops see every case; the creator
    hears of it when it is confirmed (the violation is theirs to appeal)."""
    kind = {
        CaseStatus.OPEN: "private_deal_case.opened",
        CaseStatus.DISMISSED: "private_deal_case.dismissed",
        CaseStatus.CONFIRMED: "private_deal_case.confirmed",
    }[case.status]
    audience = (case.creator_id,) if case.status is CaseStatus.CONFIRMED else ()
    data = case.model_dump(mode="json", exclude={"version"})
    await emit(session, [NewEvent(kind, "private_deal_case", case.id, data, audience)], now)


async def decide(
    session: AsyncSession, case_id: str, to: CaseStatus, who: Who, reason: str | None,
    now: datetime, settings: Settings,
) -> PrivateDealCase:  # fmt: skip
    case = await session.get(PrivateDealCase, case_id)
    if case is None:
        raise NotFound(f"no private-deal case '{case_id}'")
    if case.status is not CaseStatus.OPEN:
        raise Conflict(f"case '{case_id}' is {case.status}", code="case_not_open")
    violation_id = None
    if to is CaseStatus.CONFIRMED:
        evidence = (
            f"private-deal case {case.id}: commercial video {case.video_url} on channel "
            f"{case.channel_id}, no order behind it" + (f"; {reason}" if reason else "")
        )
        violation = await record_violation(
            session, case.creator_id, ViolationKind.PRIVATE_DEAL, who, now, settings,
            evidence=evidence,
        )  # fmt: skip
        violation_id = violation.id
    result = await session.exec(
        update(PrivateDealCase)
        .where(
            col(PrivateDealCase.id) == case.id,
            col(PrivateDealCase.version) == case.version,
            col(PrivateDealCase.status) == CaseStatus.OPEN,
        )
        .values(
            status=to,
            version=case.version + 1,
            violation_id=violation_id,
            decided_by=who[1],
            decided_at=now,
            decision_reason=reason,
        )
    )
    if result.rowcount != 1:
        raise VersionConflict(f"case '{case_id}' changed meanwhile")
    await session.refresh(case)
    await case_event(session, case, now)
    return case
