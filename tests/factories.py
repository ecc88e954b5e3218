"""Plain factory functions that build parties and orders through the public API."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

from service.clock import ManualClock
from service.db import Database
from service.ports.payments import SimulatedPayoutProvider

OPS_KEY = "ops-bootstrap-key-for-tests-0001"
_handles = itertools.count(1)


@dataclass
class Api:
    client: httpx.AsyncClient
    clock: ManualClock
    payouts: SimulatedPayoutProvider
    app: FastAPI
    database: Database

    @property
    def ops(self) -> dict[str, str]:
        return bearer(OPS_KEY)


@dataclass
class Party:
    id: str
    key: str

    @property
    def auth(self) -> dict[str, str]:
        return bearer(self.key)


@dataclass
class Creator(Party):
    channel_id: str = ""
    handle: str = ""
    platform: str = "douyin"
    channels: list[str] = field(default_factory=list)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.text)
    return response.json()


async def make_party(api: Api, kind: str, name: str = "Test party") -> Party:
    party = ok(await api.client.post(f"/v1/{kind}s", json={"name": name}, headers=api.ops), 201)
    issued = ok(await api.client.post(f"/v1/{kind}s/{party['id']}/api-keys", headers=api.ops), 201)
    return Party(party["id"], issued["key"])


async def make_brand(api: Api, name: str = "Acme Tea", *, funds_fen: int = 10_000_000) -> Party:
    """A brand with a key and, unless told otherwise, ¥100,000 topped up."""
    brand = await make_party(api, "brand", name)
    if funds_fen:
        await top_up(api, brand, funds_fen)
    return brand


async def top_up(api: Api, brand: Party, amount_fen: int) -> dict[str, Any]:
    response = await api.client.post(
        "/v1/top-ups", json={"amount_fen": amount_fen}, headers=brand.auth
    )
    return ok(response, 201)  # type: ignore[no-any-return]


async def balance(api: Api, party: Party) -> dict[str, Any]:
    return ok(await api.client.get("/v1/balance", headers=party.auth))  # type: ignore[no-any-return]


async def add_channel(
    api: Api,
    creator_id: str,
    *,
    platform: str = "douyin",
    followers: int = 250_000,
    in_good_standing: bool = True,
    handle: str | None = None,
) -> dict[str, Any]:
    body = {
        "platform": platform,
        "handle": handle or f"creator{next(_handles)}",
        "followers": followers,
        "in_good_standing": in_good_standing,
    }
    return ok(
        await api.client.post(f"/v1/creators/{creator_id}/channels", json=body, headers=api.ops),
        201,
    )


async def make_creator(api: Api, name: str = "Lily", **channel: Any) -> Creator:
    party = await make_party(api, "creator", name)
    created = await add_channel(api, party.id, **channel)
    return Creator(
        party.id,
        party.key,
        channel_id=created["id"],
        handle=created["handle"],
        platform=created["platform"],
        channels=[created["id"]],
    )


def order_body(creator: Creator, **terms: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "creator_id": creator.id,
        "channel_id": creator.channel_id,
        "price_fen": 1_000_00,
        "brief": "A 30-second unboxing of our spring tea, posted before 5 March.",
        # Without drafts to review, an accepted order is ready to publish: most tests are
        # about what follows; those of the review ask for one.
        "review": "none",
    }
    body.update(terms)
    return body


async def make_order(api: Api, brand: Party, creator: Creator, **terms: Any) -> dict[str, Any]:
    response = await api.client.post(
        "/v1/orders", json=order_body(creator, **terms), headers=brand.auth
    )
    return ok(response, 201)  # type: ignore[no-any-return]


def video_url(creator: Creator, video_id: int = 7301) -> str:
    host = {"douyin": "douyin.com", "xigua": "ixigua.com", "huoshan": "huoshan.com"}
    return f"https://www.{host[creator.platform]}/@{creator.handle}/video/{video_id}"


async def set_video(api: Api, url: str, status: str, **metrics: int) -> dict[str, Any]:
    """Change a video on the simulated platform, as ops would."""
    body = {"video_url": url, "status": status, **metrics}
    return ok(await api.client.put("/v1/simulator/videos", json=body, headers=api.ops))  # type: ignore[no-any-return]


async def fire(
    api: Api, order_id: str, trigger: str, headers: dict[str, str], **body: Any
) -> httpx.Response:
    return await api.client.post(f"/v1/orders/{order_id}/{trigger}", json=body, headers=headers)


async def published_order(api: Api, brand: Party, creator: Creator, **terms: Any) -> dict[str, Any]:
    order = await make_order(api, brand, creator, **terms)
    ok(await fire(api, order["id"], "accept", creator.auth))
    return ok(  # type: ignore[no-any-return]
        await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator))
    )
