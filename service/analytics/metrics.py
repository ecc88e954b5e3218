"""An order's video data: every snapshot, the latest figures and the derived ones; a chart."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Response
from fastapi.concurrency import run_in_threadpool
from pydantic import Field
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.analytics import charts
from service.analytics.figures import FORMULAS, Counts, Derived, Formulas, derive, engagements
from service.deps import Caller, CallerDep, ClockDep, Session, SettingsDep
from service.orders import repository
from service.orders.models import Order
from service.problems import answers
from service.uow import Router
from service.videos.models import COUNTS, VideoSnapshot
from statemachine import VideoStatus

router = Router(prefix="/v1", tags=["data"])


class Snapshot(Counts):
    observed_at: datetime
    status: VideoStatus


class OrderMetrics(Counts, Derived):
    """The latest counts (0 before the first check) and the figures derived from them."""

    order_id: str
    price_fen: int
    video_url: str | None
    published_at: datetime | None
    observed_at: datetime | None = Field(description="when the latest counts were seen")
    next_check_at: datetime | None = Field(description="when the video is checked next")
    formulas: Formulas
    snapshots: list[Snapshot] = Field(description="every check, oldest first")


async def _read(
    session: AsyncSession, caller: Caller, order_id: str, now: datetime
) -> tuple[Order, list[Snapshot]]:
    """The order if the caller may see it, and every snapshot of its video, oldest first."""
    order = await repository.order_for(session, caller, order_id, now)
    rows = await session.exec(
        select(VideoSnapshot)
        .where(col(VideoSnapshot.order_id) == order.id)
        .order_by(col(VideoSnapshot.observed_at), col(VideoSnapshot.id))
    )
    snapshots = [Snapshot.model_validate(row, from_attributes=True) for row in rows]
    return order, snapshots


@router.get(
    "/orders/{order_id}/metrics",
    response_model=OrderMetrics,
    openapi_extra=answers(),
    summary="An order's video data: snapshots, latest counts, ER, CPM, CPE with formulas",
    description=(
        "Videos are checked hourly for the first 48 hours after publication, then daily, and "
        "once more just before the retention period ends (settings)."
    ),
)
async def get_order_metrics(
    order_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> OrderMetrics:
    order, snapshots = await _read(session, caller, order_id, clock.now())
    latest = Counts(**snapshots[-1].model_dump(include=set(COUNTS))) if snapshots else Counts()
    return OrderMetrics(
        order_id=order.id,
        price_fen=order.price_fen,
        video_url=order.video_url,
        published_at=order.published_at,
        observed_at=snapshots[-1].observed_at if snapshots else None,
        next_check_at=order.video_check_at,
        formulas=FORMULAS,
        snapshots=snapshots,
        **latest.model_dump(),
        **derive(latest, order.price_fen).model_dump(),
    )


SVG_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/svg+xml": {"schema": {"type": "string"}}}, "description": "SVG"}
}


@router.get(
    "/orders/{order_id}/charts/plays.svg",
    response_class=Response,
    responses=SVG_RESPONSE,
    openapi_extra=answers(),
    summary="A chart of an order's plays and engagements over time (SVG)",
)
async def get_order_plays_chart(
    order_id: str, caller: CallerDep, session: Session, clock: ClockDep, settings: SettingsDep
) -> Response:
    order, snapshots = await _read(session, caller, order_id, clock.now())
    svg = await run_in_threadpool(
        charts.plays_over_time,
        [s.observed_at for s in snapshots],
        [s.plays for s in snapshots],
        [engagements(s) for s in snapshots],
        title=f"订单 {order.id} · 播放量与互动量",
        family=settings.chart_font_family,
    )
    return Response(svg, media_type="image/svg+xml")
