"""The catalogue of bad input that `test_bad_input.py` sends, by category: each case is who
sends what where, and which 4xx statuses it may answer."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

LIMIT = 64 * 1024  # the service's body limit


@dataclass(frozen=True)
class Bad:
    """A request that must be refused. `body` is sent as JSON; `raw` (bytes, or a callable
    returning an async iterator of chunks) as is, with a JSON content type."""

    name: str
    who: str
    method: str
    path: str
    body: Any = None
    raw: bytes | Callable[[], AsyncIterator[bytes]] | None = None
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)
    statuses: frozenset[int] = frozenset(range(400, 500))

    def __str__(self) -> str:
        return self.name


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def nested_object(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


async def chunks(size: int) -> AsyncIterator[bytes]:
    for _ in range(size // 8192 + 1):
        yield b" " * 8192


def order_terms(**changes: Any) -> dict[str, Any]:
    terms = {
        "creator_id": "{creator}",
        "channel_id": "{channel}",
        "price_fen": 100_000,
        "brief": "A 30-second unboxing.",
    }
    terms.update(changes)
    return terms


def update_cursor(raw: str) -> str:
    return "u_" + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def naive_cursor() -> str:
    return update_cursor("2026-01-01T00:00:00|ord_01M8F0G2D0HZEYG2N8FRA4098V")


def by_update(cursor: str) -> dict[str, str]:
    return {"updated_since": "2026-01-01T00:00:00Z", "starting_after": cursor}


ORDER_ID = "ord_01M8F0G2D0HZEYG2N8FRA4098V"
# Names and labels that would lie on screen: controls, bidi controls, nothing visible.
LYING_NAMES = {
    "DEL": "Acme\x7fTea",
    "a C1 control (NEL)": "Acme\u0085Tea",
    "a C1 control (CSI)": "Acme\u009bTea",
    "an escape": "Acme\x1b[31mTea",
    "a newline": "Acme\nTea",
    "a tab": "Acme\tTea",
    "a right-to-left override": "Acme \u202eaeT",
    "a left-to-right embedding": "\u202aAcme Tea",
    "a pop directional formatting": "Acme Tea\u202c",
    "a first-strong isolate": "Acme \u2068Tea\u2069",
    "a right-to-left isolate": "\u2067Acme Tea",
    "a right-to-left mark": "Acme\u200fTea",
    "a left-to-right mark": "\u200eAcme",
    "an Arabic letter mark": "Acme\u061cTea",
    "zero-width spaces only": "\u200b\u200b",
    "a word joiner only": "\u2060",
    "a byte order mark only": "\ufeff",
    "zero-width joiners and spaces": " \u200d \u200c ",
    "a Hangul filler only": "\u3164",
    "a combining mark only": "\u0301",
}


TOP_UP = ("brand", "POST", "/v1/top-ups")
CREATE = ("brand", "POST", "/v1/orders")

CASES: dict[str, list[Bad]] = {
    "oversized": [
        Bad("JSON body over 64 KiB", *CREATE, body=order_terms(brief="x" * (LIMIT + 10))),
        Bad("body over the limit, chunked, no Content-Length", *TOP_UP, raw=lambda: chunks(LIMIT)),
        Bad("Content-Length not a number", *TOP_UP, raw=b'{"amount_fen": 1000}',
            headers={"content-length": "20x"}),
        Bad("Content-Length of a gigabyte on a small body", *TOP_UP, raw=b'{"amount_fen": 1000}',
            headers={"content-length": str(10**9)}),
        Bad("a 70 KB Authorization header", "nobody", "GET", "/v1/balance",
            headers={"authorization": "Bearer " + "k" * 70_000}),
    ],
    "nesting": [
        Bad("30,000 nested arrays", "ops", "POST", "/v1/brands", raw=nested(30_000)),
        Bad("1,000 nested arrays as a price", *CREATE,
            raw=json.dumps(order_terms()).replace("100000", nested(1000).decode()).encode()),
        Bad("an object 200 deep as a name", "ops", "POST", "/v1/brands",
            body={"name": nested_object(200)}),
        Bad("a list as a reason", "ops", "POST", "/v1/orders/{order}/refund",
            body={"reason": [["no"]]}),
    ],
    "types": [
        Bad("price as a string", *CREATE, body=order_terms(price_fen="100000")),
        Bad("price as a float", *CREATE, body=order_terms(price_fen=1000.5)),
        Bad("price as true", *CREATE, body=order_terms(price_fen=True)),
        Bad("price as null", *CREATE, body=order_terms(price_fen=None)),
        Bad("the body is an array", *TOP_UP, body=[{"amount_fen": 1000}]),
        Bad("the body is a string", *TOP_UP, body="amount_fen=1000"),
        Bad("the body is not JSON", *TOP_UP, raw=b"amount_fen=1000"),
        Bad("the body is truncated JSON", *TOP_UP, raw=b'{"amount_fen": 10'),
        Bad("no body", *TOP_UP, raw=b""),
        Bad("JSON sent as text/plain", *TOP_UP, raw=b'{"amount_fen": 1000}',
            headers={"content-type": "text/plain"}),
        Bad("an unknown field", *TOP_UP, body={"amount_fen": 1000, "currency": "USD"}),
        Bad("an unknown platform", "ops", "POST", "/v1/creators/{creator}/channels",
            body={"platform": "tiktok", "handle": "lily2", "followers": 1}),
        Bad("followers as a string", "ops", "POST", "/v1/creators/{creator}/channels",
            body={"platform": "douyin", "handle": "lily2", "followers": "many"}),
        Bad("a reason that is a number", "ops", "POST", "/v1/orders/{order}/refund",
            body={"reason": 12345}),
        Bad("an unknown query parameter", "brand", "GET", "/v1/orders",
            params={"sate": "requested"}),
        Bad("a state that does not exist", "brand", "GET", "/v1/orders", params={"state": "done"}),
        Bad("a date without an offset", "brand", "GET", "/v1/orders",
            params={"updated_since": "2026-03-01T00:00:00"}),
    ],
    "unicode": [
        Bad("a lone surrogate in a name", "ops", "POST", "/v1/brands",
            raw=b'{"name": "Acme \\ud800 Tea"}'),
        Bad("reversed surrogates in a message", "brand", "POST", "/v1/orders/{order}/messages",
            raw=b'{"text": "hi \\udc00\\ud800"}'),
        Bad("NUL in a project name", "brand", "POST", "/v1/projects", body={"name": "a\x00b"}),
        Bad("NUL in a brief", *CREATE, body=order_terms(brief="tea\x00time")),
        Bad("NUL in a video URL", "creator", "POST", "/v1/orders/{order}/publish",
            body={"video_url": "https://www.douyin.com/@{handle}/video/1\x00"}),
        Bad("invalid UTF-8 bytes in the body", "ops", "POST", "/v1/brands",
            raw=b'{"name": "\xed\xa0\x80\xff"}'),
        Bad("an RTL override in a payout destination", "creator", "POST", "/v1/withdrawals",
            body={"amount_fen": 1000, "channel": "alipay", "destination": "lily\u202e@x.com"}),
        Bad("an emoji in a channel handle", "ops", "POST", "/v1/creators/{creator}/channels",
            body={"platform": "douyin", "handle": "lily🍵", "followers": 200_000}),
        Bad("Arabic-Indic digits as an amount", *TOP_UP, body={"amount_fen": "١٠٠٠"}),
        Bad("full-width digits as a limit", "brand", "GET", "/v1/orders", params={"limit": "１０"}),
        Bad("a non-ASCII Idempotency-Key", *TOP_UP, body={"amount_fen": 1000},
            headers={"idempotency-key": b"key-\xe9\xff"}),
        Bad("invalid UTF-8 in the path", "brand", "GET", "/v1/orders/ord_%ED%A0%80"),
        Bad("a superscript digit in a callback timestamp", "nobody", "POST",
            "/v1/integrations/video-platform/callback", raw=b"{}",
            headers={"x-video-signature": b"t=\xb2,v1=00"}, statuses=frozenset({401})),
    ],
    "numbers": [
        Bad("a price of 10^30", *CREATE, body=order_terms(price_fen=10**30)),
        Bad("a price of 1e400", *CREATE,
            raw=json.dumps(order_terms()).replace("100000", "1e400").encode()),
        Bad("a price of NaN", *CREATE,
            raw=json.dumps(order_terms()).replace("100000", "NaN").encode()),
        Bad("a price of -Infinity", *CREATE,
            raw=json.dumps(order_terms()).replace("100000", "-Infinity").encode()),
        Bad("a price of 5,000 digits", *CREATE,
            raw=json.dumps(order_terms()).replace("100000", "9" * 5000).encode()),
        Bad("a top-up of 2^63", *TOP_UP, body={"amount_fen": 2**63}),
        Bad("a negative price", *CREATE, body=order_terms(price_fen=-1)),
        Bad("a zero top-up", *TOP_UP, body={"amount_fen": 0}),
        Bad("a negative withdrawal", "creator", "POST", "/v1/withdrawals",
            body={"amount_fen": -1000, "channel": "bank", "destination": "6222000011"}),
        Bad("retention of a billion days", *CREATE, body=order_terms(retention_days=10**9)),
        Bad("a limit of 10^30", "brand", "GET", "/v1/orders", params={"limit": str(10**30)}),
        Bad("events after 2^70", "brand", "GET", "/v1/events", params={"after": str(2**70)}),
        Bad("updated_since in year 9999 at -23:59", "brand", "GET", "/v1/orders",
            params={"updated_since": "9999-12-31T23:59:59-23:59"}),
        Bad("updated_since in year 1 at +23:59", "brand", "GET", "/v1/orders",
            params={"updated_since": "0001-01-01T00:00:00+23:59"}),
        Bad("a contract ending in year 9999 at -23:59", "mcn", "POST", "/v1/mcn-contracts",
            body={"creator_id": "{creator}", "share_bps": 100,
                  "ends_at": "9999-12-31T23:59:59-23:59"}),
        Bad("an update cursor with a time without offset", "brand", "GET", "/v1/orders",
            params={"updated_since": "2026-01-01T00:00:00Z", "starting_after": naive_cursor()}),
        Bad("a webhook host label of 64 characters", "brand", "POST", "/v1/webhook-endpoints",
            body={"url": "https://" + "a" * 64 + ".example.com/hooks"}),
    ],
    "names": [
        *(Bad(f"a party name with {label}", "ops", "POST", "/v1/brands", body={"name": name})
          for label, name in LYING_NAMES.items()),
        *(Bad(f"a project name with {label}", "brand", "POST", "/v1/projects",
              body={"name": name}) for label, name in LYING_NAMES.items()),
        Bad("DEL in a brief", *CREATE, body=order_terms(brief="tea\x7ftime")),
        Bad("a C1 control in a message", "brand", "POST", "/v1/orders/{order}/messages",
            body={"text": "hello\u0085there"}),
        Bad("an escape in a reason", "ops", "POST", "/v1/orders/{order}/refund",
            body={"reason": "\x1b[2Jgone"}),
        Bad("a name that NFC makes 600 characters long", "ops", "POST", "/v1/brands",
            body={"name": "\ufb2c" * 200}, statuses=frozenset({422})),
        Bad("a message that NFC makes 6,000 characters long", "brand", "POST",
            "/v1/orders/{order}/messages", body={"text": "\ufb2c" * 2000},
            statuses=frozenset({422})),
    ],
    "cursors": [
        Bad("an update cursor in year 1 at +14:00", "brand", "GET", "/v1/orders",
            params=by_update(update_cursor(f"0001-01-01T00:00:00+14:00|{ORDER_ID}"))),
        Bad("an update cursor in year 9999 at -14:00", "brand", "GET", "/v1/orders",
            params=by_update(update_cursor(f"9999-12-31T23:59:59-14:00|{ORDER_ID}"))),
        Bad("an update cursor in year 1", "brand", "GET", "/v1/orders",
            params=by_update(update_cursor(f"0001-01-01T00:00:00+00:00|{ORDER_ID}"))),
        Bad("an update cursor in year 9999", "brand", "GET", "/v1/orders",
            params=by_update(update_cursor(f"9999-12-31T23:59:59.999999+00:00|{ORDER_ID}"))),
        Bad("an update cursor with an offset of a day", "brand", "GET", "/v1/orders",
            params=by_update(update_cursor(f"2026-01-01T00:00:00+23:59:59.999|{ORDER_ID}"))),
        Bad("an update cursor without an order id", "brand", "GET", "/v1/orders",
            params=by_update(update_cursor("2026-01-01T00:00:00+00:00|"))),
        Bad("an update cursor naming no order", "brand", "GET", "/v1/orders",
            params=by_update(update_cursor("2026-01-01T00:00:00+00:00|x' OR 1=1"))),
        Bad("an update cursor of three parts", "brand", "GET", "/v1/orders",
            params=by_update(update_cursor(f"2026-01-01T00:00:00+00:00|{ORDER_ID}|x"))),
        Bad("an update cursor that is not base64", "brand", "GET", "/v1/orders",
            params=by_update("u_!!!")),
        Bad("updated_since at the end of year 9000 at -23:59", "brand", "GET", "/v1/orders",
            params={"updated_since": "9000-12-31T23:59:59-23:59"}),
        Bad("updated_since at 1970 at +23:59", "brand", "GET", "/v1/orders",
            params={"updated_since": "1970-01-01T00:00:00+23:59"}),
        Bad("updated_since with hour 24", "brand", "GET", "/v1/orders",
            params={"updated_since": "2026-01-01T24:00:00Z"}),
    ],
    "addresses": [
        Bad(f"a webhook to {label}", "brand", "POST", "/v1/webhook-endpoints",
            body={"url": url}, statuses=frozenset({422}))
        for label, url in {
            "NAT64 of loopback": "https://[64:ff9b::7f00:1]/hooks",
            "NAT64 of the metadata address": "https://[64:ff9b::a9fe:a9fe]/latest",
            "6to4 of the metadata address": "https://[2002:a9fe:a9fe::1]/hooks",
            "6to4 of a private address": "https://[2002:c0a8:101::1]/hooks",
            "IPv4-compatible loopback": "https://[::7f00:1]/hooks",
            "IPv4-compatible private": "https://[::a00:1]/hooks",
            "IPv4-mapped metadata": "https://[::ffff:169.254.169.254]/hooks",
            "Teredo with a loopback client": "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x",
            "IPv4-translated loopback": "https://[::ffff:0:7f00:1]/hooks",
            "the local-use NAT64 prefix": "https://[64:ff9b:1::a9fe:a9fe]/hooks",
            "a site-local address": "https://[fec0::1]/hooks",
            "the metadata address": "https://169.254.169.254/latest/meta-data",
            "loopback as one decimal number": "https://2130706433/hooks",
            "loopback in octal": "https://0177.0.0.1/hooks",
            "loopback in short form": "https://127.1/hooks",
            "the unspecified address": "https://0.0.0.0/hooks",
            "a zone-scoped link-local address": "https://[fe80::1%25eth0]/hooks",
            "plain http": "http://example.com/hooks",
            "a port out of range": "https://example.com:70000/hooks",
        }.items()
    ],
    "sql-ish": [
        Bad("SQL in an order id", "brand", "GET", "/v1/orders/ord_' OR '1'='1"),
        Bad("SQL in a trigger's order id", "ops", "POST", "/v1/orders/1;DROP TABLE orders/refund",
            body={"reason": "x"}),
        Bad("SQL as a creator id", *CREATE, body=order_terms(creator_id="cr_x' OR 1=1 --")),
        Bad("SQL in a channel handle", "ops", "POST", "/v1/creators/{creator}/channels",
            body={"platform": "douyin", "handle": "x'; DROP TABLE channels;--",
                  "followers": 200_000}),
        Bad("SQL in a state filter", "brand", "GET", "/v1/orders",
            params={"state": "requested' OR '1'='1"}),
        Bad("SQL in a withdrawal destination", "creator", "POST", "/v1/withdrawals",
            body={"amount_fen": 1000, "channel": "bank", "destination": "1'; DELETE FROM x"}),
        Bad("SQL as a ledger cursor", "brand", "GET", "/v1/ledger",
            params={"starting_after": "1 OR 1=1"}),
        Bad("SQL as an update cursor", "brand", "GET", "/v1/orders",
            params={"updated_since": "2026-01-01T00:00:00Z", "starting_after": "u_' OR 1=1"}),
    ],
    "projects": [
        Bad("a negative budget", "brand", "POST", "/v1/projects",
            body={"name": "x", "budget_fen": -1}, statuses=frozenset({422})),
        Bad("a budget as a string", "brand", "POST", "/v1/projects",
            body={"name": "x", "budget_fen": "1000"}, statuses=frozenset({422})),
        Bad("a budget as a fraction", "brand", "POST", "/v1/projects",
            body={"name": "x", "budget_fen": 10.5}, statuses=frozenset({422})),
        Bad("ends_on before starts_on", "brand", "POST", "/v1/projects",
            body={"name": "x", "starts_on": "2026-03-02", "ends_on": "2026-03-01"},
            statuses=frozenset({422})),
        Bad("a 30 February", "brand", "POST", "/v1/projects",
            body={"name": "x", "starts_on": "2026-02-30"}, statuses=frozenset({422})),
        Bad("a change to ends_on before the stored starts_on", "brand", "PATCH",
            "/v1/projects/{project}", body={"ends_on": "2026-02-28"}, statuses=frozenset({422})),
        Bad("a budget below what is committed", "brand", "PATCH", "/v1/projects/{project}",
            body={"budget_fen": 104_999}, statuses=frozenset({422})),
        Bad("a null name", "brand", "PATCH", "/v1/projects/{project}", body={"name": None},
            statuses=frozenset({422})),
        Bad("archived as a string", "brand", "PATCH", "/v1/projects/{project}",
            body={"archived": "yes"}, statuses=frozenset({422})),
        Bad("an order past the project's budget", *CREATE,
            body=order_terms(project_id="{project}"), statuses=frozenset({422})),
        Bad("an order into an unknown project", *CREATE,
            body=order_terms(project_id="prj_01M8F0G2D0HZEYG2N8FRA4098V"),
            statuses=frozenset({422})),
        Bad("an unknown project's summary", "brand", "GET",
            "/v1/projects/prj_01M8F0G2D0HZEYG2N8FRA4098V/summary", statuses=frozenset({404})),
        Bad("a summary with orders_limit 1,001", "brand", "GET", "/v1/projects/{project}/summary",
            params={"orders_limit": "1001"}, statuses=frozenset({422})),
        Bad("a project's CSV for a creator", "creator", "GET", "/v1/projects/{project}/orders.csv",
            statuses=frozenset({404})),
        Bad("an MCN's earnings of a creator it has not signed", "mcn", "GET",
            "/v1/creators/{creator}/earnings", statuses=frozenset({404})),
        Bad("an order's metrics for an MCN that signed nobody", "mcn", "GET",
            "/v1/orders/{order}/metrics", statuses=frozenset({404})),
    ],
    "negative ids": [
        Bad("order -1", "brand", "GET", "/v1/orders/-1"),
        Bad("refund order -1", "ops", "POST", "/v1/orders/-1/refund", body={"reason": "x"}),
        Bad("withdrawal -5", "creator", "GET", "/v1/withdrawals/-5"),
        Bad("reverse journal entry -1", "ops", "POST", "/v1/journal-entries/-1/reverse",
            body={"reason": "x"}),
        Bad("webhook endpoint -1", "brand", "GET", "/v1/webhook-endpoints/-1"),
        Bad("revoke key -1", "ops", "POST", "/v1/api-keys/-1/revoke"),
        Bad("brand -1", "ops", "GET", "/v1/brands/-1"),
        Bad("a ledger cursor of -1", "brand", "GET", "/v1/ledger",
            params={"starting_after": "-1"}),
        Bad("events after -1", "brand", "GET", "/v1/events", params={"after": "-1"}),
        Bad("a limit of -1", "brand", "GET", "/v1/orders", params={"limit": "-1"}),
    ],
    "review, cancellation and disputes": [
        Bad("a script at the wrong stage", "creator", "POST", "/v1/orders/{order}/submit_script",
            body={"content": "a script"}, statuses=frozenset({409})),
        Bad("a script over 20,000 characters", "creator", "POST",
            "/v1/orders/{order}/submit_script", body={"content": "x" * 20_001}),
        Bad("a draft URL that is not a URL", "creator", "POST", "/v1/orders/{order}/submit_video",
            body={"draft_url": "see my drafts folder"}, statuses=frozenset({422})),
        Bad("a javascript: draft URL", "creator", "POST", "/v1/orders/{order}/submit_video",
            body={"draft_url": "javascript:alert(1)"}, statuses=frozenset({422})),
        Bad("feedback over 5,000 characters", "brand", "POST",
            "/v1/orders/{order}/request_video_changes", body={"feedback": "x" * 5_001}),
        Bad("refund_bps over 10,000", "ops", "POST", "/v1/orders/{order}/resolve_dispute",
            body={"reason": "x", "refund_bps": 10_001}, statuses=frozenset({422})),
        Bad("refund_bps below 0", "ops", "POST", "/v1/orders/{order}/resolve_dispute",
            body={"reason": "x", "refund_bps": -1}, statuses=frozenset({422})),
        Bad("refund_bps as a string", "ops", "POST", "/v1/orders/{order}/resolve_dispute",
            body={"reason": "x", "refund_bps": "5000"}, statuses=frozenset({422})),
        Bad("a dispute before publication", "brand", "POST", "/v1/orders/{order}/open_dispute",
            body={"reason": "x", "evidence": "y"}, statuses=frozenset({409})),
        Bad("a compensation over the price", "brand", "POST",
            "/v1/orders/{order}/cancellation-proposals",
            body={"reason": "x", "compensation_fen": 100_001}, statuses=frozenset({422})),
        Bad("a negative compensation", "brand", "POST",
            "/v1/orders/{order}/cancellation-proposals",
            body={"reason": "x", "compensation_fen": -1}, statuses=frozenset({422})),
        Bad("accepting a proposal that is not there", "brand", "POST",
            "/v1/orders/{order}/accept_cancellation", body={"proposal_id": "ccp_0000"},
            statuses=frozenset({409})),
        Bad("accepting a proposal without naming it", "brand", "POST",
            "/v1/orders/{order}/accept_cancellation", statuses=frozenset({422})),
        Bad("a NUL in a draft URL", "creator", "POST", "/v1/orders/{order}/submit_video",
            body={"draft_url": "https://drafts.example.com/v/\u0000abc"},
            statuses=frozenset({422})),
        Bad("a bidi override in a draft URL", "creator", "POST",
            "/v1/orders/{order}/submit_video",
            body={"draft_url": "https://drafts.example.com/v/\u202eabc"},
            statuses=frozenset({422})),
    ],
    "ops review": [
        Bad("a held-message status that does not exist", "ops", "GET", "/v1/ops/held-messages",
            params={"status": "lost"}),
        Bad("a held-message list limit of 0", "ops", "GET", "/v1/ops/held-messages",
            params={"limit": "0"}),
        Bad("release a message that does not exist", "ops", "POST",
            "/v1/ops/held-messages/msg_nope/release", body={}),
        Bad("confirm with a reason over 2,000 characters", "ops", "POST",
            "/v1/ops/held-messages/msg_nope/confirm", body={"reason": "x" * 2_001}),
        Bad("release with an unknown field", "ops", "POST",
            "/v1/ops/held-messages/msg_nope/release", body={"verdict": "ok"}),
        Bad("a brand releases a message", "brand", "POST",
            "/v1/ops/held-messages/msg_nope/release", body={}),
        Bad("a case status that does not exist", "ops", "GET", "/v1/ops/private-deal-cases",
            params={"status": "closed"}),
        Bad("dismiss a case that does not exist", "ops", "POST",
            "/v1/ops/private-deal-cases/pdc_nope/dismiss", body={}),
        Bad("confirm a case with a list as a reason", "ops", "POST",
            "/v1/ops/private-deal-cases/pdc_nope/confirm", body={"reason": ["x"]}),
        Bad("SQL as a case id", "ops", "POST",
            "/v1/ops/private-deal-cases/pdc_' OR '1'='1/confirm", body={}),
        Bad("a creator confirms a case", "creator", "POST",
            "/v1/ops/private-deal-cases/pdc_nope/confirm", body={}),
        Bad("commercial as a string", "ops", "PUT", "/v1/simulator/videos",
            body={"video_url": "https://www.douyin.com/@{handle}/video/5", "commercial": "yes"}),
    ],
    "headers": [
        Bad("Basic instead of Bearer", "nobody", "GET", "/v1/balance",
            headers={"authorization": "Basic dXNlcjpwYXNz"}),
        Bad("a Bearer with no key", "nobody", "GET", "/v1/balance",
            headers={"authorization": "Bearer "}),
        Bad("a stale If-Match", "creator", "POST", "/v1/orders/{order}/publish",
            body={"video_url": "https://www.douyin.com/@{handle}/video/1"},
            headers={"if-match": '"v1"'}, statuses=frozenset({412})),
        Bad("an Idempotency-Key with a space", *TOP_UP, body={"amount_fen": 1000},
            headers={"idempotency-key": "a b"}),
        Bad("an Idempotency-Key of 300 characters", *TOP_UP, body={"amount_fen": 1000},
            headers={"idempotency-key": "k" * 300}),
    ],
}  # fmt: skip
