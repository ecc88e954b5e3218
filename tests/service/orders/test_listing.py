"""Listing orders: scoping, filters, cursor pages, change order."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import Api, fire, make_brand, make_creator, make_order, ok


async def test_each_party_sees_only_its_own(api: Api) -> None:
    brand_a, brand_b = await make_brand(api, "A"), await make_brand(api, "B")
    lily, max_ = await make_creator(api, "Lily"), await make_creator(api, "Max")
    a1 = await make_order(api, brand_a, lily)
    a2 = await make_order(api, brand_a, max_)
    b1 = await make_order(api, brand_b, lily)

    def ids(page: dict) -> set[str]:  # type: ignore[type-arg]
        return {o["id"] for o in page["data"]}

    assert ids(ok(await api.client.get("/v1/orders", headers=brand_a.auth))) == {
        a1["id"], a2["id"],
    }  # fmt: skip
    assert ids(ok(await api.client.get("/v1/orders", headers=lily.auth))) == {a1["id"], b1["id"]}
    assert ids(ok(await api.client.get("/v1/orders", headers=api.ops))) == {
        a1["id"], a2["id"], b1["id"],
    }  # fmt: skip


async def test_cursor_pages_newest_first(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    created = []
    for _ in range(5):
        created.append((await make_order(api, brand, creator))["id"])
        api.clock.advance(timedelta(seconds=1))
    seen: list[str] = []
    cursor = None
    while True:
        query = "/v1/orders?limit=2" + (f"&starting_after={cursor}" if cursor else "")
        page = ok(await api.client.get(query, headers=brand.auth))
        seen += [o["id"] for o in page["data"]]
        if not page["has_more"]:
            assert page["next_cursor"] is None
            break
        cursor = page["next_cursor"]
    assert seen == list(reversed(created))


async def test_state_filter_and_updated_since_in_change_order(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    first = await make_order(api, brand, creator)
    api.clock.advance(timedelta(minutes=1))
    second = await make_order(api, brand, creator)
    api.clock.advance(timedelta(minutes=1))
    mark = api.clock.now()
    ok(await fire(api, first["id"], "cancel", brand.auth))

    requested = ok(await api.client.get("/v1/orders?state=requested", headers=brand.auth))
    assert [o["id"] for o in requested["data"]] == [second["id"]]

    since = mark.isoformat().replace("+00:00", "Z")
    changed = ok(
        await api.client.get("/v1/orders", params={"updated_since": since}, headers=brand.auth)
    )
    assert [o["id"] for o in changed["data"]] == [first["id"]]

    everything = ok(
        await api.client.get(
            "/v1/orders", params={"updated_since": "2000-01-01T00:00:00Z", "limit": 1},
            headers=brand.auth,
        )
    )  # fmt: skip
    assert [o["id"] for o in everything["data"]] == [second["id"]]  # oldest change first
    rest = ok(
        await api.client.get(
            "/v1/orders",
            params={
                "updated_since": "2000-01-01T00:00:00Z",
                "starting_after": everything["next_cursor"],
            },
            headers=brand.auth,
        )
    )
    assert [o["id"] for o in rest["data"]] == [first["id"]]


async def test_bad_list_parameters_are_422(api: Api) -> None:
    brand = await make_brand(api)
    for query in (
        "limit=0",
        "limit=101",
        "limit=abc",
        "state=lost",
        "updated_since=yesterday",
        "updated_since=2026-01-01T00:00:00Z&starting_after=u_bm90LWEtY3Vyc29y",
    ):
        response = await api.client.get(f"/v1/orders?{query}", headers=brand.auth)
        assert response.status_code == 422, (query, response.text)
        assert response.headers["content-type"] == "application/problem+json"
