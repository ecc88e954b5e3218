"""An order's video data: checks hourly, then daily, then before the end; derived figures."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import (
    Api,
    make_brand,
    make_creator,
    make_party,
    ok,
    published_order,
    set_video,
)


async def sweep(api: Api) -> None:
    await api.app.state.worker.run_until_idle()


async def test_checks_hourly_then_daily_then_before_the_end(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=7)
    for _ in range(72):
        api.clock.advance(timedelta(hours=1))
        await sweep(api)
    path = f"/v1/orders/{order['id']}/metrics"
    data = ok(await api.client.get(path, headers=brand.auth))
    times = [s["observed_at"] for s in data["snapshots"]]
    assert len(times) == 1 + 48 + 1  # at publication, hourly for 48 h, then one a day later
    plays = [s["plays"] for s in data["snapshots"]]
    assert plays == sorted(plays) and plays[0] == 0 and plays[-1] > 0
    for _ in range(4 * 24 - 1):  # to 5 minutes before the end of the 7 days
        api.clock.advance(timedelta(hours=1))
        await sweep(api)
    api.clock.advance(timedelta(minutes=55))
    await sweep(api)
    data = ok(await api.client.get(path, headers=brand.auth))
    last = data["snapshots"][-1]
    assert len(data["snapshots"]) == 1 + 48 + 4 + 1  # …, daily on days 3 to 6, the last check
    assert last["observed_at"] == "2026-03-09T09:25:00Z"  # due 10 minutes before the end
    assert data["plays"] == last["plays"] and data["observed_at"] == last["observed_at"]


async def test_derived_figures_carry_their_formulas_and_are_null_at_zero(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await published_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}/metrics"
    fresh = ok(await api.client.get(path, headers=brand.auth))
    assert (fresh["plays"], fresh["engagement_rate"], fresh["cpm_fen"], fresh["cpe_fen"]) == (
        0, None, None, None,
    )  # fmt: skip
    assert fresh["formulas"]["cpm_fen"] == "price_fen × 1000 / plays"
    await set_video(api, order["video_url"], "live", plays=1, likes=1)  # bought: on top
    api.clock.advance(timedelta(hours=1))
    await sweep(api)
    data = ok(await api.client.get(path, headers=creator.auth))
    engaged = data["likes"] + data["comments"] + data["shares"]
    assert data["engagements"] == engaged
    assert data["engagement_rate"] == round(engaged / data["plays"], 6)
    assert data["cpm_fen"] == round(100_000 * 1000 / data["plays"], 2)
    assert data["cpe_fen"] == round(100_000 / engaged, 2)


async def test_only_the_orders_parties_and_ops_see_its_data(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await published_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}/metrics"
    for party in (await make_brand(api, "Other"), await make_creator(api, "Max")):
        assert ok(await api.client.get(path, headers=party.auth), 404)["code"] == "not_found"
    mcn = await make_party(api, "mcn")
    assert (await api.client.get(path, headers=mcn.auth)).status_code == 404
    assert ok(await api.client.get(path, headers=api.ops))["order_id"] == order["id"]
