"""Charts as SVG: drawn with the CJK font (or not at all), scoped like the data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from service.analytics.charts import FontMissing, font_path
from tests.factories import Api, make_brand, make_creator, ok, published_order

SVG = "{http://www.w3.org/2000/svg}"


def drawn_with_cjk(svg: bytes) -> None:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    glyphs = [p.get("id", "") for p in root.iter(f"{SVG}path")]
    assert any(g.startswith("NotoSansCJK") for g in glyphs), "labels not drawn with the CJK font"


async def test_order_and_project_charts(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    project = ok(
        await api.client.post("/v1/projects", json={"name": "春茶"}, headers=brand.auth), 201
    )
    order = await published_order(api, brand, creator, project_id=project["id"])
    for _ in range(30):
        api.clock.advance(timedelta(hours=2))
        await api.app.state.worker.run_until_idle()
    response = await api.client.get(
        f"/v1/orders/{order['id']}/charts/plays.svg", headers=creator.auth
    )
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    drawn_with_cjk(response.content)
    assert order["id"].encode() in response.content  # the title, in the metadata
    chart = await api.client.get(
        f"/v1/projects/{project['id']}/charts/plays.svg", headers=brand.auth
    )
    assert chart.status_code == 200
    drawn_with_cjk(chart.content)
    other = await make_brand(api, "Other")
    for path in (
        f"/v1/orders/{order['id']}/charts/plays.svg",
        f"/v1/projects/{project['id']}/charts/plays.svg",
    ):
        assert (await api.client.get(path, headers=other.auth)).status_code == 404


def test_a_missing_font_fails_loudly() -> None:
    with pytest.raises(FontMissing, match="not installed"):
        font_path("No Such Font Family 42")
    assert font_path("Noto Sans CJK SC").endswith(".ttc")
