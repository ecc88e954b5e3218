"""The console in process: sign-in, CSRF, the API's permissions, escaping, formatting,
actions through the API with their idempotency."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlmodel import select

from service.audit.models import AuditEntry
from service.console.text import money, when
from tests.factories import OPS_KEY, Api, make_brand, make_creator, make_order, make_party, ok
from tests.service.console.pages import csrf_of, sign_in, visitor


def test_money_and_time_formats() -> None:
    assert money(105_000) == "¥1,050.00"
    assert money(5) == "¥0.05"
    assert money(-3_000) == "-¥30.00"
    assert when("2026-12-04T16:30:00Z") == "2026-12-05 00:30"  # Asia/Shanghai, UTC+8


async def test_sign_in_sets_a_guarded_cookie_and_refuses_bad_keys(api: Api) -> None:
    async with visitor(api.app) as client:
        page = await client.get("/console/sign-in")
        assert page.status_code == 200 and 'lang="zh-CN"' in page.text
        wrong = await client.post(
            "/console/sign-in", data={"key": "not-a-key", "csrf": csrf_of(page.text)}
        )
        assert wrong.status_code == 401 and "密钥无效" in wrong.text
        answer = await client.post(
            "/console/sign-in", data={"key": OPS_KEY, "csrf": csrf_of(page.text)}
        )
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        orders = await client.get("/console/orders")
        assert orders.status_code == 200 and OPS_KEY not in orders.text


async def test_forms_without_the_csrf_token_are_refused(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    async with visitor(api.app, creator.key) as client:
        data = {"confirm": "yes", "token": "t-1"}
        answer = await client.post(f"/console/orders/{order['id']}/act/accept", data=data)
        assert answer.status_code == 403
        forged = {**data, "csrf": "forged"}
        answer = await client.post(f"/console/orders/{order['id']}/act/accept", data=forged)
        assert answer.status_code == 403
    still = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=creator.auth))
    assert still["state"] == "requested"


async def test_a_brand_cannot_open_another_brands_order(api: Api) -> None:
    owner, other = await make_brand(api, "Owner"), await make_brand(api, "Other")
    order = await make_order(api, owner, await make_creator(api))
    async with visitor(api.app, other.key) as client:
        answer = await client.get(f"/console/orders/{order['id']}")
        assert answer.status_code == 404
        assert order["brief"] not in answer.text
    async with visitor(api.app, owner.key) as client:
        assert (await client.get(f"/console/orders/{order['id']}")).status_code == 200


async def test_script_in_names_briefs_and_messages_is_shown_as_text(api: Api) -> None:
    attack = "<script>alert(1)</script>"
    brand = await make_brand(api, f"Brand {attack}")
    creator = await make_creator(api)
    order = await make_order(api, brand, creator, brief=f"Brief {attack} <img src=x onerror=1>")
    ok(await api.client.post(f"/v1/orders/{order['id']}/accept", headers=creator.auth))
    sent = await api.client.post(
        f"/v1/orders/{order['id']}/messages", json={"text": f"hi {attack}"}, headers=brand.auth
    )
    assert sent.status_code == 201, sent.text
    async with visitor(api.app, brand.key) as client:
        html = (await client.get(f"/console/orders/{order['id']}")).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # name, brief, message


async def test_an_action_submitted_twice_acts_once(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    async with visitor(api.app, OPS_KEY) as client:
        page = await client.get(f"/console/orders/{order['id']}")
        assert "refund" in page.text and "settle" not in page.text  # only what the state allows
        form = {"csrf": csrf_of(page.text), "token": "same-form", "confirm": "yes",
                "reason": "brand complaint #1"}  # fmt: skip
        first = await client.post(f"/console/orders/{order['id']}/act/refund", data=form)
        again = await client.post(f"/console/orders/{order['id']}/act/refund", data=form)
        assert first.status_code == 303 and again.status_code == 303
        unconfirmed = {**form, "confirm": "", "token": "other"}
        answer = await client.post(f"/console/orders/{order['id']}/act/refund", data=unconfirmed)
        assert answer.status_code == 422 and "请先勾选确认" in answer.text
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=api.ops))
    assert [h["trigger"] for h in history].count("refund") == 1
    assert history[-1]["reason"] == "brand complaint #1"


async def test_english_switch(api: Api) -> None:
    async with visitor(api.app) as client:
        switched = await client.get("/console/language?to=en&back=/console/sign-in")
        assert switched.status_code == 303
        page = await client.get("/console/sign-in")
        assert 'lang="en"' in page.text and "Sign in" in page.text
        await sign_in(client, OPS_KEY)


async def test_ops_actions_are_audited_in_their_own_transaction(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    ok(await api.client.get("/v1/orders", headers=api.ops))  # the ops key is known
    refunded = await api.client.post(
        f"/v1/orders/{order['id']}/refund", json={"reason": "退款 <b>#7</b>"}, headers=api.ops
    )
    assert refunded.status_code == 200, refunded.text
    refused = await api.client.post(
        f"/v1/orders/{order['id']}/settle", json={"reason": "again"}, headers=api.ops
    )
    assert refused.status_code == 409  # not audited: nothing happened
    async with visitor(api.app, OPS_KEY) as client:
        html = (await client.get("/console/audit")).text
    assert html.count("refund_order") == 1 and "settle_order" not in html
    assert "退款 &lt;b&gt;#7&lt;/b&gt;" in html
    assert "requested → refunded" in html  # before and after
    async with api.database.session() as session:
        entries = (await session.exec(select(AuditEntry))).all()
    issued = [e for e in entries if e.action == "issue_creator_key"]
    assert issued and all(e.after and "key" not in e.after for e in issued)  # never kept
    assert creator.key not in str([e.after for e in entries])
    async with visitor(api.app, brand.key) as client:
        assert (await client.get("/console/audit")).status_code == 404


async def test_every_page_renders_for_its_readers(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    mcn = await make_party(api, "mcn", "星光 MCN")
    order = await make_order(api, brand, creator)
    ok(await api.client.post(f"/v1/orders/{order['id']}/accept", headers=creator.auth))
    violation = ok(
        await api.client.post(
            "/v1/violations",
            json={"creator_id": creator.id, "kind": "platform_account_violation",
                  "evidence": "账号违规"},
            headers=api.ops,
        ),
        201,
    )  # fmt: skip
    pages = {
        OPS_KEY: ["/console/orders", f"/console/orders/{order['id']}",
                  f"/console/creators/{creator.id}", "/console/ledger-check",
                  "/console/tables/webhooks", "/console/audit"],
        brand.key: ["/console/orders", "/console/orders-new", "/console/balance",
                    "/console/tables/webhooks"],
        creator.key: ["/console/orders?state=requested", f"/console/creators/{creator.id}",
                      "/console/balance"],
        mcn.key: ["/console/tables/contracts", "/console/balance"],
    }  # fmt: skip
    other = await make_order(api, await make_brand(api, "Other"), creator)
    async with visitor(api.app, OPS_KEY) as client:
        found = (await client.get(f"/console/orders?brand={brand.id}")).text
        assert order["id"] in found and other["id"] not in found
        found = (await client.get(f"/console/orders?creator={creator.id}&state=requested")).text
        assert other["id"] in found and order["id"] not in found
        assert (await client.get("/console/orders?stage=<x>&state=nope")).status_code == 200
        timers = {}  # the trigger each order's next timer fires, and when
        for o in (order, other):
            shown = ok(await api.client.get(f"/v1/orders/{o['id']}", headers=api.ops))
            timers[o["id"]] = (shown["next_timer"], shown["next_due_at"])
        assert timers[order["id"]][0] != timers[other["id"]][0]
        found = (await client.get(f"/console/orders?due={timers[order['id']][0]}")).text
        assert order["id"] in found and other["id"] not in found
        found = (await client.get("/console/orders?due=*")).text
        soonest, later = sorted(timers, key=lambda i: timers[i][1])
        assert soonest in found and found.index(soonest) < found.index(later)
        assert '<option value="expire"' in found  # the timed triggers, offered
    for key, paths in pages.items():
        async with visitor(api.app, key) as client:
            for path in paths:
                answer = await client.get(path)
                assert answer.status_code == 200, (path, answer.text[:2000])
    async with visitor(api.app, creator.key) as client:
        page = await client.get(f"/console/creators/{creator.id}")
        assert violation["id"] in page.text
        form = {"csrf": csrf_of(page.text), "token": "appeal-1", "confirm": "yes",
                "reason": "不可抗力", "creator_id": creator.id}  # fmt: skip
        answer = await client.post(f"/console/violations/{violation['id']}/appeal", data=form)
        assert answer.status_code == 303, answer.text
        assert (await client.get(f"/console/creators/{brand.id}")).status_code == 404
        assert (await client.get("/console/queues/appeals")).status_code == 404  # ops only
    async with visitor(api.app, OPS_KEY) as client:
        appeals = await client.get("/console/queues/appeals")
        assert violation["id"] in appeals.text and "不可抗力" in appeals.text
        failed = await client.get("/console/queues/failed-withdrawals")
        assert failed.status_code == 200


async def test_messages_sent_from_the_order_page_once_and_refused_ones_marked(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    path = f"/console/orders/{order['id']}"
    async with visitor(api.app, brand.key) as client:
        form = {"csrf": csrf_of((await client.get(path)).text), "token": "msg-1"}
        sent = await client.post(f"{path}/messages", data={**form, "text": "请在周五前交脚本"})
        again = await client.post(f"{path}/messages", data={**form, "text": "请在周五前交脚本"})
        assert sent.status_code == 303 and again.status_code == 303
        refused = await client.post(
            f"{path}/messages", data={**form, "token": "msg-2", "text": "加我微信 wx123456789"}
        )
        assert refused.status_code == 422 and "请在周五前交脚本" in refused.text
    async with visitor(api.app, OPS_KEY) as client:
        html = (await client.get(path)).text
    assert html.count("请在周五前交脚本") == 1  # the double submission acted once
    assert "加我微信" in html and "已拒绝" in html  # ops see the refused one, marked


def test_the_shipped_htmx_is_the_locked_npm_package() -> None:
    root = Path(__file__).resolve().parents[3]
    shipped = root / "service" / "console" / "static" / "htmx.min.js"
    locked = root / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
    assert shipped.read_bytes() == locked.read_bytes(), "copy node_modules/htmx.org's file"


async def test_the_session_cookie_is_secure_behind_https(api: Api) -> None:
    transport = httpx.ASGITransport(app=api.app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        page = await client.get("/console/sign-in")
        assert "secure" in page.headers["set-cookie"].lower()  # the CSRF cookie
        answer = await client.post(
            "/console/sign-in", data={"key": OPS_KEY, "csrf": csrf_of(page.text)}
        )
        assert answer.status_code == 303
        assert "secure" in answer.headers["set-cookie"].lower()
        signed_out = await client.post("/console/sign-out", data={"csrf": csrf_of(page.text)})
        assert signed_out.status_code == 303
        assert (await client.get("/console/orders")).headers["location"] == "/console/sign-in"
