"""Where webhooks may go: every address a name resolves to is checked, IPv6 forms that embed
an IPv4 address are judged by that address, and the connection goes to the address that was
checked (DNS rebinding), with the name as Host and TLS server name."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from typing import Any

import pytest

from service.webhooks import destinations
from tests.factories import Api, make_brand, make_creator, make_order, ok
from tests.service.webhooks.receiver import Receiver
from tests.service.webhooks.test_webhooks import work

EMBEDDING_INTERNAL_IPV4 = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254, the metadata address
    "64:ff9b::10.1.2.3",
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:c0a8:0101::1",  # 6to4 of 192.168.1.1
    "::7f00:1",  # IPv4-compatible 127.0.0.1
    "::a9fe:a9fe",
    "::10.0.0.1",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    "2001:0:a9fe:a9fe:8000:63bf:3fff:fdd2",  # Teredo, server 169.254.169.254
    "::ffff:0:7f00:1",  # IPv4-translated (SIIT) 127.0.0.1
    "::ffff:0:a9fe:a9fe",
    "64:ff9b:1::a9fe:a9fe",  # the local-use NAT64 prefix: refused whatever it carries
    "64:ff9b:1::808:808",
    "fec0::1",  # site-local, deprecated
]
PUBLIC = ["8.8.8.8", "2001:4860:4860::8888", "64:ff9b::8.8.8.8", "2002:0808:0808::1",
          "::ffff:0:808:808"]  # fmt: skip
INTERNAL = ["127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.0.1", "169.254.169.254", "::1",
            "fe80::1", "fc00::1", "0.0.0.0", "100.64.0.1", "224.0.0.1", "ff02::1"]  # fmt: skip


@pytest.mark.parametrize("address", EMBEDDING_INTERNAL_IPV4 + INTERNAL)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not destinations.is_public(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_public(address: str) -> None:
    assert destinations.is_public(address)


def fake_dns(monkeypatch: pytest.MonkeyPatch, name: str, answers: list[str]) -> Callable[[], int]:
    """Answer `name` with `answers` in turn (the last one from then on); other hosts as the
    system does. Returns how many times `name` was looked up."""
    loop = asyncio.get_running_loop()
    real = loop.getaddrinfo
    asked = [0]

    async def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        text = host.decode() if isinstance(host, bytes) else host
        if text != name:
            return await real(host, port, *args, **kwargs)
        answer = answers[min(asked[0], len(answers) - 1)]
        asked[0] += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, int(port or 0)))]

    monkeypatch.setattr(loop, "getaddrinfo", getaddrinfo)
    return lambda: asked[0]


async def test_the_connection_goes_to_the_address_that_was_checked(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that answers an allowed address to the check and a forbidden one next (DNS
    rebinding) is delivered to the allowed address, with the name as Host. Here 127.0.0.2
    stands for a public address and 127.0.0.1 for the inside; http stands for https."""
    monkeypatch.setattr(destinations, "is_public", lambda address: address == "127.0.0.2")
    monkeypatch.setattr(destinations, "SCHEMES_OUTSIDE_DEV_MODE", ("https", "http"))
    brand = await make_brand(api)
    creator = await make_creator(api)
    outside = Receiver(host="127.0.0.2")
    with outside, Receiver(host="127.0.0.1", port=outside.port) as inside:
        url = f"http://rebind.test:{outside.port}/hooks"
        lookups = fake_dns(monkeypatch, "rebind.test", ["127.0.0.2", "127.0.0.2", "127.0.0.1"])
        body = {"url": url, "event_types": ["order.create"]}  # one delivery
        created = ok(
            await api.client.post("/v1/webhook-endpoints", json=body, headers=brand.auth), 201
        )
        outside.secret = inside.secret = created["secret"]
        await make_order(api, brand, creator)
        await work(api)
    assert inside.calls == 0, "the delivery reached the address the name rebound to"
    assert outside.calls >= 1 and outside.bad_signatures == 0
    assert set(outside.hosts) == {f"rebind.test:{outside.port}"}
    assert lookups() == 2  # once at registration, once for the delivery's check and connection


async def test_a_name_with_one_internal_address_is_refused(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    brand = await make_brand(api)
    loop = asyncio.get_running_loop()

    async def two_answers(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", 443)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a9fe:a9fe", 443, 0, 0)),
        ]

    monkeypatch.setattr(loop, "getaddrinfo", two_answers)
    body = {"url": "https://mixed.test/hooks"}
    answer = await api.client.post("/v1/webhook-endpoints", json=body, headers=brand.auth)
    assert ok(answer, 422)["code"] == "webhook_url_refused"


def test_the_request_names_the_host_and_the_tls_server() -> None:
    checked = destinations.Destination(
        url="https://hooks.example.com:8443/in?t=1", host="hooks.example.com",
        addresses=("2001:4860:4860::8888",),
    )  # fmt: skip
    url, headers, extensions = checked.request_to("2001:4860:4860::8888")
    assert url == "https://[2001:4860:4860::8888]:8443/in?t=1"
    assert headers == {"Host": "hooks.example.com:8443"}
    assert extensions == {"sni_hostname": "hooks.example.com"}
    plain = destinations.Destination(
        url="http://hooks.example.com/in", host="hooks.example.com", addresses=("8.8.8.8",)
    )
    assert plain.request_to("8.8.8.8") == ("http://8.8.8.8/in", {"Host": "hooks.example.com"}, {})
