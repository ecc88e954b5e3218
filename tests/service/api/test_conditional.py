"""Conditional requests as RFC 9110 compares them: If-Match strongly (a weak tag never
matches), If-None-Match weakly."""

from __future__ import annotations

from service.api.conditional import etag, matches, matches_strongly
from tests.factories import Api, make_brand, make_creator, make_order, ok


def test_weak_tags_never_match_if_match() -> None:
    current = etag(3)
    assert matches_strongly('"v3"', current)
    assert matches_strongly('"v2", "v3"', current)
    assert matches_strongly("*", current)
    assert not matches_strongly('W/"v3"', current)
    assert not matches_strongly('"v2", W/"v3"', current)
    assert matches('W/"v3"', current)  # If-None-Match compares weakly


async def test_a_weak_if_match_is_412(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}"
    for weak in ('W/"v1"', '"v0", W/"v1"'):
        refused = await api.client.post(
            f"{path}/accept", headers={**creator.auth, "If-Match": weak}
        )
        assert ok(refused, 412)["code"] == "version_conflict", weak
    assert ok(await api.client.get(path, headers=brand.auth))["version"] == 1
    polled = await api.client.get(path, headers={**creator.auth, "If-None-Match": 'W/"v1"'})
    assert polled.status_code == 304
    accepted = await api.client.post(f"{path}/accept", headers={**creator.auth, "If-Match": '"v1"'})
    assert accepted.status_code == 200 and accepted.headers["etag"] == '"v2"'
