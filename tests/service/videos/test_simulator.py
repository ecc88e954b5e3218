"""The simulated platform: URL forms, videos posted on a channel, growth on the service's clock."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from service.ports.video import VideoRef, parse_video_url
from service.videos.growth import counts_after, draw
from statemachine import Platform
from tests.factories import Api, fire, make_brand, make_creator, make_order, ok


@pytest.mark.parametrize(
    ("url", "ref"),
    [
        ("https://www.douyin.com/video/7301", VideoRef(Platform.DOUYIN, "7301")),
        ("https://douyin.com/video/7301?modeFrom=userPost", VideoRef(Platform.DOUYIN, "7301")),
        ("https://v.douyin.com/iRNBho6u/", VideoRef(Platform.DOUYIN, short_code="iRNBho6u")),
        ("https://www.ixigua.com/7301/", VideoRef(Platform.XIGUA, "7301")),
        (
            "https://www.douyin.com/@lily/video/7301",
            VideoRef(Platform.DOUYIN, "7301", None, "lily"),
        ),
        ("https://www.huoshan.com/@l.y/video/9", VideoRef(Platform.HUOSHAN, "9", None, "l.y")),
    ],
)
def test_the_url_forms_people_paste(url: str, ref: VideoRef) -> None:
    assert parse_video_url(url) == ref


@pytest.mark.parametrize(
    "url",
    [
        "http://www.douyin.com/video/7301",
        "https://www.douyin.com/video/abc",
        "https://v.douyin.com/a/",
        "https://evil.com/https://www.douyin.com/video/7301",
        "https://www.douyin.com/video/7301#x",
        "https://www.ixigua.com/@x",
    ],
)
def test_other_urls_are_no_videos(url: str) -> None:
    assert parse_video_url(url) is None


def test_growth_is_deterministic_and_never_falls() -> None:
    growth = draw("douyin:7301", 250_000)
    assert growth == draw("douyin:7301", 250_000) and growth != draw("douyin:7302", 250_000)
    series = [counts_after(growth, minutes) for minutes in range(0, 60 * 24 * 60, 60)]
    assert series[0].plays == 0 and series[-1].plays <= growth.reach
    assert all(a.plays <= b.plays and a.likes <= b.likes for a, b in itertools.pairwise(series))
    # most of the audience comes in the first days, and it keeps coming slowly after
    day2, day30 = series[48].plays, series[24 * 30].plays
    assert 0.5 * growth.reach < day2 < day30
    assert series[-1].likes * 1_000_000 // max(series[-1].plays, 1) <= growth.like_ppm


async def test_a_video_posted_on_a_channel_is_found_by_every_form_of_its_url(api: Api) -> None:
    creator, other = await make_creator(api), await make_creator(api, "Max")
    path = f"/v1/simulator/channels/{creator.channel_id}/videos"
    video = ok(await api.client.post(path, headers=creator.auth), 201)
    assert video["handle"] == creator.handle and video["plays"] == 0
    canonical, short, handle_form = video["urls"]
    assert canonical.startswith("https://www.douyin.com/video/")
    assert short.startswith("https://v.douyin.com/") and "/@" in handle_form
    # another creator's channel is not the caller's to post on; brands never post
    foreign = f"/v1/simulator/channels/{other.channel_id}/videos"
    assert (await api.client.post(foreign, headers=creator.auth)).status_code == 404
    brand = await make_brand(api)
    assert (await api.client.post(path, headers=brand.auth)).status_code == 403
    # published through the share link: the platform knows whose video it is
    order = await make_order(api, brand, creator)
    ok(await fire(api, order["id"], "accept", creator.auth))
    published = ok(await fire(api, order["id"], "publish", creator.auth, video_url=short))
    assert published["state"] == "published"
    # the other creator cannot claim it, whichever URL it pastes
    theirs = await make_order(api, brand, other)
    ok(await fire(api, theirs["id"], "accept", other.auth))
    refused = await fire(api, theirs["id"], "publish", other.auth, video_url=canonical)
    assert ok(refused, 422)["code"] == "video_not_on_channel"
    # it grows on the service's clock
    api.clock.advance(timedelta(hours=30))
    seen = ok(
        await api.client.put(
            "/v1/simulator/videos", json={"video_url": short, "status": "live"}, headers=api.ops
        )
    )
    assert seen["video_url"] == canonical and seen["plays"] > 0
    assert seen["likes"] + seen["comments"] + seen["shares"] > 0


async def test_a_video_the_platform_never_saw_is_unknown(api: Api) -> None:
    body = {"video_url": "https://v.douyin.com/zzzzzzzz/", "status": "removed"}
    response = await api.client.put("/v1/simulator/videos", json=body, headers=api.ops)
    assert ok(response, 422)["code"] == "unknown_video"
