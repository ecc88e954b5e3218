"""Metrics snapshots of published videos, each order's latest counts, their sums per
project (by day and by creator), and the simulated platform's videos and postings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Date, Index, Integer
from sqlmodel import Field, SQLModel

from service.db import EnumText, UTCDateTime
from statemachine import Platform, VideoStatus

COUNTS = ("plays", "likes", "comments", "shares")  # what a video's checks count


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


class VideoLatest(SQLModel, table=True):
    """Each order's latest snapshot, with the order's project, creator and price (none of
    them ever changes), so that summaries read one row per order, and a project's videos
    with the most plays first from an index."""

    __tablename__ = "video_latest"
    __table_args__ = (Index("ix_video_latest_project_id_plays", "project_id", "plays", "order_id"),)

    order_id: str = Field(foreign_key="orders.id", primary_key=True, max_length=40)
    project_id: str | None = Field(default=None, max_length=40)
    creator_id: str = Field(max_length=40)
    price_fen: int = _count()
    observed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    plays: int = _count()
    likes: int = _count()
    comments: int = _count()
    shares: int = _count()


class ProjectDay(SQLModel, table=True):
    """What each day (Asia/Shanghai) added over a project's videos: the gain of every
    snapshot over the one before it, summed by the day it was seen, so that a project's
    days add up to its videos' latest counts and its daily series reads one row a day."""

    __tablename__ = "project_days"

    project_id: str = Field(primary_key=True, max_length=40)
    day: date = Field(sa_column=Column(Date(), primary_key=True))
    plays_gained: int = _count()
    engagements_gained: int = _count()


class ProjectCreator(SQLModel, table=True):
    """A project's videos by one creator: how many were checked, their prices, and their
    latest counts summed, so that the summary's per-creator figures read one row each."""

    __tablename__ = "project_creators"

    project_id: str = Field(primary_key=True, max_length=40)
    creator_id: str = Field(primary_key=True, max_length=40)
    videos: int = _count()
    price_fen: int = _count()
    plays: int = _count()
    likes: int = _count()
    comments: int = _count()
    shares: int = _count()


class SimulatedVideo(SQLModel, table=True):
    """What ops set on a simulated video (keyed by its canonical URL): its status, and counts
    added to its organic growth (bought plays, say)."""

    __tablename__ = "simulated_videos"

    video_url: str = Field(primary_key=True, max_length=500)
    status: VideoStatus = Field(sa_column=Column(EnumText(VideoStatus), nullable=False))
    commercial: bool = Field(default=False, description="labelled commercial content (商业内容)")
    plays: int = _count()
    likes: int = _count()
    comments: int = _count()
    shares: int = _count()
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class SimulatedPost(SQLModel, table=True):
    """A video a creator posted on a channel of the simulated platform, with the parameters
    of its growth curve, drawn once from the video's id."""

    __tablename__ = "simulated_posts"

    # "<platform>:<video id>", or "<platform>:@<handle>:<video id>" for a video first seen
    # by a URL naming its account (`simulator.find_post`)
    key: str = Field(primary_key=True, max_length=160)
    platform: Platform = Field(sa_column=Column(EnumText(Platform), nullable=False))
    video_id: str = Field(max_length=30)
    short_code: str | None = Field(default=None, unique=True, max_length=16)
    channel_id: str | None = Field(default=None, max_length=40)
    handle: str = Field(max_length=100)
    posted_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    reach: int = _count()  # the plays it tends to
    rise_minutes: int = Field(sa_column=Column(Integer(), nullable=False))
    like_ppm: int = Field(sa_column=Column(Integer(), nullable=False))
    comment_ppm: int = Field(sa_column=Column(Integer(), nullable=False))
    share_ppm: int = Field(sa_column=Column(Integer(), nullable=False))
