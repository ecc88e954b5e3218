"""An order's video data: every snapshot, the latest figures and the derived ones."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field
from sqlmodel import col, select

from service.analytics.figures import FORMULAS, Counts, Derived, Formulas, derive
from service.deps import CallerDep, ClockDep, Session
from service.orders import repository
from service.problems import answers
from service.uow import Router
from service.videos.models import VideoSnapshot
from statemachine import VideoStatus

COUNTS = ("plays", "likes", "comments", "shares")
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
    order = await repository.order_for(session, caller, order_id, clock.now())
    rows = await session.exec(
        select(VideoSnapshot)
        .where(col(VideoSnapshot.order_id) == order.id)
        .order_by(col(VideoSnapshot.observed_at), col(VideoSnapshot.id))
    )
    snapshots = [Snapshot.model_validate(row, from_attributes=True) for row in rows]
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
