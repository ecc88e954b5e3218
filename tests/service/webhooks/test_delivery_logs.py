"""What the worker logs about deliveries: the receiver's URL without its query string, where
receivers put tokens."""

from __future__ import annotations

import logging

import pytest

from tests.factories import Api, make_brand, make_creator, make_order, ok
from tests.service.webhooks.receiver import Receiver
from tests.service.webhooks.test_webhooks import work

TOKEN = "receiver-token-7f3a9c"


async def test_delivery_logs_carry_no_query_string(
    dev_api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    api = dev_api
    caplog.set_level(logging.DEBUG)
    brand = await make_brand(api)
    creator = await make_creator(api)
    with Receiver() as receiver:
        url = f"{receiver.url}?token={TOKEN}&x=1"
        created = ok(
            await api.client.post("/v1/webhook-endpoints", json={"url": url}, headers=brand.auth),
            201,
        )
        receiver.secret = created["secret"]
        await make_order(api, brand, creator)
        caplog.clear()
        await work(api)
        assert receiver.received  # delivered, and logged
    logged = [record.getMessage() for record in caplog.records]
    assert not [line for line in logged if TOKEN in line], logged
    assert any(receiver.url in line for line in logged), logged  # the URL, without its query


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.example.com/in?token=abc#frag", "https://hooks.example.com/in"),
        ("https://user:pw@hooks.example.com:8443/a?b=c", "https://hooks.example.com:8443/a"),
        ("https://[2001:db8::1]:444/x?k=v", "https://[2001:db8::1]:444/x"),
        ("https://[::1/x", "(not a URL)"),
    ],
)
def test_urls_are_shown_without_query_credentials_or_fragment(url: str, shown: str) -> None:
    from service.webhooks.destinations import without_query

    assert without_query(url) == shown
