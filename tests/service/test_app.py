"""Cross-cutting behaviour: problems for bad input, body limits, health, the machine endpoint."""

from __future__ import annotations

from statemachine import ORDER_MACHINE
from tests.factories import Api, make_brand, make_creator, ok, order_body


async def test_health(api: Api) -> None:
    assert ok(await api.client.get("/health")) == {"status": "ok", "database": "ok"}


async def test_order_machine_is_generated_from_the_table(api: Api) -> None:
    machine = ok(await api.client.get("/v1/order-machine"))
    assert machine["states"] == [
        "requested", "accepted", "published", "retained", "closed", "refunded",
    ]  # fmt: skip
    assert [t["trigger"] for t in machine["transitions"]] == ["create", *ORDER_MACHINE.triggers]
    assert machine["mermaid"].startswith("stateDiagram-v2")
    assert "published --> retained: complete_retention (system)" in machine["mermaid"]


async def test_oversized_body_is_413_and_creates_nothing(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    body = order_body(creator, brief="x" * 70_000)
    response = await api.client.post("/v1/orders", json=body, headers=brand.auth)
    assert ok(response, 413)["code"] == "payload_too_large"

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(80):
            yield b"x" * 1024

    response = await api.client.post(
        "/v1/orders",
        content=chunks(),
        headers={**brand.auth, "content-type": "application/json"},
    )
    assert ok(response, 413)["code"] == "payload_too_large"
    assert ok(await api.client.get("/v1/orders", headers=brand.auth))["data"] == []


async def test_malformed_bodies_are_problems(api: Api) -> None:
    brand = await make_brand(api)
    for content in (b"{", b"[]", b"null", b'{"creator_id": 5}', b"\xff\xfe", b'"' * 3):
        response = await api.client.post(
            "/v1/orders", content=content,
            headers={**brand.auth, "content-type": "application/json"},
        )  # fmt: skip
        assert response.status_code == 422, (content, response.text)
        assert response.json()["code"] == "validation_error"


async def test_deep_json_and_huge_numbers(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    deep = "[" * 5_000 + "]" * 5_000
    response = await api.client.post(
        "/v1/orders", content=deep, headers={**brand.auth, "content-type": "application/json"}
    )
    assert response.status_code in {400, 422}
    huge = order_body(creator, price_fen=10**40)
    assert ok(await api.client.post("/v1/orders", json=huge, headers=brand.auth), 422)
    response = await api.client.patch(
        f"/v1/creators/{creator.id}/channels/{creator.channel_id}",
        json={"followers": 10**30},
        headers=api.ops,
    )
    assert ok(response, 422)["code"] == "validation_error"


async def test_odd_ids_in_paths_are_404_not_500(api: Api) -> None:
    for order_id in ("%00", "ord_%00", "' OR 1=1 --", "ord_" + "Z" * 500, "ørder", "-1"):
        response = await api.client.get(f"/v1/orders/{order_id}", headers=api.ops)
        assert response.status_code == 404, (order_id, response.text)
        response = await api.client.get(f"/v1/creators/{order_id}/eligibility", headers=api.ops)
        assert response.status_code == 404, (order_id, response.text)


async def test_unknown_routes_and_methods_are_problems(api: Api) -> None:
    response = await api.client.get("/v1/nothing-here")
    assert ok(response, 404)["code"] == "not_found"
    response = await api.client.delete("/v1/orders")
    assert ok(response, 405)["code"] == "method_not_allowed"
