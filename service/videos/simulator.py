"""The simulated video platform (no real one is reachable from here). Its videos live in our
database, so the API and any number of workers see the same platform.

A video exists because a creator posted it on a channel (`post_video`); it belongs to that
channel whatever form of its URL is pasted. A URL that names its account
(`/@handle/video/<id>`) and no video the platform has posted is taken as a video posted by
that account when first seen (so scripts and tests can name videos without posting them).
Its counts follow `growth` on the service's clock, plus what ops add; its status is what
ops set (live unless told otherwise)."""

from __future__ import annotations

import hashlib
import secrets
import string
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db import upsert_into
from service.parties.models import Channel
from service.ports.video import VideoRef, parse_video_url
from service.videos import growth
from service.videos.models import COUNTS, SimulatedPost, SimulatedVideo
from statemachine import Platform, VideoFacts, VideoStatus

UNKNOWN_FOLLOWERS = 10_000  # an account the service has not registered
_CODE_ALPHABET = string.ascii_letters + string.digits


def _first_seen(post: SimulatedPost) -> bool:
    return ":@" in post.key


def canonical_url(post: SimulatedPost) -> str:
    if _first_seen(post):
        return _handle_form(post)
    if post.platform is Platform.DOUYIN:
        return f"https://www.douyin.com/video/{post.video_id}"
    if post.platform is Platform.XIGUA:
        return f"https://www.ixigua.com/{post.video_id}"
    return _handle_form(post)


def _handle_form(post: SimulatedPost) -> str:
    host = {Platform.DOUYIN: "douyin", Platform.XIGUA: "ixigua", Platform.HUOSHAN: "huoshan"}
    return f"https://www.{host[post.platform]}.com/@{post.handle}/video/{post.video_id}"


def urls_of(post: SimulatedPost) -> list[str]:
    """Every form of the video's URL the platform answers to."""
    found = [canonical_url(post)]
    if post.short_code:
        found.append(f"https://v.douyin.com/{post.short_code}/")
    return found if _handle_form(post) in found else [*found, _handle_form(post)]


def _short_code(key: str) -> str:
    number = int.from_bytes(hashlib.sha256(b"short:" + key.encode()).digest()[:8], "big")
    letters = ""
    while len(letters) < 8:
        number, digit = divmod(number, len(_CODE_ALPHABET))
        letters += _CODE_ALPHABET[digit]
    return letters


async def _add_post(
    session: AsyncSession, key: str, platform: Platform, video_id: str, handle: str,
    channel: Channel | None, at: datetime,
) -> SimulatedPost:  # fmt: skip
    """Record a posting (one statement: two first sightings of a video both succeed)."""
    drawn = growth.draw(key, channel.followers if channel else UNKNOWN_FOLLOWERS)
    row = upsert_into(session)(SimulatedPost).values(
        key=key, platform=platform, video_id=video_id, handle=handle,
        short_code=_short_code(key) if platform is Platform.DOUYIN and ":@" not in key else None,
        channel_id=channel.id if channel else None, posted_at=at,
        reach=drawn.reach, rise_minutes=drawn.rise_minutes, like_ppm=drawn.like_ppm,
        comment_ppm=drawn.comment_ppm, share_ppm=drawn.share_ppm,
    )  # fmt: skip
    await session.exec(row.on_conflict_do_nothing(index_elements=[col(SimulatedPost.key)]))
    found = await session.get(SimulatedPost, key, populate_existing=True)
    assert found is not None
    return found


async def post_video(session: AsyncSession, channel: Channel, at: datetime) -> SimulatedPost:
    """The creator posts a new video on the channel."""
    video_id = str(7_000_000_000_000_000_000 + secrets.randbelow(10**18))
    key = f"{channel.platform.value}:{video_id}"
    return await _add_post(session, key, channel.platform, video_id, channel.handle, channel, at)


async def find_post(session: AsyncSession, ref: VideoRef, at: datetime) -> SimulatedPost | None:
    """The posting a URL points to; a URL naming its account is posted there at first sight."""
    if ref.short_code is not None:
        statement = select(SimulatedPost).where(col(SimulatedPost.short_code) == ref.short_code)
        return (await session.exec(statement)).first()
    assert ref.video_id is not None
    found = await session.get(SimulatedPost, f"{ref.platform.value}:{ref.video_id}")
    if found is not None or ref.handle is None:
        return found
    key = f"{ref.platform.value}:@{ref.handle}:{ref.video_id}"
    seen = await session.get(SimulatedPost, key)
    if seen is not None:
        return seen
    channel = (
        await session.exec(
            select(Channel).where(
                col(Channel.platform) == ref.platform, col(Channel.handle) == ref.handle
            )
        )
    ).first()
    return await _add_post(session, key, ref.platform, ref.video_id, ref.handle, channel, at)


@dataclass(frozen=True)
class Seen:
    """A simulated video as the platform shows it at a moment."""

    post: SimulatedPost
    status: VideoStatus
    counts: growth.Counts
    commercial: bool = False  # labelled commercial content (Douyin's 商业内容)


async def look(session: AsyncSession, post: SimulatedPost, at: datetime) -> Seen:
    state = await session.get(SimulatedVideo, canonical_url(post), populate_existing=True)
    minutes = (at - post.posted_at).total_seconds() / 60
    grown = growth.counts_after(_growth_of(post), minutes)
    added = growth.Counts(*(getattr(state, name) for name in COUNTS)) if state else growth.Counts()
    status = state.status if state else VideoStatus.LIVE
    return Seen(post, status, grown + added, bool(state and state.commercial))


def _growth_of(post: SimulatedPost) -> growth.Growth:
    return growth.Growth(
        post.reach, post.rise_minutes, post.like_ppm, post.comment_ppm, post.share_ppm
    )


class SimulatedVideoPlatform:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_video(self, video_url: str, at: datetime) -> VideoFacts | None:
        ref = parse_video_url(video_url)
        post = await find_post(self.session, ref, at) if ref else None
        if post is None:
            return None
        seen = await look(self.session, post, at)
        counts = seen.counts
        return VideoFacts(
            post.platform, post.handle, seen.status,
            counts.plays, counts.likes, counts.comments, counts.shares, seen.commercial,
        )  # fmt: skip


async def set_video(
    session: AsyncSession,
    video_url: str,
    status: VideoStatus,
    now: datetime,
    metrics: dict[str, int] | None = None,
    commercial: bool | None = None,
) -> SimulatedPost | None:
    """What ops and tests do to the simulated platform: label a video commercial content (or
    not), remove, hide, restore, add plays (counts added to the video's own growth). None when
    the platform knows no such video. One statement, so that two calls on a video the platform
    has not seen yet both succeed."""
    ref = parse_video_url(video_url)
    post = await find_post(session, ref, now) if ref else None
    if post is None:
        return None
    changed: dict[str, Any] = {"status": status, "updated_at": now, **(metrics or {})}
    if commercial is not None:
        changed["commercial"] = commercial
    row = upsert_into(session)(SimulatedVideo).values(
        video_url=canonical_url(post),
        **{**dict.fromkeys(COUNTS, 0), "commercial": False, **changed},
    )
    await session.exec(
        row.on_conflict_do_update(
            index_elements=[col(SimulatedVideo.video_url)],
            set_={name: row.excluded[name] for name in changed},
        )
    )
    return post


def simulated(session: AsyncSession) -> SimulatedVideoPlatform:
    return SimulatedVideoPlatform(session)
