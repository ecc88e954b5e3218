"""Projects: create, list, read, change; budgets at order creation; bad input changes nothing."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, Party, fire, make_brand, make_creator, make_order, ok, order_body

TOTAL = 105_000  # the brand total of a ¥1,000.00 order (price + 5% fee)


async def make_project(api: Api, brand: Party, **fields: Any) -> dict[str, Any]:
    body = {"name": "春季新品", **fields}
    return ok(await api.client.post("/v1/projects", json=body, headers=brand.auth), 201)  # type: ignore[no-any-return]


async def test_create_read_list_and_change(api: Api) -> None:
    brand, other = await make_brand(api), await make_brand(api, "Other")
    project = await make_project(
        api, brand, budget_fen=500_000, starts_on="2026-03-01", ends_on="2026-03-31"
    )
    assert project["budget_fen"] == 500_000 and project["archived"] is False
    assert (project["committed_fen"], project["remaining_fen"]) == (0, 500_000)
    await make_project(api, other)
    listed = ok(await api.client.get("/v1/projects", headers=brand.auth))
    assert [p["id"] for p in listed["data"]] == [project["id"]]
    assert len(ok(await api.client.get("/v1/projects", headers=api.ops))["data"]) == 2
    path = f"/v1/projects/{project['id']}"
    changed = ok(
        await api.client.patch(path, json={"name": "秋季", "budget_fen": None}, headers=brand.auth)
    )
    assert (changed["name"], changed["budget_fen"], changed["remaining_fen"]) == (
        "秋季",
        None,
        None,
    )
    assert changed["starts_on"] == "2026-03-01"
    assert ok(await api.client.get(path, headers=brand.auth))["name"] == "秋季"
    assert (await api.client.get(path, headers=other.auth)).status_code == 404


async def test_orders_respect_the_budget_and_say_what_is_left(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    project = await make_project(api, brand, budget_fen=2 * TOTAL + 10)
    for _ in range(2):
        await make_order(api, brand, creator, project_id=project["id"])
    before = ok(await api.client.get("/v1/balance", headers=brand.auth))["available_fen"]
    refused = await api.client.post(
        "/v1/orders", json=order_body(creator, project_id=project["id"]), headers=brand.auth
    )
    problem = ok(refused, 422)
    assert (problem["code"], problem["remaining_fen"]) == ("project_budget_exceeded", 10)
    assert ok(await api.client.get("/v1/balance", headers=brand.auth))["available_fen"] == before
    listed = ok(await api.client.get(f"/v1/orders?project_id={project['id']}", headers=brand.auth))
    assert len(listed["data"]) == 2
    # a refunded order gives its money back to the budget
    ok(await fire(api, listed["data"][0]["id"], "cancel", brand.auth))
    read = ok(await api.client.get(f"/v1/projects/{project['id']}", headers=brand.auth))
    assert (read["committed_fen"], read["remaining_fen"]) == (TOTAL, TOTAL + 10)
    await make_order(api, brand, creator, project_id=project["id"])


async def test_bad_changes_are_refused_and_change_nothing(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    project = await make_project(api, brand, budget_fen=TOTAL, starts_on="2026-03-10")
    await make_order(api, brand, creator, project_id=project["id"])
    path = f"/v1/projects/{project['id']}"

    async def refused(body: dict[str, Any], status: int, code: str) -> None:
        problem = ok(await api.client.patch(path, json=body, headers=brand.auth), status)
        assert problem["code"] == code, problem

    await refused({"budget_fen": TOTAL - 1, "name": "x"}, 422, "budget_below_committed")
    await refused({"ends_on": "2026-03-09", "name": "x"}, 422, "project_dates_invalid")
    await refused({"name": None}, 422, "validation_error")
    await refused({"budget_fen": -1}, 422, "validation_error")
    await refused({"owner": "me"}, 422, "validation_error")
    assert ok(await api.client.get(path, headers=brand.auth)) | {"committed_fen": 0} == (
        project | {"committed_fen": 0, "remaining_fen": 0}
    )
    body = {"name": "x", "starts_on": "2026-03-10", "ends_on": "2026-03-01"}
    created = await api.client.post("/v1/projects", json=body, headers=brand.auth)
    assert ok(created, 422)["code"] == "project_dates_invalid"
    missing = await api.client.get("/v1/projects/prj_nope", headers=brand.auth)
    assert ok(missing, 404)["code"] == "not_found"


async def test_archived_projects_take_no_orders(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    project = await make_project(api, brand)
    path = f"/v1/projects/{project['id']}"
    ok(await api.client.patch(path, json={"archived": True}, headers=brand.auth))
    response = await api.client.post(
        "/v1/orders", json=order_body(creator, project_id=project["id"]), headers=brand.auth
    )
    assert ok(response, 409)["code"] == "project_archived"
    assert ok(await api.client.get("/v1/orders", headers=brand.auth))["data"] == []
    unknown = await api.client.post(
        "/v1/orders", json=order_body(creator, project_id="prj_unknown"), headers=brand.auth
    )
    assert ok(unknown, 422)["code"] == "unknown_reference"
    archived = ok(await api.client.get("/v1/projects?archived=true", headers=brand.auth))
    assert [p["id"] for p in archived["data"]] == [project["id"]]


async def test_orders_filter_by_creator_and_project(api: Api) -> None:
    brand = await make_brand(api)
    lily, max_ = await make_creator(api, "Lily"), await make_creator(api, "Max")
    project = await make_project(api, brand)
    mine = await make_order(api, brand, lily, project_id=project["id"])
    await make_order(api, brand, lily)
    await make_order(api, brand, max_, project_id=project["id"])
    query = f"/v1/orders?project_id={project['id']}&creator_id={lily.id}"
    assert [o["id"] for o in ok(await api.client.get(query, headers=brand.auth))["data"]] == [
        mine["id"]
    ]


async def test_orders_filter_by_stage(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    reviewed = await make_order(api, brand, creator, review="script_and_video")
    ok(await fire(api, reviewed["id"], "accept", creator.auth))
    ready = await make_order(api, brand, creator)  # no review: ready to publish at once
    ok(await fire(api, ready["id"], "accept", creator.auth))
    for stage, expected in (("awaiting_script", reviewed), ("ready_to_publish", ready)):
        page = ok(await api.client.get(f"/v1/orders?stage={stage}", headers=brand.auth))
        assert [o["id"] for o in page["data"]] == [expected["id"]]
    bad = await api.client.get("/v1/orders?stage=nowhere", headers=brand.auth)
    assert ok(bad, 422)["code"] == "validation_error"
