"""Idempotency keys belong to the authenticated caller (its party and API key), are looked at
only after authentication and the role check, and never keep a secret."""

from __future__ import annotations

from sqlalchemy import text

from service.parties.keys import hash_key
from tests.factories import Api, balance, bearer, make_brand, make_party, ok

TOP_UP = {"amount_fen": 1_000}


async def test_one_key_however_the_credential_is_spelt(api: Api) -> None:
    brand = await make_brand(api, funds_fen=0)
    spellings = [f"Bearer {brand.key}", f"bearer {brand.key}", f"Bearer  {brand.key}"]
    answers = []
    for spelling in spellings:
        headers = {"Authorization": spelling, "Idempotency-Key": "top-up-1"}
        answers.append(await api.client.post("/v1/top-ups", json=TOP_UP, headers=headers))
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert [a.headers.get("idempotent-replayed") for a in answers] == [None, "true", "true"]
    assert (await balance(api, brand))["available_fen"] == 1_000


async def test_a_replay_goes_only_to_the_party_and_key_that_made_it(api: Api) -> None:
    brand = await make_brand(api, funds_fen=0)
    other = await make_brand(api, "Other", funds_fen=0)
    first = await api.client.post(
        "/v1/top-ups", json=TOP_UP, headers={**brand.auth, "Idempotency-Key": "shared"}
    )
    theirs = await api.client.post(
        "/v1/top-ups", json=TOP_UP, headers={**other.auth, "Idempotency-Key": "shared"}
    )
    assert first.status_code == theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json()["id"] != first.json()["id"]
    assert theirs.json()["brand_id"] == other.id
    assert (await balance(api, other))["available_fen"] == 1_000


async def test_a_revoked_key_cannot_replay(api: Api) -> None:
    brand = await make_brand(api, funds_fen=0)
    issued = ok(await api.client.post(f"/v1/brands/{brand.id}/api-keys", headers=api.ops), 201)
    headers = {**bearer(issued["key"]), "Idempotency-Key": "before-revocation"}
    ok(await api.client.post("/v1/top-ups", json=TOP_UP, headers=headers), 201)
    ok(await api.client.post(f"/v1/api-keys/{issued['id']}/revoke", headers=api.ops))
    replay = await api.client.post("/v1/top-ups", json=TOP_UP, headers=headers)
    assert ok(replay, 401)["code"] == "unauthenticated"
    assert "idempotent-replayed" not in replay.headers


async def test_authentication_and_the_role_come_before_the_key(api: Api) -> None:
    """A malformed Idempotency-Key is looked at only once the caller may make the call."""
    brand = await make_brand(api, funds_fen=0)
    bad = {"Idempotency-Key": "has spaces"}
    nobody = await api.client.post("/v1/top-ups", json=TOP_UP, headers=bad)
    assert ok(nobody, 401)["code"] == "unauthenticated"
    wrong_role = await api.client.post(
        "/v1/brands", json={"name": "X"}, headers={**brand.auth, **bad}
    )
    assert ok(wrong_role, 403)["code"] == "forbidden"
    allowed = await api.client.post("/v1/top-ups", json=TOP_UP, headers={**brand.auth, **bad})
    assert ok(allowed, 400)["code"] == "invalid_idempotency_key"


async def test_a_replayed_key_issue_shows_no_secret_and_none_is_stored(api: Api) -> None:
    brand = await make_party(api, "brand", "Keyed")
    headers = {**api.ops, "Idempotency-Key": "issue-key-1"}
    path = f"/v1/brands/{brand.id}/api-keys"
    first = ok(await api.client.post(path, headers=headers), 201)
    replayed = await api.client.post(path, headers=headers)
    again = ok(replayed, 201)
    assert replayed.headers["idempotent-replayed"] == "true"
    assert first["key"] and again["key"] is None
    assert {k: v for k, v in again.items() if k != "key"} == {
        k: v for k, v in first.items() if k != "key"
    }
    assert (await api.client.get("/v1/balance", headers=bearer(first["key"]))).status_code == 200
    async with api.database.engine.connect() as connection:
        stored = [
            bytes(row[0])
            for row in await connection.execute(text("SELECT body FROM idempotency_keys"))
        ]
    assert stored and not [body for body in stored if first["key"].encode() in body]
    assert hash_key(first["key"]) != hash_key(brand.key)
