"""Bad input, on both databases: oversized and lying bodies, deep nesting, wrong types,
unicode edge cases (lone surrogates, NUL, RTL marks, emoji, non-ASCII digits), huge numbers
and far-off dates, SQL-ish strings, negative ids, odd headers.

What is refused is refused with a 4xx problem (application/problem+json with a `code`) and
changes nothing: every row of every table is the same afterwards. What is accepted (emoji,
RTL marks, SQL-ish text in a message) is stored and read back verbatim. Reads with hostile
parameters answer without a 5xx and show nothing of anyone else's.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import (
    Api,
    Creator,
    Party,
    fire,
    make_brand,
    make_creator,
    make_order,
    make_party,
    ok,
)
from tests.reliability.hostile_cases import CASES, Bad
from tests.reliability.invariants import changes, snapshot

JSON = {"content-type": "application/json"}


@dataclass
class World:
    api: Api
    brand: Party
    creator: Creator
    mcn: Party
    order: str  # accepted, the brand's and the creator's
    other_brand: Party
    other_order: str
    project: str  # the brand's, from 1 March, its budget all committed to one order

    def fill(self, text: str) -> str:
        return text.format(
            order=self.order,
            creator=self.creator.id,
            channel=self.creator.channel_id,
            handle=self.creator.handle,
            project=self.project,
        )

    def auth(self, who: str) -> dict[str, str]:
        return {
            "brand": self.brand.auth,
            "creator": self.creator.auth,
            "mcn": self.mcn.auth,
            "ops": self.api.ops,
            "nobody": {},
        }[who]


@pytest.fixture
async def world(api: Api) -> World:
    brand = await make_brand(api)
    creator = await make_creator(api)
    mcn = await make_party(api, "mcn", "MCN")
    order = await make_order(api, brand, creator)
    ok(await fire(api, order["id"], "accept", creator.auth))
    other = await make_brand(api, "Other brand")
    other_creator = await make_creator(api, "Other creator")
    other_order = await make_order(api, other, other_creator)
    terms = {"name": "春茶", "budget_fen": 105_000, "starts_on": "2026-03-01"}
    project = ok(await api.client.post("/v1/projects", json=terms, headers=brand.auth), 201)
    await make_order(api, brand, creator, project_id=project["id"])  # commits 105,000
    return World(api, brand, creator, mcn, order["id"], other, other_order["id"], project["id"])


def fill(value: Any, world: World) -> Any:
    if isinstance(value, str):
        return world.fill(value)
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    return value


async def send(case: Bad, world: World) -> Any:
    headers: dict[str, Any] = {**world.auth(case.who), **case.headers}
    content: Any
    if case.raw is not None:
        content = case.raw() if callable(case.raw) else case.raw
        headers = {**JSON, **headers}
    elif case.body is not None:
        content = json.dumps(fill(case.body, world), ensure_ascii=False).encode()
        headers = {**JSON, **headers}
    else:
        content = None
    return await world.api.client.request(
        case.method,
        world.fill(case.path),
        content=content,
        params={k: world.fill(v) for k, v in case.params.items()},
        headers=headers,
    )


@pytest.mark.parametrize("category", list(CASES))
async def test_bad_input_is_refused_with_a_problem_and_changes_nothing(
    world: World, category: str
) -> None:
    failures = []
    for case in CASES[category]:
        before = await snapshot(world.api.database)
        response = await send(case, world)
        status = response.status_code
        problem = response.headers.get("content-type", "").startswith("application/problem+json")
        body = response.json() if problem else {}
        if status not in case.statuses:
            failures.append(f"{case}: {status} {response.text[:300]}")
        elif not problem or not isinstance(body.get("code"), str) or body.get("status") != status:
            failures.append(f"{case}: {status} is not a problem with a code: {response.text[:200]}")
        failures += [
            f"{case}: changed {c}" for c in changes(before, await snapshot(world.api.database))
        ]
    assert not failures, "\n".join(failures)


ODD_TEXTS = {
    "emoji with ZWJ and skin tone": "🍵👩🏽‍🍳 tea time 🇨🇳",
    "combining characters": "Cafe\u0301 and n\u0303",
    "zero-width characters": "tea\u200b\u2060\ufefftime",
    "4-byte characters up to the limit": "𠀋" * 200,
    "SQL-ish text": "'); DELETE FROM orders; -- \" OR 1=1",
}


# Long texts (messages, briefs, reasons) keep what a name may not: line breaks, tabs and
# bidi marks, which right-to-left writing needs.
ODD_LONG_TEXTS = {
    "RTL override and pop": "Spring \u202eaet\u202c tea",
    "RTL and LTR marks": "\u200f春茶\u200e launch",
    "lines and a tab": "Line one\nLine two\r\n\tindented",
}


@pytest.mark.parametrize("label", list(ODD_TEXTS))
async def test_odd_but_valid_text_is_stored_as_sent(world: World, label: str) -> None:
    """Accepted text comes back as sent (in NFC: `e` + a combining acute is stored as `é`),
    and touches nothing but its own row."""
    api, text = world.api, ODD_TEXTS[label]
    stored = unicodedata.normalize("NFC", text)
    orders_before = (await snapshot(api.database))["orders"]
    created = ok(
        await api.client.post("/v1/projects", json={"name": text}, headers=world.brand.auth), 201
    )
    assert created["name"] == stored
    shown = ok(await api.client.get(f"/v1/projects/{created['id']}", headers=world.brand.auth))
    assert shown["name"] == stored
    await _message_round_trip(world, text)
    assert (await snapshot(api.database))["orders"] == orders_before


@pytest.mark.parametrize("label", list(ODD_LONG_TEXTS))
async def test_long_texts_keep_line_breaks_tabs_and_bidi_marks(world: World, label: str) -> None:
    await _message_round_trip(world, ODD_LONG_TEXTS[label])


async def _message_round_trip(world: World, text: str) -> None:
    api = world.api
    message = {"text": text[:2000]}
    expected = unicodedata.normalize("NFC", message["text"])
    path = f"/v1/orders/{world.order}/messages"
    sent = ok(await api.client.post(path, json=message, headers=world.creator.auth), 201)
    assert sent["text"] == expected and sent["delivered"]
    listed = ok(await api.client.get(path, headers=world.brand.auth))
    assert [m["text"] for m in listed] == [expected]


HOSTILE_READS = {  # raw query strings, already percent-encoded
    "SQL as a list cursor": "starting_after=%27%20OR%20%27a%27%3C%27b",
    "SQL as a project filter": "project_id=1%20OR%201%3D1",
    "invalid UTF-8 as a project filter": "project_id=%ED%A0%80%FF",
    "a cursor beyond every id": "starting_after=" + "~" * 100,
    "a cursor before every id": "starting_after=%21",
    "a NUL in the cursor": "starting_after=ord_%00",
}


@pytest.mark.parametrize("label", list(HOSTILE_READS))
async def test_hostile_list_parameters_show_nothing_foreign(world: World, label: str) -> None:
    query = HOSTILE_READS[label]
    response = await world.api.client.get(f"/v1/orders?{query}", headers=world.brand.auth)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        shown = {o["brand_id"] for o in response.json()["data"]}
        assert shown <= {world.brand.id}, shown
        assert world.other_order not in response.text
    else:
        assert response.json()["code"] in ("validation_error", "invalid_request")
