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

import statemachine as sm
from service.deps import ClockDep, OpsCaller, Session, SettingsDep
from service.orders.facts import Context, Outside
from service.orders.models import Order
from service.orders.transitions import fire_as_system, record_snapshot
from service.ports.video import parse_video_url
from service.private_deals.service import check_video
from service.problems import NotFound, ProblemError, Unprocessable, answers
from service.schemas import Rfc3339, StrictBody, StrictBool, StrictInt
from service.uow import Router
from service.videos.simulator import set_video

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
        description="post it as commercial content (a private deal is suspected when no "
        "order has it); unchanged when absent",
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
    published = await session.exec(
        select(Order.id).where(
            col(Order.video_url) == change.video_url, col(Order.state) == sm.State.PUBLISHED
        )
    )
    result = CallbackResult(orders=list(published), refunded=[])
    if change.commercial:
        case = await check_video(session, change.video_url, clock.now())
        result.private_deal_case = case.id if case else None
    facts = sm.VideoFacts(sm.Platform.DOUYIN, "", change.status)
    for order_id in result.orders:
        record_snapshot(session, order_id, facts, change.changed_at)
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
    video_url: str
    status: sm.VideoStatus
    commercial: bool
    plays: int
    likes: int
    comments: int
    shares: int
    updated_at: datetime
    private_deal_case: str | None = Field(
        None, description="the case opened (or already open) for a commercial video"
    )


@router.put(
    "/simulator/videos",
    response_model=SimulatedVideoPublic,
    openapi_extra=answers("not_found", "unknown_video"),
    summary="Post or change a video on the simulated platform (ops): commercial, remove, "
    "hide, restore, metrics",
    name="set_simulated_video",
)
async def simulate(
    body: SimulatedVideoUpdate, _: OpsCaller, session: Session, request: Request, clock: ClockDep
) -> SimulatedVideoPublic:
    if request.app.state.settings.video_platform != "simulated":
        raise NotFound("the video platform is not simulated")
    if parse_video_url(body.video_url) is None:
        raise Unprocessable("not a video URL the platforms know", code="unknown_video")
    metrics = body.model_dump(include={"plays", "likes", "comments", "shares"}, exclude_none=True)
    video = await set_video(
        session, body.video_url, body.status, clock.now(), metrics, body.commercial
    )
    public = SimulatedVideoPublic.model_validate(video, from_attributes=True)
    if video.commercial:
        case = await check_video(session, body.video_url, clock.now())
        public.private_deal_case = case.id if case else None
    return public
