"""CSV exports: a BOM for Excel, formulas escaped, Chinese text intact, streamed."""

from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from typing import Any

from service.analytics.exports import BOM, csv_chunks
from tests.factories import Api, make_brand, make_creator, ok, published_order

HOSTILE = '=HYPERLINK("http://evil.example","点我")'


async def test_orders_and_metrics_csv_open_as_sent(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api, "@小红")
    project = ok(
        await api.client.post("/v1/projects", json={"name": "春茶"}, headers=brand.auth), 201
    )
    briefs = [HOSTILE, "+1 开箱视频，30秒", "-2", "春季新品：龙井茶开箱"]
    orders = [
        await published_order(api, brand, creator, brief=brief, project_id=project["id"])
        for brief in briefs
    ]
    for _ in range(3):
        api.clock.advance(timedelta(hours=1))
        await api.app.state.worker.run_until_idle()

    response = await api.client.get(f"/v1/projects/{project['id']}/orders.csv", headers=brand.auth)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(BOM.encode())  # EF BB BF
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["order_id"] for row in rows] == sorted(o["id"] for o in orders)
    by_id = {row["order_id"]: row for row in rows}
    for order, brief in zip(orders, briefs, strict=True):
        row = by_id[order["id"]]
        expected = "'" + brief if brief[0] in "=+-@" else brief
        assert row["brief"] == expected
        assert row["creator_name"] == "'@小红"
        assert row["state"] == "published" and int(row["price_fen"]) == order["price_fen"]
        data = ok(await api.client.get(f"/v1/orders/{order['id']}/metrics", headers=brand.auth))
        assert int(row["plays"]) == data["plays"] and float(row["cpm_fen"]) == data["cpm_fen"]

    snapshots = await api.client.get(
        f"/v1/projects/{project['id']}/metrics.csv", headers=brand.auth
    )
    table = list(csv.DictReader(io.StringIO(snapshots.content.decode("utf-8-sig"))))
    assert len(table) == len(orders) * 4  # at publication and three hourly checks
    assert all(
        int(r["engagements"]) == int(r["likes"]) + int(r["comments"]) + int(r["shares"])
        for r in table
    )
    other = await make_brand(api, "Other")
    path = f"/v1/projects/{project['id']}/orders.csv"
    assert (await api.client.get(path, headers=other.auth)).status_code == 404


async def _many(count: int) -> AsyncIterator[Sequence[Any]]:
    for n in range(count):
        yield (f"ord_{n:08d}", "春季新品：龙井茶开箱，三十秒", n, "=1+1", None)


async def test_a_100000_row_export_is_encoded_in_chunks_not_in_memory() -> None:
    tracemalloc.start()
    try:
        sent, chunks = 0, 0
        async for chunk in csv_chunks(("id", "brief", "n", "x", "y"), _many(100_000)):
            sent += len(chunk)
            chunks += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sent > 6_000_000 and chunks > 50
    assert peak < 2_000_000, f"peak {peak} bytes: the export is held in memory"  # of 7 MB
