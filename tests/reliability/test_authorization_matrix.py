"""The authorization matrix: every operation of the OpenAPI schema × every role (brand,
creator, MCN, ops, anonymous, a revoked key) × an object of the caller's own and a foreign
one, against the policy declared in `tests.reliability.authorization_policy` (who may call
what), in the world of `tests.reliability.authorization_world`.

- no key, or a revoked one: 401; a role the policy does not name: 403 (404 where the policy
  says the route hides objects from that role instead); a foreign object: 404;
- zero unexpected allows: a refused call is never 2xx and changes nothing in the database;
- an allowed call is not refused for authorization (it may still meet 409 or 422);
- lists (orders, contracts, events, webhook endpoints, ledger) hold nothing foreign.

A route missing from the policy fails the test: the policy must grow with the API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import httpx
import pytest

from service.app import create_app
from service.config import Settings
from statemachine import ORDER_MACHINE, Actor
from tests.factories import Api, ok
from tests.reliability.authorization_policy import POLICY, TRIGGER_POLICY, Case, cases
from tests.reliability.authorization_world import World, body_for, path_of, world_of
from tests.reliability.invariants import changes, snapshot


async def call(case: Case, world: World) -> httpx.Response:
    body = body_for(case.method, case.template, world)
    return await world.api.client.request(
        case.method,
        path_of(case, world),
        json=body,
        headers=world.headers(case.role),
    )


def test_the_policy_covers_every_route_and_agrees_with_the_transition_table(
    dev_api_app_schema: dict[str, Any],
) -> None:
    operations = {
        (method.upper(), template)
        for template, ops in dev_api_app_schema["paths"].items()
        for method in ops
    }
    assert operations - set(POLICY) == set(), "routes without a declared policy"
    assert set(POLICY) - operations == set(), "policy for routes that do not exist"
    for trigger, declared in TRIGGER_POLICY.items():
        transition = ORDER_MACHINE.by_trigger[trigger]
        parties = {a.value for a in transition.actors if a is not Actor.SYSTEM}
        if Actor.SYSTEM in transition.actors:
            parties.add("ops")
        assert set(declared.allow) == parties, (trigger, declared.allow, parties)


@pytest.fixture(scope="module")
def dev_api_app_schema() -> dict[str, Any]:
    settings = Settings(database_url="sqlite+aiosqlite:///:memory:", dev_mode=True)
    schema: dict[str, Any] = create_app(settings).openapi()
    return schema


async def test_authorization_matrix(dev_api: Api) -> None:
    world = await world_of(dev_api)
    schema = dev_api.app.openapi()
    everything = cases(schema)
    refused = [c for c in everything if c.refused is not None]
    allowed = [c for c in everything if c.refused is None]
    assert len(everything) > 500 and refused and allowed

    failures: list[str] = []
    before = await snapshot(dev_api.database)
    for case in refused:  # first, while every object is as the world made it
        response = await call(case, world)
        status = response.status_code
        if 200 <= status < 300:
            failures.append(f"UNEXPECTED ALLOW {case}: {status} {response.text[:200]}")
        elif status not in case.refused:  # type: ignore[operator]
            failures.append(f"{case}: {status}, policy says {sorted(case.refused)}")  # type: ignore[arg-type]
        elif not response.headers.get("content-type", "").startswith("application/problem+json"):
            failures.append(f"{case}: {status} is not a problem: {response.text[:100]}")
    failures += [
        f"a refused call changed {c}" for c in changes(before, await snapshot(world.api.database))
    ]

    # Then the allowed calls: GETs first, and the calls that end a contract last (an MCN
    # that lost its creator no longer sees the creator's orders).
    def order(case: Case) -> tuple[bool, bool]:
        return (case.method != "GET", case.template.endswith(("/terminate", "/decline")))

    for case in sorted(allowed, key=order):
        response = await call(case, world)
        if response.status_code in (401, 403, 404) or response.status_code >= 500:
            failures.append(f"{case}: refused {response.status_code} {response.text[:200]}")
        elif response.status_code == 422 and response.json()["code"] == "validation_error":
            failures.append(f"{case}: the test sent a bad body: {response.text[:200]}")
        policy = POLICY[(case.method, case.template)]
        if policy.lists and response.status_code == 200:
            leaked = sorted(i for i in world.foreign_ids(case.role) if i in response.text)
            if leaked:
                failures.append(f"LEAK {case}: the list shows foreign objects {leaked}")
    assert not failures, f"{len(failures)} of {len(everything)} cases:\n" + "\n".join(failures)


async def test_a_signed_video_callback_is_accepted_without_a_key(dev_api: Api) -> None:
    """The one route that takes no key takes a signature instead (and 401 without it)."""
    settings = dev_api.app.state.settings
    body = json.dumps(
        {"video_url": "https://www.douyin.com/@x/video/1", "status": "live",
         "changed_at": "2026-03-02T09:00:00Z"}
    ).encode()  # fmt: skip
    stamp = str(int(dev_api.clock.now().timestamp()))
    digest = hmac.new(
        settings.video_callback_secret.encode(), stamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    path = "/v1/integrations/video-platform/callback"
    signed = {"X-Video-Signature": f"t={stamp},v1={digest}", "content-type": "application/json"}
    assert (await dev_api.client.post(path, content=body, headers=signed)).status_code == 202
    forged = {**signed, "X-Video-Signature": f"t={stamp},v1={'0' * 64}"}
    assert ok(await dev_api.client.post(path, content=body, headers=forged), 401)["code"] == (
        "bad_signature"
    )
    stale = str(int(dev_api.clock.now().timestamp()) - 3600)
    old = {**signed, "X-Video-Signature": f"t={stale},v1={digest}"}
    assert (await dev_api.client.post(path, content=body, headers=old)).status_code == 401


REPLAYABLE = [  # a POST that each role may make, and its body
    ("brand", "/v1/top-ups", {"amount_fen": 1_000}),
    ("brand", "/v1/projects", {"name": "Replayed project"}),
    ("creator", "/v1/withdrawals", {"amount_fen": 1_000, "channel": "bank",
                                    "destination": "6222000011"}),
    ("mcn", "/v1/webhook-endpoints", {"url": "http://127.0.0.1:9/hooks/replayed"}),
]  # fmt: skip


async def test_replays_go_only_to_the_caller_that_made_the_request(dev_api: Api) -> None:
    """The same Idempotency-Key and body from another party is another request, and a key
    revoked after its request cannot replay it (401)."""
    world = await world_of(dev_api)
    client, failures = dev_api.client, []
    for role, path, body in REPLAYABLE:
        mine, theirs = world.a.party(role), world.b.party(role)
        idem = {"Idempotency-Key": f"replay-{role}-{path}"}
        spare = ok(await client.post(f"/v1/{role}s/{mine.id}/api-keys", headers=dev_api.ops), 201)
        spare_auth = {"Authorization": f"Bearer {spare['key']}", **idem}
        first = await client.post(path, json=body, headers={**mine.auth, **idem})
        by_spare = await client.post(path, json=body, headers=spare_auth)
        again = await client.post(path, json=body, headers={**mine.auth, **idem})
        ok(await client.post(f"/v1/api-keys/{spare['id']}/revoke", headers=dev_api.ops))
        other = await client.post(path, json=body, headers={**theirs.auth, **idem})
        revoked = await client.post(path, json=body, headers=spare_auth)
        label = f"{role} POST {path}"
        if not (first.status_code == by_spare.status_code == other.status_code == 201):
            failures.append(f"{label}: {first.status_code} {by_spare.status_code} {other.text}")
            continue
        shown = {k: v for k, v in first.json().items() if k != "secret"}  # not replayed
        if again.headers.get("idempotent-replayed") != "true" or not (
            again.json().items() >= shown.items()
        ):
            failures.append(f"{label}: the maker's own retry was not a replay")
        replayed = [r for r in (by_spare, other) if r.headers.get("idempotent-replayed")]
        if replayed or len({first.json()["id"], by_spare.json()["id"], other.json()["id"]}) != 3:
            failures.append(f"{label}: another key or party got a replay: {other.text[:200]}")
        if mine.id in other.text:
            failures.append(f"{label}: another party was shown {mine.id}")
        if revoked.status_code != 401 or revoked.headers.get("idempotent-replayed"):
            failures.append(f"{label}: a revoked key replayed: {revoked.status_code}")
    assert not failures, "\n".join(failures)
