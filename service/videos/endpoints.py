"""The video platform's signed status callback, and the simulated platform's controls."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime
from typing import Annotated

from fastapi import Header, Request
from pydantic import BaseModel, Field
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.deps import CallerDep, ClockDep, OpsCaller, Session, SettingsDep
from service.lookup import one_or_404
from service.orders.facts import Context, Outside
from service.orders.models import Order
from service.orders.transitions import fire_as_system
from service.parties.models import Channel, PartyKind
from service.private_deals.service import check_video
from service.problems import Forbidden, NotFound, ProblemError, Unprocessable, answers
from service.schemas import Rfc3339, StrictBody, StrictBool, StrictInt
from service.uow import Router
from service.videos.data import record_statuses
from service.videos.models import COUNTS, SimulatedPost
from service.videos.simulator import canonical_url, look, post_video, set_video, urls_of

router = Router(prefix="/v1", tags=["video platform"])
SIGNATURE_TOLERANCE_SECONDS = 300
_SECONDS = re.compile(r"[0-9]{1,12}")  # str.isdigit() also takes "²", which int() refuses
Count = Annotated[StrictInt, Field(ge=0, le=10**15)]


class BadSignature(ProblemError):
    code = "bad_signature"


class VideoStatusChange(StrictBody):
    video_url: str = Field(max_length=500)
    status: sm.VideoStatus
    changed_at: Rfc3339
    commercial: StrictBool = Field(
        False, description="labelled commercial content: checked for a private deal"
    )


class SimulatedVideoUpdate(StrictBody):
    video_url: str = Field(max_length=500)
    status: sm.VideoStatus = sm.VideoStatus.LIVE
    commercial: StrictBool | None = Field(
        None,
        description="label it commercial content (a private deal is suspected when no order "
        "has it); unchanged when absent",
    )
    plays: Count | None = None
    likes: Count | None = None
    comments: Count | None = None
    shares: Count | None = None


class CallbackResult(BaseModel):
    orders: list[str] = Field(description="published orders showing this video")
    refunded: list[str] = Field(description="those refunded because it went in the period")
    private_deal_case: str | None = Field(
        None, description="the case opened (or already open) for a commercial video"
    )


def verify(secret: str, header: str, body: bytes, now: datetime) -> None:
    """`X-Video-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    timestamp, given = parts.get("t", ""), parts.get("v1", "")
    if (
        not _SECONDS.fullmatch(timestamp)
        or abs(now.timestamp() - int(timestamp)) > SIGNATURE_TOLERANCE_SECONDS
    ):
        raise BadSignature("missing or stale timestamp")
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest().encode(), given.encode()):
        raise BadSignature("the signature does not match")


@router.post(
    "/integrations/video-platform/callback",
    status_code=202,
    response_model=CallbackResult,
    openapi_extra=answers("bad_signature", "invalid_time", "unknown_video"),
    summary="The video platform pushes a video's status change (signed)",
    name="report_video_status",
)
async def status_callback(
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    signature: Annotated[str, Header(alias="X-Video-Signature", max_length=200)] = "",
) -> CallbackResult:
    raw = await request.body()
    verify(settings.video_callback_secret, signature, raw, clock.now())
    change = VideoStatusChange.model_validate_json(raw)
    if change.changed_at > clock.now():
        raise Unprocessable("changed_at is in the future", code="invalid_time")
    state = request.app.state
    ctx = Context(state.machine, clock.now(), settings, state.video_platform(session))
    result = CallbackResult(orders=[], refunded=[])
    if change.commercial:  # (asking the platform before any order is locked)
        seen_now = await ctx.videos.get_video(change.video_url, clock.now())
        if seen_now is not None:
            case = await check_video(session, change.video_url, seen_now, clock.now())
            result.private_deal_case = case.id if case else None
    # The orders first, in id order, as every writer of their video data locks them.
    published = await session.exec(
        select(Order.id)
        .where(col(Order.video_url) == change.video_url, col(Order.state) == sm.State.PUBLISHED)
        .order_by(col(Order.id))
        .with_for_update()
    )
    result.orders = list(published)
    await record_statuses(session, result.orders, change.status, change.changed_at)
    for order_id in result.orders:
        if change.status is sm.VideoStatus.LIVE:
            continue
        try:
            async with session.begin_nested():
                seen = Outside(sighting=sm.Sighting(change.status, change.changed_at))
                await fire_as_system(session, order_id, "report_removed", ctx, seen)
            result.refunded.append(order_id)
        except sm.GuardFailed:
            pass  # gone after the period ended: the video did its job
    return result


class SimulatedVideoPublic(BaseModel):
    video_url: str = Field(description="the video's canonical URL")
    urls: list[str] = Field(description="every form of its URL the platform answers to")
    platform: sm.Platform
    handle: str = Field(description="the account it was posted on")
    posted_at: datetime
    status: sm.VideoStatus
    commercial: bool = Field(description="labelled commercial content (Douyin's 商业内容)")
    plays: int = Field(description="as the platform shows them now")
    likes: int
    comments: int
    shares: int
    private_deal_case: str | None = Field(
        None, description="the case opened (or already open) for a commercial video"
    )


async def _shown(session: AsyncSession, post: SimulatedPost, now: datetime) -> SimulatedVideoPublic:
    seen = await look(session, post, now)
    return SimulatedVideoPublic(
        video_url=canonical_url(post), urls=urls_of(post), platform=post.platform,
        handle=post.handle, posted_at=post.posted_at, status=seen.status,
        commercial=seen.commercial, **{name: getattr(seen.counts, name) for name in COUNTS},
    )  # fmt: skip


def _simulated_only(request: Request) -> None:
    if request.app.state.settings.video_platform != "simulated":
        raise NotFound("the video platform is not simulated")


@router.put(
    "/simulator/videos",
    response_model=SimulatedVideoPublic,
    openapi_extra=answers("not_found", "unknown_video"),
    summary="Change a video on the simulated platform (ops): commercial, remove, hide, "
    "restore, add counts",
    description=(
        "Metrics sent are added to the video's own growth (bought plays, say). A URL that names "
        "its account and that the platform has not seen is taken as posted there now."
    ),
    name="set_simulated_video",
)
async def simulate(
    body: SimulatedVideoUpdate, _: OpsCaller, session: Session, request: Request, clock: ClockDep
) -> SimulatedVideoPublic:
    _simulated_only(request)
    metrics = body.model_dump(include=set(COUNTS), exclude_none=True)
    post = await set_video(
        session, body.video_url, body.status, clock.now(), metrics, body.commercial
    )
    if post is None:
        raise Unprocessable("not a video the platforms know", code="unknown_video")
    shown = await _shown(session, post, clock.now())
    if shown.commercial:
        owner = sm.VideoFacts(post.platform, post.handle, shown.status, commercial=True)
        case = await check_video(session, body.video_url, owner, clock.now())
        shown.private_deal_case = case.id if case else None
    return shown


@router.post(
    "/simulator/channels/{channel_id}/videos",
    status_code=201,
    response_model=SimulatedVideoPublic,
    openapi_extra=answers(),
    summary="Post a new video on a channel of the simulated platform (its creator, ops)",
    description="Its plays, likes, comments and shares then grow on the service's clock.",
    name="post_simulated_video",
)
async def post(
    channel_id: str, caller: CallerDep, session: Session, request: Request, clock: ClockDep
) -> SimulatedVideoPublic:
    _simulated_only(request)
    mine = () if caller.kind is PartyKind.OPS else (col(Channel.creator_id) == caller.party_id,)
    if caller.kind not in (PartyKind.OPS, PartyKind.CREATOR):
        raise Forbidden("only a creator (on its own channel) or ops post videos")
    channel = await one_or_404(session, Channel, channel_id, *mine, prefix="ch", what="channel")
    return await _shown(session, await post_video(session, channel, clock.now()), clock.now())
