"""Metrics snapshots of published videos, and the simulated platform's videos."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from service.db import EnumText, UTCDateTime
from statemachine import VideoStatus


def _count() -> int:
    return Field(default=0, sa_column=Column(BigInteger(), nullable=False))  # type: ignore[no-any-return]


class VideoSnapshot(SQLModel, table=True):
    __tablename__ = "video_snapshots"
    __table_args__ = (Index("ix_video_snapshots_order_id_id", "order_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(foreign_key="orders.id", max_length=40)
    observed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: VideoStatus = Field(sa_column=Column(EnumText(VideoStatus), nullable=False))
    plays: int = _count()
    likes: int = _count()
    comments: int = _count()
    shares: int = _count()


class SimulatedVideo(SQLModel, table=True):
    """A video on the simulated platform; unknown videos are live with no audience yet."""

    __tablename__ = "simulated_videos"

    video_url: str = Field(primary_key=True, max_length=500)
    status: VideoStatus = Field(sa_column=Column(EnumText(VideoStatus), nullable=False))
    commercial: bool = Field(default=False, description="labelled commercial content (商业内容)")
    plays: int = _count()
    likes: int = _count()
    comments: int = _count()
    shares: int = _count()
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
