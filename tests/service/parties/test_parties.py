"""Parties, API keys (shown once, hashed, revocable), channels and the admission verdict."""

from __future__ import annotations

from sqlmodel import select

from service.app import bootstrap
from service.parties.keys import hash_key
from service.parties.models import ApiKey, Party
from tests.factories import OPS_KEY, Api, bearer, make_brand, make_creator, make_party, ok


async def test_keys_are_stored_hashed_and_shown_once(api: Api) -> None:
    brand = await make_brand(api)
    async with api.database.session() as session:
        stored = list(await session.exec(select(ApiKey).where(ApiKey.party_id == brand.id)))
    assert len(stored) == 1
    assert stored[0].key_hash == hash_key(brand.key) and brand.key not in stored[0].key_hash
    me = ok(await api.client.get(f"/v1/brands/{brand.id}", headers=brand.auth))
    assert "key" not in me and me["kind"] == "brand"


async def test_key_records_keep_a_fingerprint_not_characters_of_the_secret(api: Api) -> None:
    """What a key record shows is the first 12 hex digits of the key's SHA-256: the same for
    anyone holding the key, and nothing of the secret itself (the bootstrap key's too)."""
    brand = await make_brand(api)
    issued = ok(await api.client.post(f"/v1/brands/{brand.id}/api-keys", headers=api.ops), 201)
    assert issued["fingerprint"] == hash_key(issued["key"])[:12]
    assert "prefix" not in issued
    async with api.database.session() as session:
        records = list(await session.exec(select(ApiKey)))
    by_hash = {record.key_hash: record for record in records}
    for secret in (brand.key, issued["key"], OPS_KEY):
        record = by_hash[hash_key(secret)]
        shown = [str(value) for name, value in record.model_dump().items() if name != "key_hash"]
        assert record.fingerprint == hash_key(secret)[:12]
        assert not [value for value in shown if secret[:6] in value or secret[-6:] in value]


async def test_revoked_key_stops_working(api: Api) -> None:
    brand = await make_brand(api)
    key_id = (await _keys(api, brand.id))[0]
    ok(await api.client.get("/v1/orders", headers=brand.auth))
    revoked = ok(await api.client.post(f"/v1/api-keys/{key_id}/revoke", headers=api.ops))
    assert revoked["revoked_at"] is not None
    problem = ok(await api.client.get("/v1/orders", headers=brand.auth), 401)
    assert problem["code"] == "unauthenticated"


async def _keys(api: Api, party_id: str) -> list[str]:
    async with api.database.session() as session:
        return [k.id for k in await session.exec(select(ApiKey).where(ApiKey.party_id == party_id))]
    return []


async def test_authentication_problems(api: Api) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, bearer("xt_not-a-key"), bearer("")):
        response = await api.client.get("/v1/orders", headers=headers)
        assert ok(response, 401)["code"] == "unauthenticated"
        assert response.headers["www-authenticate"] == "Bearer"


async def test_only_ops_create_parties_and_keys(api: Api) -> None:
    brand = await make_brand(api)
    assert ok(await api.client.post("/v1/brands", json={"name": "x"}, headers=brand.auth), 403)
    response = await api.client.post(f"/v1/brands/{brand.id}/api-keys", headers=brand.auth)
    assert ok(response, 403)["code"] == "forbidden"


async def test_bootstrap_is_idempotent(api: Api) -> None:
    await bootstrap(api.app)
    await bootstrap(api.app)
    async with api.database.session() as session:
        ops = list(await session.exec(select(Party).where(Party.kind == "ops")))
        assert len(ops) == 1
    assert ok(await api.client.get("/v1/orders", headers=bearer(OPS_KEY)))["data"] == []


async def test_channels_registered_by_ops_only_and_unique(api: Api) -> None:
    creator = await make_creator(api, handle="unique_one")
    body = {"platform": "douyin", "handle": "unique_one", "followers": 1}
    response = await api.client.post(
        f"/v1/creators/{creator.id}/channels", json=body, headers=api.ops
    )
    assert ok(response, 409)["code"] == "channel_taken"
    response = await api.client.post(
        f"/v1/creators/{creator.id}/channels",
        json={**body, "handle": "mine"},
        headers=creator.auth,
    )
    assert ok(response, 403)["code"] == "forbidden"
    response = await api.client.patch(
        f"/v1/creators/{creator.id}/channels/{creator.channel_id}",
        json={"followers": 10},
        headers=creator.auth,
    )
    assert ok(response, 403)


async def test_eligibility_verdict_per_channel(api: Api) -> None:
    creator = await make_creator(api, platform="douyin", followers=99_999)
    ok(
        await api.client.post(
            f"/v1/creators/{creator.id}/channels",
            json={"platform": "xigua", "handle": "lily_xg", "followers": 50_000},
            headers=api.ops,
        ),
        201,
    )
    verdict = ok(
        await api.client.get(f"/v1/creators/{creator.id}/eligibility", headers=creator.auth)
    )
    assert verdict["eligible"] is True
    by_platform = {c["platform"]: c for c in verdict["channels"]}
    assert by_platform["douyin"]["eligible"] is False
    assert by_platform["douyin"]["reasons"][0]["rule"] == "followers_below_threshold"
    assert by_platform["xigua"] == {**by_platform["xigua"], "eligible": True, "reasons": []}


async def test_eligibility_is_private_to_the_creator_and_ops(api: Api) -> None:
    creator = await make_creator(api)
    other = await make_creator(api, name="Other")
    brand = await make_brand(api)
    for caller in (other, brand):
        response = await api.client.get(
            f"/v1/creators/{creator.id}/eligibility", headers=caller.auth
        )
        assert ok(response, 404)["code"] == "not_found"


async def test_parties_of_the_wrong_kind_are_not_found(api: Api) -> None:
    mcn = await make_party(api, "mcn")
    response = await api.client.get(f"/v1/creators/{mcn.id}", headers=api.ops)
    assert ok(response, 404)
    response = await api.client.post(f"/v1/creators/{mcn.id}/api-keys", headers=api.ops)
    assert ok(response, 404)
