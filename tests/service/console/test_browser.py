"""The console in real Chromium against a served app: ops force a refund and release a held
message (by keyboard), a brand orders, reviews a draft and cancels with compensation, a
creator accepts (by keyboard) and publishes, the brand's order page follows the creator live;
a brand reads its project (the chart drawn, a CSV downloaded), a creator its earnings, an MCN
its roster; axe-core on the main pages."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from service.console.text import money
from service.db import Database
from tests.clients.python.served import served
from tests.factories import OPS_KEY
from tests.service.console.browser import (
    Scene,
    chromium,
    dump,
    serious_violations,
    shoot,
    signed_in,
)


@pytest.fixture
def url(database: Database, tmp_path: Path) -> Iterator[str]:
    with served(database.url, tmp_path) as served_url:
        yield served_url


def action(page: Page, trigger: str) -> Locator:
    summary = page.locator("summary", has_text=re.compile(f"^{trigger}$"))
    return page.locator("details.action").filter(has=summary)


async def do(page: Page, trigger: str, **fields: str) -> None:
    """Open the action, fill its fields by their labels, confirm, submit."""
    form = action(page, trigger)
    if await form.get_attribute("open") is None:
        await form.locator("summary").click()
    for label, value in fields.items():
        await form.get_by_label(label).fill(value)
    await form.get_by_label("我确认执行此操作").check()
    await form.get_by_role("button", name=f"执行: {trigger}").click()


async def test_ops_find_an_order_and_force_a_refund(url: str, tmp_path: Path) -> None:
    scene = Scene(url)
    _, brand_key = scene.brand()
    creator_id, _, channel_id = scene.creator()
    order = scene.order(brand_key, creator_id, channel_id)
    async with chromium() as browser:
        page = await signed_in(browser, url, OPS_KEY)
        await shoot(page, "ops-orders", tmp_path)
        assert await serious_violations(page) == [], "orders list"
        await page.get_by_label("订单号").fill(order["id"])
        await page.get_by_role("button", name="搜索").click()
        await expect(page.locator("h1")).to_contain_text(order["id"])
        assert await action(page, "settle").count() == 0  # only what the state allows
        assert await serious_violations(page) == [], "order page"
        await do(page, "refund", 原因="品牌投诉 #1234, 退款")
        await expect(page.locator("h1 .state")).to_have_text("refunded")
        await expect(page.locator(".timeline")).to_contain_text("品牌投诉 #1234")
        await expect(page.locator("#h-ledger")).to_be_visible()
        await shoot(page, "ops-order-refunded", tmp_path)
        await page.get_by_role("link", name="操作审计").click()
        await expect(page.locator("table")).to_contain_text("refund_order")
        await expect(page.locator("table")).to_contain_text("品牌投诉 #1234")
        await shoot(page, "ops-audit-log", tmp_path)
        assert await serious_violations(page) == [], "audit log"
    history = scene.call("GET", f"/v1/orders/{order['id']}/history")
    assert history[-1]["trigger"] == "refund", dump(history)
    assert history[-1]["reason"] == "品牌投诉 #1234, 退款"


async def test_a_brand_orders_reviews_a_draft_and_cancels_with_compensation(
    url: str, tmp_path: Path
) -> None:
    scene = Scene(url)
    _, brand_key = scene.brand()
    creator_id, creator_key, channel_id = scene.creator()
    async with chromium() as browser:
        page = await signed_in(browser, url, brand_key)
        await page.get_by_role("link", name="新建订单").click()
        await page.get_by_label("达人").fill(creator_id)
        await page.get_by_label("频道").fill(channel_id)
        await page.get_by_label("价格 (¥)").fill("1000")
        await page.get_by_label("审核方式").select_option("script_and_video")
        await page.get_by_label("需求简介").fill("春季新茶开箱, 请先交脚本")
        await page.get_by_role("button", name="检查资格").click()
        await expect(page.locator(".verdict")).to_contain_text("可以下单")  # before sending
        await shoot(page, "brand-new-order-verdict", tmp_path)
        assert await serious_violations(page) == [], "new order"
        await page.get_by_role("button", name="发送订单").click()
        await expect(page.locator("h1 .state")).to_have_text("requested")
        order_id = page.url.rsplit("/", 1)[-1]

        scene.fire(order_id, "accept", creator_key)
        scene.fire(order_id, "submit_script", creator_key, content="开场展示茶叶, 然后冲泡")
        await page.reload()
        await expect(page.locator("h1 .stage")).to_have_text("script_in_review")
        await do(page, "approve_script")
        await expect(page.locator("h1 .stage")).to_have_text("awaiting_video")

        other = scene.order(brand_key, creator_id, channel_id, review="script_and_video")
        scene.fire(other["id"], "accept", creator_key)
        scene.fire(other["id"], "submit_script", creator_key, content="脚本第一稿")
        await page.goto(f"{url}/console/orders/{other['id']}")
        cancel = action(page, "cancel")
        await cancel.locator("summary").click()
        await expect(cancel.locator(".note")).to_contain_text("¥100.00")  # 10% of ¥1,000
        await shoot(page, "brand-cancel-compensation", tmp_path)
        await do(page, "cancel")
        await expect(page.locator("h1 .state")).to_have_text("refunded")
    cancelled = scene.call("GET", f"/v1/orders/{other['id']}", brand_key)
    assert cancelled["compensation_fen"] == 10_000


async def test_a_creator_accepts_by_keyboard_and_publishes(url: str, tmp_path: Path) -> None:
    scene = Scene(url)
    _, brand_key = scene.brand()
    creator_id, creator_key, channel_id = scene.creator(handle="lily")
    order = scene.order(brand_key, creator_id, channel_id)
    async with chromium() as browser:
        page = await signed_in(browser, url, creator_key)
        await page.get_by_role("link", name="待接订单").click()
        countdown = page.locator("time.countdown")
        await expect(countdown).to_contain_text(re.compile(r"^2[34]:\d\d:\d\d 剩余$"))
        await shoot(page, "creator-inbox", tmp_path)
        assert await serious_violations(page) == [], "inbox"
        await page.get_by_role("link", name=order["id"]).click()
        accept = action(page, "accept")
        await accept.locator("summary").focus()
        await page.keyboard.press("Enter")  # opens the action
        await page.keyboard.press("Tab")
        await page.keyboard.press("Space")  # the confirmation
        await page.keyboard.press("Tab")
        await page.keyboard.press("Enter")  # submits
        await expect(page.locator("h1 .state")).to_have_text("accepted")
        await do(page, "publish", 视频链接="https://www.douyin.com/@lily/video/7301")
        await expect(page.locator("h1 .state")).to_have_text("published")
        await shoot(page, "creator-order-published", tmp_path)


async def test_the_brands_order_page_follows_the_creator_live(url: str) -> None:
    scene = Scene(url)
    _, brand_key = scene.brand()
    creator_id, creator_key, channel_id = scene.creator()
    order = scene.order(brand_key, creator_id, channel_id)
    async with chromium() as browser:
        page = await signed_in(browser, url, brand_key)
        await page.goto(f"{url}/console/orders/{order['id']}")
        await expect(page.locator("h1 .state")).to_have_text("requested")
        marker = await page.evaluate("() => (window.__loaded = performance.timeOrigin)")
        scene.fire(order["id"], "accept", creator_key)
        await expect(page.locator("h1 .state")).to_have_text("accepted", timeout=15_000)
        assert await page.evaluate("() => window.__loaded") == marker  # no reload happened


async def test_a_brand_reads_its_project_creator_and_mcn_their_earnings(
    url: str, tmp_path: Path
) -> None:
    scene = Scene(url)
    _, brand_key = scene.brand()
    creator_id, creator_key, channel_id = scene.creator()
    mcn_id, mcn_key = scene.party("mcn", "星光 MCN")
    terms = {"creator_id": creator_id, "share_bps": 2_000, "ends_at": "2030-01-01T00:00:00Z"}
    contract = scene.call("POST", "/v1/mcn-contracts", mcn_key, **terms)
    scene.call("POST", f"/v1/mcn-contracts/{contract['id']}/accept", creator_key)
    project = scene.call("POST", "/v1/projects", brand_key, name="春季新茶推广",
                         budget_fen=2_000_000, starts_on="2026-03-01")  # fmt: skip
    for n, (price, days) in enumerate(((100_000, 1), (250_000, 1), (180_000, 30))):
        order = scene.order(brand_key, creator_id, channel_id, price_fen=price,
                            retention_days=days, project_id=project["id"])  # fmt: skip
        scene.fire(order["id"], "accept", creator_key)
        video = f"https://www.douyin.com/@lily/video/{7301 + n}"
        scene.fire(order["id"], "publish", creator_key, video_url=video)
    waiting = scene.order(brand_key, creator_id, channel_id, project_id=project["id"])
    scene.fire(waiting["id"], "accept", creator_key)  # its payout is pending in escrow
    for _ in range(10):  # five days of video checks; two orders settle
        scene.call("POST", "/v1/dev/clock", advance_seconds=12 * 3600)
    summary = scene.call("GET", f"/v1/projects/{project['id']}/summary", brand_key)
    assert summary["money"]["settled_fen"] > 0 and len(summary["plays_per_day"]) > 2, dump(summary)

    async with chromium() as browser:
        page = await signed_in(browser, url, brand_key)
        await page.get_by_role("link", name="项目", exact=True).click()
        await page.get_by_role("link", name="春季新茶推广").click()
        await expect(page.locator("h1")).to_contain_text("春季新茶推广")
        chart = page.locator("#h-chart ~ img.chart")
        await chart.scroll_into_view_if_needed()
        loaded = "img => img.complete && img.naturalWidth"
        await page.wait_for_function(f"() => ({loaded})(document.querySelector('img.chart'))")
        assert await chart.evaluate(loaded) > 0
        await shoot(page, "brand-project", tmp_path)
        assert await serious_violations(page) == [], "project page"
        async with page.expect_download() as started:
            await page.get_by_role("link", name="订单及最新数据 (CSV)").click()
        download = await started.value
        assert download.suggested_filename == f"{project['id']}-orders.csv"
        content = await asyncio.to_thread(Path(await download.path()).read_bytes)
        assert content.startswith("\ufeff".encode())
        rows = content.decode("utf-8-sig").splitlines()
        assert len(rows) == 1 + summary["orders"] and "春季新茶开箱视频" in rows[1]

        page = await signed_in(browser, url, creator_key)
        await page.get_by_role("link", name="收益", exact=True).click()
        await expect(page.locator("h1")).to_contain_text("收益")
        earned = scene.call("GET", f"/v1/creators/{creator_id}/earnings", creator_key)
        for month in earned["months"]:
            row = page.locator("#months tbody tr", has_text=month["month"])
            await expect(row).to_contain_text(money(month["settled_fen"]))
        await shoot(page, "creator-earnings", tmp_path)
        assert await serious_violations(page) == [], "earnings"

        page = await signed_in(browser, url, mcn_key)
        await page.get_by_role("link", name="签约达人").click()
        await expect(page.locator("#roster tbody")).to_contain_text("莉莉")
        await shoot(page, "mcn-roster", tmp_path)
        assert await serious_violations(page) == [], "roster"
        await page.get_by_role("link", name="账户流水").click()
        await expect(page.locator("#lines tbody")).to_contain_text("订单结算")
        assert await serious_violations(page) == [], "statement"
    roster = scene.call("GET", f"/v1/mcns/{mcn_id}/roster", mcn_key)
    assert roster["creators"][0]["share_earned_fen"] > 0, dump(roster)


async def test_ops_release_a_held_message_by_keyboard(url: str, tmp_path: Path) -> None:
    scene = Scene(url)
    _, brand_key = scene.brand()
    creator_id, creator_key, channel_id = scene.creator()
    order = scene.order(brand_key, creator_id, channel_id)
    held = scene.call("POST", f"/v1/orders/{order['id']}/messages", creator_key,
                      text="加个好友吧，以后单子直接找我")  # fmt: skip
    assert held["status"] == "held", dump(held)
    async with chromium() as browser:
        page = await signed_in(browser, url, OPS_KEY)
        await page.get_by_role("link", name="待审消息").click()
        row = page.locator("tr", has_text=held["id"])
        await expect(row).to_contain_text("加个好友吧")
        await row.locator("summary", has_text="放行消息").focus()
        await page.keyboard.press("Enter")  # opens the decision
        await page.keyboard.press("Tab")
        await page.keyboard.type("正常的加好友请求")  # the reason
        await page.keyboard.press("Tab")
        await page.keyboard.press("Space")  # the confirmation
        await shoot(page, "ops-held-messages", tmp_path)
        assert await serious_violations(page) == [], "held messages queue, a decision open"
        await page.keyboard.press("Tab")
        await page.keyboard.press("Enter")  # submits
        await expect(page.locator("p.ok")).to_contain_text("放行消息")
        await expect(page.locator("main table")).not_to_contain_text(held["id"])
    delivered = scene.call("GET", f"/v1/orders/{order['id']}/messages", brand_key)
    assert [(m["id"], m["decision_reason"]) for m in delivered] == [
        (held["id"], "正常的加好友请求")
    ], dump(delivered)
