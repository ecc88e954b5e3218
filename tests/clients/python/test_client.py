"""The official Python client against a served app, on SQLite and on PostgreSQL: the
README's walkthrough through the client alone, a webhook received and verified, and a
top-up whose answer the network lost landing exactly once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from xingtu_client import FileCheckpoint, WebhookVerificationError, Xingtu, errors, verify_webhook
from xingtu_client_core.api.events import list_events
from xingtu_client_core.api.money import create_top_up, get_balance, list_ledger_lines
from xingtu_client_core.api.orders import (
    accept_order,
    approve_video_order,
    complete_retention_order,
    create_order,
    get_order_history,
    get_order_transitions,
    publish_order,
    refund_order,
    submit_video_order,
)
from xingtu_client_core.api.parties import (
    add_channel,
    create_brand,
    create_creator,
    issue_brand_key,
    issue_creator_key,
)
from xingtu_client_core.api.webhooks import create_webhook_endpoint
from xingtu_client_core.models import (
    ChannelCreate,
    EndpointCreate,
    EntryKind,
    EventType,
    OrderCreate,
    PartyCreate,
    Platform,
    Review,
    Stage,
    State,
    TopUpCreate,
    Trigger,
    TriggerBody,
)

from service.db import Database
from tests.clients.python.served import CuttingProxy, served, webhook_receiver
from tests.factories import OPS_KEY


@pytest.fixture
def api_url(database: Database, tmp_path: Path) -> Iterator[str]:
    with served(database.url, tmp_path) as url:
        yield url


def _brand_and_creator(ops: Xingtu, url: str) -> tuple[Xingtu, Xingtu, str, str]:
    """Ops create a brand and a creator with a Douyin channel, each with an API key."""
    brand = ops.call(create_brand.sync_detailed, body=PartyCreate(name="Acme Tea"))
    brand_key = ops.call(issue_brand_key.sync_detailed, brand.id).key
    creator = ops.call(create_creator.sync_detailed, body=PartyCreate(name="Lily"))
    creator_key = ops.call(issue_creator_key.sync_detailed, creator.id).key
    channel = ops.call(
        add_channel.sync_detailed,
        creator.id,
        body=ChannelCreate(platform=Platform.DOUYIN, handle="lily", followers=180_000),
    )
    return Xingtu(url, brand_key), Xingtu(url, creator_key), creator.id, channel.id


def test_the_walkthrough_through_the_client(api_url: str, tmp_path: Path) -> None:
    ops = Xingtu(api_url, OPS_KEY)
    brand, creator, creator_id, channel_id = _brand_and_creator(ops, api_url)
    with webhook_receiver() as (hook_url, received), brand, creator, ops:
        endpoint = brand.call(
            create_webhook_endpoint.sync_detailed, body=EndpointCreate(url=hook_url)
        )
        assert endpoint.secret and endpoint.secret.startswith("whsec_")

        top_up = brand.call(create_top_up.sync_detailed, body=TopUpCreate(amount_fen=500_000))
        assert top_up.available_fen == 500_000
        order = brand.call(
            create_order.sync_detailed,
            body=OrderCreate(
                creator_id=creator_id, channel_id=channel_id, price_fen=100_000,
                retention_days=15, brief="30-second unboxing of our spring tea",
                review=Review.VIDEO,
            ),
        )  # fmt: skip
        assert order.state is State.REQUESTED
        assert order.line_items.brand_total_fen == 105_000

        seen: list[State] = []
        versions: list[int] = []
        watched = threading.Event()

        def watch() -> None:  # as a creator app does, in the background
            for version in creator.watch_order(order.id):
                seen.append(version.state)
                versions.append(version.version)
                watched.set()

        watching = threading.Thread(target=watch)
        watching.start()
        assert watched.wait(10), "watch_order gave nothing"

        open_now = creator.call(get_order_transitions.sync_detailed, order.id)
        assert [t.trigger for t in open_now.transitions if t.allowed] == [
            Trigger.ACCEPT, Trigger.DECLINE,
        ]  # fmt: skip
        accepted = creator.call(accept_order.sync_detailed, order.id)  # no body at all
        assert accepted.state is State.ACCEPTED
        with pytest.raises(errors.InvalidTransition) as again:
            creator.call(accept_order.sync_detailed, order.id)
        assert again.value.state == "accepted" and "submit_video" in again.value.allowed_triggers
        draft = TriggerBody(draft_url="https://drafts.example.com/v/7301")
        sent = creator.call(submit_video_order.sync_detailed, order.id, body=draft)
        assert sent.stage is Stage.VIDEO_IN_REVIEW
        approved = brand.call(approve_video_order.sync_detailed, order.id)  # no body at all
        assert approved.stage is Stage.READY_TO_PUBLISH

        published = creator.call(
            publish_order.sync_detailed, order.id,
            body=TriggerBody(video_url="https://www.douyin.com/@lily/video/7301"),
        )  # fmt: skip
        assert published.state is State.PUBLISHED
        with pytest.raises(errors.TransitionRefused) as early:
            ops.call(
                complete_retention_order.sync_detailed, order.id,
                body=TriggerBody(reason="trying early"),
            )  # fmt: skip
        assert early.value.code == "retention_not_ended"
        assert [r.code for r in early.value.reasons] == ["retention_not_ended"]
        with pytest.raises(errors.VersionConflict) as stale:
            ops.call(
                refund_order.sync_detailed, order.id, if_match='"v1"',
                body=TriggerBody(reason="brand complaint #1234"),
            )  # fmt: skip
        assert stale.value.status == 412 and stale.value.current_version == published.version

        refunded = ops.call(
            refund_order.sync_detailed, order.id, body=TriggerBody(reason="brand complaint #1234")
        )
        assert refunded.state is State.REFUNDED
        assert brand.call(get_balance.sync_detailed).available_fen == 500_000
        history = brand.call(get_order_history.sync_detailed, order.id)
        assert [h.trigger for h in history] == [
            "create", "accept", "submit_video", "approve_video", "publish", "refund",
        ]  # fmt: skip

        watching.join(timeout=30)
        assert not watching.is_alive(), "watch_order did not end at the final state"
        path = [State.REQUESTED, State.ACCEPTED, State.PUBLISHED, State.REFUNDED]
        assert seen[0] is State.REQUESTED and seen[-1] is State.REFUNDED
        assert versions == sorted(set(versions))  # each version once, in order
        assert seen == sorted(seen, key=path.index)  # (the review's versions are all accepted)

        # The worker numbers events after commit, then sends them.
        headers, body = received.wait_for(lambda d: json.loads(d[1])["type"] == "order.refund")
        event = verify_webhook(endpoint.secret, headers, body)
        assert event["object_id"] == order.id and event["data"]["state"] == "refunded"
        with pytest.raises(WebhookVerificationError):
            verify_webhook(endpoint.secret, headers, body.replace(b"refunded", b"closed"))

        # The feed, in sequence order, from a checkpoint: a second pass sees only what is new.
        checkpoint = FileCheckpoint(str(tmp_path / "events.checkpoint"))
        types = [event.type_ for event in brand.events(checkpoint=checkpoint)]
        assert types.count(EventType.ORDER_REFUND) == 1
        assert types.index(EventType.ORDER_CREATE) < types.index(EventType.ORDER_REFUND)
        assert checkpoint.load() == brand.call(list_events.sync_detailed).last_sequence
        assert list(brand.events(checkpoint=checkpoint)) == []


def test_a_top_up_whose_answer_was_lost_lands_once(api_url: str) -> None:
    ops = Xingtu(api_url, OPS_KEY)
    brand_direct, _, _, _ = _brand_and_creator(ops, api_url)
    proxy = CuttingProxy(api_url)
    brand_key = brand_direct.core.token
    with Xingtu(proxy.url, brand_key) as brand, brand_direct, ops:
        proxy.cut_after_answer(b"POST /v1/top-ups")
        first = brand.call(create_top_up.sync_detailed, body=TopUpCreate(amount_fen=300_000))
        assert proxy.cuts == 1  # the server committed and answered; the client never heard
        assert first.available_fen == 300_000  # the retry got the stored answer
        assert brand.call(get_balance.sync_detailed).available_fen == 300_000

        second = brand.call(create_top_up.sync_detailed, body=TopUpCreate(amount_fen=300_000))
        third = brand.call(create_top_up.sync_detailed, body=TopUpCreate(amount_fen=300_000))
        assert len({first.id, second.id, third.id}) == 3
        assert third.available_fen == 900_000
        lines = brand.call(list_ledger_lines.sync_detailed).data
        assert [line.entry_kind for line in lines].count(EntryKind.TOP_UP) == 3
    proxy.close()


def test_the_readme_walkthrough_runs_as_written(
    api_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (Path(__file__).resolve().parents[3] / "clients/python/README.md").read_text()
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    code = code.replace('"http://127.0.0.1:8000"', repr(api_url))
    exec(compile(code.replace('"ops-secret-change-me"', repr(OPS_KEY)), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("published [")
    assert printed[1:] == [
        "500000", "['create', 'accept', 'submit_video', 'approve_video', 'publish', 'refund']",
    ]  # fmt: skip
