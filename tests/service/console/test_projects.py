"""The console's projects, earnings and roster pages in process: the figures are the API's,
a foreign object is the 404 page, the chart and the CSV exports pass through with the
console's cookie, names are shown as text."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import httpx

from service.analytics.exports import BOM
from service.console.text import money, number, ratio
from tests.factories import (
    OPS_KEY,
    Api,
    Creator,
    Party,
    make_brand,
    make_creator,
    make_order,
    make_party,
    ok,
    published_order,
)
from tests.service.analytics.test_earnings import settled_order, signed
from tests.service.console.pages import visitor

ATTACK = "<script>alert(1)</script>"
RAW_KEY = re.compile(r"<t[hd][^>]*>\s*([a-z]+_[a-z_]+)\s*</t[hd]>")  # a label not in text.py


def labelled(html: str) -> bool:
    """Whether every table label on the page came out of the catalogue."""
    return not RAW_KEY.findall(html)


async def project_with_data(
    api: Api, brand: Party, creator: Creator, name: str = "春茶上新"
) -> str:
    """A project with a budget: two published orders checked for three hours, one requested."""
    body = {"name": name, "budget_fen": 50_000_000, "starts_on": "2026-03-01"}
    project = ok(await api.client.post("/v1/projects", json=body, headers=brand.auth), 201)["id"]
    for price in (100_000, 250_000):
        await published_order(api, brand, creator, price_fen=price, project_id=project)
    await make_order(api, brand, creator, project_id=project)
    for _ in range(3):
        api.clock.advance(timedelta(hours=1))
        await api.app.state.worker.run_until_idle()
    return project  # type: ignore[no-any-return]


async def test_a_brand_sees_its_projects_and_the_apis_summary(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    project = await project_with_data(api, brand, creator)
    summary = ok(await api.client.get(f"/v1/projects/{project}/summary", headers=brand.auth))
    assert summary["metrics"]["plays"] > 0 and len(summary["per_order"]) == 2
    async with visitor(api.app, brand.key) as client:
        listed = await client.get("/console/projects")
        html = (await client.get(f"/console/projects/{project}")).text
        await client.get("/console/language?to=en")
        english = (await client.get(f"/console/projects/{project}")).text
    assert labelled(html) and labelled(english) and labelled(listed.text)
    assert "Remaining budget" in english and "Engagement rate (ER)" in english
    assert listed.status_code == 200 and f'href="/console/projects/{project}"' in listed.text
    assert "春茶上新" in listed.text and "¥500,000.00" in listed.text  # the budget
    for name, fen in summary["money"].items():
        assert money(fen) in html, name
    figures = summary["metrics"]
    assert number(figures["plays"]) in html and number(figures["engagements"]) in html
    assert ratio(figures["engagement_rate"]) in html
    assert money(figures["cpm_fen"]) in html and money(figures["cpe_fen"]) in html
    for formula in summary["formulas"].values():
        assert formula in html
    for group in summary["by_state"]:
        assert f"state-{group['state']}" in html
    for order in summary["per_order"]:
        assert f'href="/console/orders/{order["order_id"]}"' in html
    assert f'src="/console/projects/{project}/plays.svg"' in html
    assert f'href="/console/projects/{project}/orders.csv"' in html
    assert f'href="/console/projects/{project}/metrics.csv"' in html
    async with visitor(api.app, OPS_KEY) as client:  # ops may read any project
        assert (await client.get(f"/console/projects/{project}")).status_code == 200
        assert project in (await client.get("/console/projects")).text


async def test_another_brands_project_its_chart_and_exports_are_the_404_page(api: Api) -> None:
    owner, other = await make_brand(api, "Owner"), await make_brand(api, "Other")
    project = await project_with_data(api, owner, await make_creator(api))
    async with visitor(api.app, other.key) as client:
        for path in ("", "/orders.csv", "/metrics.csv", "/plays.svg"):
            answer = await client.get(f"/console/projects/{project}{path}")
            assert answer.status_code == 404, path
            assert "text/html" in answer.headers["content-type"]
            assert "春茶上新" not in answer.text
        assert project not in (await client.get("/console/projects")).text
    async with visitor(api.app, owner.key) as client:
        unknown = await client.get(f"/console/projects/{project}/everything.zip")
        assert unknown.status_code == 404


async def test_the_exports_and_the_chart_are_the_apis_own_bytes(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    project = await project_with_data(api, brand, creator)
    passed: dict[str, httpx.Response] = {}
    async with visitor(api.app, brand.key) as client:
        for name in ("orders.csv", "metrics.csv", "plays.svg"):
            passed[name] = await client.get(f"/console/projects/{project}/{name}")
    for name in ("orders.csv", "metrics.csv"):
        direct = await api.client.get(f"/v1/projects/{project}/{name}", headers=brand.auth)
        through = passed[name]
        assert through.status_code == 200 and through.content.startswith(BOM.encode())
        assert through.content == direct.content
        assert through.headers["content-type"] == "text/csv; charset=utf-8"
        assert through.headers["content-disposition"] == direct.headers["content-disposition"]
        assert through.headers["content-disposition"].startswith("attachment")
    orders = list(csv.DictReader(io.StringIO(passed["orders.csv"].content.decode("utf-8-sig"))))
    assert sorted(row["state"] for row in orders) == ["published", "published", "requested"]
    snapshots = passed["metrics.csv"].content.decode("utf-8-sig").splitlines()
    assert len(snapshots) == 1 + 2 * 4  # the header; at publication and three hourly checks
    chart = passed["plays.svg"]
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in chart.content and chart.headers["x-content-type-options"] == "nosniff"


async def test_a_creator_sees_its_earnings_and_an_mcn_its_roster(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api, "莉莉")
    mcn = await make_party(api, "mcn", "星光 MCN")
    await signed(api, mcn, creator)
    closed = await settled_order(api, brand, creator)
    pending = await make_order(api, brand, creator)
    ok(await api.client.post(f"/v1/orders/{pending['id']}/accept", headers=creator.auth))
    path = f"/console/creators/{creator.id}/earnings"
    seen = ok(await api.client.get(f"/v1/creators/{creator.id}/earnings", headers=creator.auth))
    async with visitor(api.app, creator.key) as client:
        html = (await client.get(path)).text
        assert f'href="{path}"' in html  # in the creator's navigation
    for month in seen["months"]:
        assert month["month"] in html
        for name in ("settled_fen", "pending_fen", "withdrawn_fen", "compensation_fen"):
            assert money(month[name]) in html
    assert labelled(html) and money(closed["line_items"]["creator_payout_fen"]) in html
    assert money(seen["pending_fen"]) in html

    roster = ok(await api.client.get(f"/v1/mcns/{mcn.id}/roster", headers=mcn.auth))
    (row,) = roster["creators"]
    async with visitor(api.app, mcn.key) as client:
        page = (await client.get(f"/console/mcns/{mcn.id}/roster")).text
        assert (await client.get(path)).status_code == 200  # a creator it signed
        statement = await client.get("/console/statement")
    assert labelled(page) and labelled(statement.text)
    assert "莉莉" in page and creator.id in page and "20.00%" in page
    assert money(row["share_earned_fen"]) in page and money(row["share_pending_fen"]) in page
    assert f'href="{path}"' in page
    assert statement.status_code == 200
    assert money(closed["line_items"]["mcn_share_fen"]) in statement.text  # the settlement

    other_mcn = await make_party(api, "mcn", "Other")
    async with visitor(api.app, other_mcn.key) as client:
        assert (await client.get(f"/console/mcns/{mcn.id}/roster")).status_code == 404
        assert (await client.get(path)).status_code == 404
    async with visitor(api.app, brand.key) as client:
        assert (await client.get(path)).status_code == 404


async def test_script_in_project_and_creator_names_is_shown_as_text(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api, f"Lily {ATTACK}")
    mcn = await make_party(api, "mcn")
    await signed(api, mcn, creator)
    project = await project_with_data(api, brand, creator, name=f"春茶 {ATTACK}")
    pages: dict[str, list[str]] = {
        brand.key: ["/console/projects", f"/console/projects/{project}"],
        mcn.key: [f"/console/mcns/{mcn.id}/roster"],
    }
    for key, paths in pages.items():
        async with visitor(api.app, key) as client:
            for path in paths:
                html = (await client.get(path)).text
                assert "<script>alert" not in html, path
                assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


async def test_unsigned_requests_go_to_the_sign_in_page(api: Api) -> None:
    paths = ["/console/projects", "/console/projects/prj_X", "/console/projects/prj_X/orders.csv",
             "/console/projects/prj_X/plays.svg", "/console/creators/cre_X/earnings",
             "/console/mcns/mcn_X/roster", "/console/statement"]  # fmt: skip
    async with visitor(api.app) as client:
        for path in paths:
            answer: httpx.Response = await client.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"] == "/console/sign-in"
