"""Ops decide held messages and suspected private deals in the console: through the API's
`/v1/ops/…` routes, with a reason, a confirmation, CSRF and a form's Idempotency-Key; the
audit log shows each decision once."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlmodel import col, select

from service.audit.models import AuditEntry
from service.console.queues import QUEUES
from service.console.text import CATALOGUE
from tests.factories import OPS_KEY, Api, make_brand, make_creator, make_order, ok, video_url
from tests.service.console.pages import csrf_of, visitor
from tests.service.messages.test_held_messages import HELD, send
from tests.service.private_deals.test_cases import post_video

HELD_QUEUE, CASES_QUEUE = "/console/queues/held-messages", "/console/queues/private-deal-cases"


def form_of(html: str, action: str, **fields: str) -> dict[str, str]:
    """The fields a person fills in the form posting to `action`, with its hidden ones."""
    start = html.index(f'action="{action}"')
    form = html[start : html.index("</form>", start)]
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert hidden["token"] and hidden["csrf"]
    return {**hidden, "confirm": "yes", **fields}


async def held_messages(api: Api, count: int) -> tuple[dict[str, Any], list[str]]:
    """An order whose creator sent `count` messages the screen held."""
    creator = await make_creator(api)
    order = await make_order(api, await make_brand(api), creator)
    sent = [ok(await send(api, order["id"], creator.auth, HELD), 201) for _ in range(count)]
    assert {m["status"] for m in sent} == {"held"}
    return order, [m["id"] for m in sent]


async def audited(api: Api) -> list[tuple[str, str | None, str | None]]:
    async with api.database.session() as session:
        rows = (await session.exec(select(AuditEntry).order_by(col(AuditEntry.id)))).all()
    return [(e.action, e.object_id, e.reason) for e in rows if "held" in e.action or
            "private_deal" in e.action]  # fmt: skip


async def message(api: Api, order_id: str, message_id: str) -> dict[str, Any]:
    found = ok(await api.client.get(f"/v1/orders/{order_id}/messages", headers=api.ops))
    return next(m for m in found if m["id"] == message_id)  # type: ignore[no-any-return]


async def decide(
    client: httpx.AsyncClient, page: str, queue: str, row_id: str, decision: str, reason: str
) -> httpx.Response:
    html = (await client.get(page)).text
    action = f"{queue}/{row_id}/{decision}"
    return await client.post(action, data=form_of(html, action, reason=reason))


async def test_ops_release_one_held_message_and_confirm_another(api: Api) -> None:
    order, (first, second) = await held_messages(api, 2)
    async with visitor(api.app, OPS_KEY) as client:
        queue = (await client.get(HELD_QUEUE)).text
        assert first in queue and second in queue and "放行消息" in queue
        assert f'<label for="{first}-release-reason">原因</label>' in queue
        await client.get(f"/console/language?to=en&back={HELD_QUEUE}")
        english = (await client.get(HELD_QUEUE)).text
        assert "Release the message" in english and "Confirm: refuse it" in english
        await client.get(f"/console/language?to=zh-CN&back={HELD_QUEUE}")
        released = await decide(client, HELD_QUEUE, HELD_QUEUE, first, "release", "朋友请求, 放行")
        assert released.status_code == 303
        assert released.headers["location"] == f"{HELD_QUEUE}?done=release"
        confirmed = await decide(client, HELD_QUEUE, HELD_QUEUE, second, "confirm", "拉私单")
        assert confirmed.status_code == 303
        after = (await client.get(f"{HELD_QUEUE}?done=confirm")).text
        assert first not in after and second not in after
        assert "操作已完成" in after and "确认拒绝" in after
        audit = (await client.get("/console/audit")).text
    assert "release_held_message" in audit and "confirm_held_message" in audit
    assert "朋友请求, 放行" in audit and "拉私单" in audit
    assert await audited(api) == [
        ("release_held_message", first, "朋友请求, 放行"),
        ("confirm_held_message", second, "拉私单"),
    ]
    released_message = await message(api, order["id"], first)
    assert released_message["status"] == "delivered"
    assert released_message["decision_reason"] == "朋友请求, 放行"
    assert (await message(api, order["id"], second))["status"] == "refused"


async def test_held_messages_are_marked_and_decided_on_the_order_page(api: Api) -> None:
    order, (held,) = await held_messages(api, 1)
    page = f"/console/orders/{order['id']}"
    async with visitor(api.app, OPS_KEY) as client:
        html = (await client.get(page)).text
        assert '<mark class="held">待审核</mark>' in html and "已拒绝" not in html
        answer = await decide(client, page, HELD_QUEUE, held, "release", "正常沟通")
        assert answer.status_code == 303
        assert answer.headers["location"] == f"{page}?done=release#messages"
        html = (await client.get(page)).text
        assert "待审核" not in html and HELD in html
        stale = await client.post(
            f"{HELD_QUEUE}/{held}/confirm",
            data={"csrf": csrf_of(html), "token": "another-form", "confirm": "yes",
                  "reason": "晚了一步", "order_id": order["id"]},
        )  # fmt: skip
        assert stale.status_code == 409 and "is delivered" in stale.text  # the API's problem
        assert f"<code>{order['id']}</code>" in stale.text  # shown on the order page
    assert (await message(api, order["id"], held))["decision_reason"] == "正常沟通"


async def test_ops_dismiss_one_private_deal_case_and_confirm_another(api: Api) -> None:
    creator = await make_creator(api)
    dismissed = (await post_video(api, video_url(creator, 21)))["private_deal_case"]
    confirmed = (await post_video(api, video_url(creator, 22)))["private_deal_case"]
    async with visitor(api.app, OPS_KEY) as client:
        queue = (await client.get(CASES_QUEUE)).text
        assert dismissed in queue and confirmed in queue and "确认私单" in queue
        answer = await decide(client, CASES_QUEUE, CASES_QUEUE, dismissed, "dismiss", "品牌自营号")
        assert answer.status_code == 303
        answer = await decide(client, CASES_QUEUE, CASES_QUEUE, confirmed, "confirm", "品牌承认")
        assert answer.status_code == 303
        after = (await client.get(CASES_QUEUE)).text
        assert dismissed not in after and confirmed not in after
        audit = (await client.get("/console/audit")).text
    assert "dismiss_private_deal_case" in audit and "confirm_private_deal_case" in audit
    assert await audited(api) == [
        ("dismiss_private_deal_case", dismissed, "品牌自营号"),
        ("confirm_private_deal_case", confirmed, "品牌承认"),
    ]
    credit = ok(await api.client.get(f"/v1/creators/{creator.id}/violations", headers=api.ops))
    [violation] = credit["violations"]
    assert violation["kind"] == "private_deal" and confirmed in violation["evidence"]
    assert "品牌承认" in violation["evidence"]


async def test_a_decision_needs_csrf_ops_a_reason_and_a_confirmation_and_acts_once(
    api: Api,
) -> None:
    order, (held,) = await held_messages(api, 1)
    action = f"{HELD_QUEUE}/{held}/confirm"
    brand = await make_brand(api)
    async with visitor(api.app, brand.key) as client:
        assert (await client.get(HELD_QUEUE)).status_code == 404
        page = (await client.get("/console/orders")).text
        form = {"csrf": csrf_of(page), "token": "t-brand", "confirm": "yes", "reason": "x"}
        assert (await client.post(action, data=form)).status_code == 404
    async with visitor(api.app, OPS_KEY) as client:
        html = (await client.get(HELD_QUEUE)).text
        filled = form_of(html, action, reason="重复提交")
        without = {k: v for k, v in filled.items() if k != "csrf"}
        assert (await client.post(action, data=without)).status_code == 403
        forged = await client.post(action, data={**filled, "csrf": "forged"})
        assert forged.status_code == 403
        unconfirmed = await client.post(action, data={**filled, "confirm": ""})
        assert unconfirmed.status_code == 422 and "请先勾选确认" in unconfirmed.text
        blank = await client.post(action, data={**filled, "reason": "  "})
        assert blank.status_code == 422 and "请先填写原因" in blank.text
        assert (await message(api, order["id"], held))["status"] == "held"
        unknown = await client.post(f"{HELD_QUEUE}/{held}/approve", data=filled)
        assert unknown.status_code == 404
        first = await client.post(action, data=filled)
        again = await client.post(action, data=filled)
        assert first.status_code == 303 and again.status_code == 303
    assert await audited(api) == [("confirm_held_message", held, "重复提交")]
    found = ok(await api.client.get(f"/v1/creators/{order['creator_id']}/violations",
                                    headers=api.ops))  # fmt: skip
    assert found["violations"] == []  # one refusal: no repeat offence


def test_every_queue_column_has_a_heading_in_both_languages() -> None:
    columns = {column for queue in QUEUES.values() for column in queue.columns}
    assert columns and {c for c in columns if f"col_{c}" not in CATALOGUE} == set()
    assert all(CATALOGUE[f"col_{c}"][0] != CATALOGUE[f"col_{c}"][1] for c in columns)
