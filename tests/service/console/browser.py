"""Real Chromium (the system's, with CJK fonts) driven by Playwright against a served app,
and the API calls that set the scene."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Browser, Page, async_playwright

from tests.factories import OPS_KEY

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Set to a folder (docs/console) to keep the screenshots of the main pages there.
SHOTS = os.environ.get("XT_CONSOLE_SCREENSHOTS", "")


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            await browser.close()


async def signed_in(browser: Browser, url: str, key: str) -> Page:
    # Bypassing the page's CSP lets axe-core be injected; the pages themselves run as served.
    context = await browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True
    )
    page = await context.new_page()
    await page.goto(f"{url}/console/sign-in")
    await page.get_by_label("API 密钥").fill(key)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(f"{url}/console/orders")
    return page


async def shoot(page: Page, name: str, tmp: Path) -> None:
    folder = Path(SHOTS) if SHOTS else tmp
    folder.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


async def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the page as it is now."""
    await page.add_script_tag(path=str(AXE))
    found = await page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


class Scene:
    """Parties and orders made through the served API, as the tests need them."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        self.ops = {"Authorization": f"Bearer {OPS_KEY}"}

    def call(self, method: str, path: str, key: str | None = None, **body: Any) -> Any:
        headers = {"Authorization": f"Bearer {key}"} if key else self.ops
        answer = self.http.request(method, path, headers=headers, json=body or None)
        assert answer.status_code < 300, (path, answer.status_code, answer.text)
        return answer.json() if answer.content else None

    def party(self, kind: str, name: str) -> tuple[str, str]:
        party = self.call("POST", f"/v1/{kind}s", name=name)
        return party["id"], self.call("POST", f"/v1/{kind}s/{party['id']}/api-keys")["key"]

    def brand(self, name: str = "春茶品牌") -> tuple[str, str]:
        brand_id, key = self.party("brand", name)
        self.call("POST", "/v1/top-ups", key, amount_fen=10_000_000)
        return brand_id, key

    def creator(self, name: str = "莉莉", handle: str = "lily") -> tuple[str, str, str]:
        creator_id, key = self.party("creator", name)
        channel = self.call(
            "POST", f"/v1/creators/{creator_id}/channels", platform="douyin", handle=handle,
            followers=120_000,
        )  # fmt: skip
        return creator_id, key, channel["id"]

    def order(self, brand_key: str, creator_id: str, channel_id: str, **terms: Any) -> Any:
        body = {"creator_id": creator_id, "channel_id": channel_id, "price_fen": 100_000,
                "brief": "春季新茶开箱视频, 30 秒", "review": "none", **terms}  # fmt: skip
        return self.call("POST", "/v1/orders", brand_key, **body)

    def fire(self, order_id: str, trigger: str, key: str | None, **body: Any) -> Any:
        return self.call("POST", f"/v1/orders/{order_id}/{trigger}", key, **body)


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
