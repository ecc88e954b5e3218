"""Benchmark 5, whole order lives over HTTP on PostgreSQL: `.venv/bin/python -m bench.lives`.

One uvicorn process of ours, driven by `--clients` concurrent clients (httpx, in this
process), each living orders one after the other, every request with an Idempotency-Key of
its own:

- a life with review (product.md §9): create (`review: script_and_video`) → accept →
  submit_script → approve_script → submit_video → approve_video → publish: 7 requests;
- the baseline, a life without review: create (`review: none`) → accept → publish: 3
  requests, the same server, the same clients.

The two take turns (`--rounds`) so that the load of the machine at one moment favours
neither. Reported: lives per second of each, and requests per second; the target is the
review's requests running at least 0.8x the rate of the baseline's (the drafts' triggers,
their history, events and drafts rows cost about what the other transitions cost). The
ledger must check clean afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

from bench.report import Row, log, table, timed, verdict
from bench.seeding import Slot, database, ledger_clean, seed, workspace
from bench.servers import our_server
from service.ids import new_id
from tests.service.timers.bulk import psycopg_url

TARGET = 0.8  # requests/s of lives with review / of lives without
SCRIPT = {"content": "开箱：先拍茶罐特写，再冲泡，最后口播品牌名。"}
LIFE_FUNDS_FEN = 1_000_000_000  # each seeded brand's spare money: ¥10 million


@dataclass
class Lives:
    """Order lives of one kind, measured in turns."""

    name: str
    review: str
    lives: int = 0
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def lives_per_second(self) -> float:
        return self.lives / self.seconds

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds


@dataclass(frozen=True)
class Creator:
    slot: Slot
    handle: str


def _creators(url: str, slots: list[Slot]) -> list[Creator]:
    """The seeded creators with their channels' handles (for the videos they publish)."""
    with psycopg.connect(psycopg_url(url)) as conn:
        rows = conn.execute("SELECT id, handle FROM channels").fetchall()
        handles: dict[str, str] = {str(row[0]): str(row[1]) for row in rows}
    unique = {slot.creator_id: slot for slot in slots}
    return [Creator(slot, handles[slot.channel_id]) for slot in unique.values()]


async def _live(
    client: httpx.AsyncClient, creator: Creator, review: str, video: int, kind: Lives
) -> None:
    """One order from creation to publication; every answer must be a success."""
    slot = creator.slot

    async def post(path: str, key: str, body: Mapping[str, object] | None = None) -> str:
        started = time.perf_counter()
        headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": new_id("idk")}
        response = await client.post(path, json=body or {}, headers=headers)
        kind.latencies.append(time.perf_counter() - started)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
        kind.requests += 1
        return str(response.json()["id"])

    terms = {
        "creator_id": slot.creator_id, "channel_id": slot.channel_id, "price_fen": 100_000,
        "brief": "30-second unboxing of our spring tea", "review": review,
    }  # fmt: skip
    order = await post("/v1/orders", slot.brand_key, terms)
    base = f"/v1/orders/{order}"
    await post(f"{base}/accept", slot.creator_key)
    if review == "script_and_video":
        await post(f"{base}/submit_script", slot.creator_key, SCRIPT)
        await post(f"{base}/approve_script", slot.brand_key)
        draft = {"draft_url": f"https://drafts.example.com/v/{video}"}
        await post(f"{base}/submit_video", slot.creator_key, draft)
        await post(f"{base}/approve_video", slot.brand_key)
    url = f"https://www.douyin.com/@{creator.handle}/video/{video}"
    await post(f"{base}/publish", slot.creator_key, {"video_url": url})
    kind.lives += 1


async def _run(
    base: str, creators: list[Creator], kind: Lives, clients: int, seconds: float,
    videos: Iterator[int],
) -> None:  # fmt: skip
    """`clients` clients living orders for `seconds`; each client its own creators, so
    that lives in flight together never share a brand's account."""
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()

    async def client_loop(n: int, client: httpx.AsyncClient) -> None:
        own = itertools.cycle(creators[n::clients])
        while time.perf_counter() < deadline:
            await _live(client, next(own), kind.review, next(videos), kind)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await asyncio.gather(*(client_loop(n, client) for n in range(clients)))
    kind.seconds += time.perf_counter() - started


def measure(url: str, folder: Path, args: argparse.Namespace) -> list[Row]:
    creators = _creators(url, seed(url, 64, spare_fen=LIFE_FUNDS_FEN))
    assert len(creators) >= args.clients, "fewer seeded creators than clients"
    with_review = Lives("with review (7 requests)", "script_and_video")
    without = Lives("without review (3 requests)", "none")
    videos = itertools.count(10_000)
    with our_server(url, folder) as ours:
        for kind in (with_review, without):  # warm-up, not counted
            asyncio.run(_run(ours.base, creators, Lives("warm-up", kind.review), args.clients,
                             args.warm_up, videos))  # fmt: skip
        for _ in range(args.rounds):
            for kind in (with_review, without):
                asyncio.run(_run(ours.base, creators, kind, args.clients, args.seconds, videos))
                log(f"{kind.name}: {kind.lives:,} lives so far")
    assert ledger_clean(url), "the ledger does not check clean after the runs"

    ratio = with_review.requests_per_second / without.requests_per_second
    rows = [
        Row(
            "order lives with review (lives/s)",
            f"{with_review.lives_per_second:,.1f}",
            f"{without.lives_per_second:,.1f} without review",
            f"{with_review.lives_per_second / without.lives_per_second:.2f}",
        ),
        Row(
            "  their requests (requests/s)",
            f"{with_review.requests_per_second:,.0f}",
            f"{without.requests_per_second:,.0f} without review",
            f"{ratio:.2f}",
            f">= {TARGET:.1f}x without review",
            verdict(ratio >= TARGET),
        ),
        Row(
            "  p50 / p99 latency of a request (ms)",
            _percentiles(with_review.latencies),
            _percentiles(without.latencies),
        ),
    ]
    print(
        f"\nOrder lives: 1 uvicorn process, {args.clients} clients, {args.rounds} rounds of "
        f"{args.seconds:.0f} s in turns after {args.warm_up:.0f} s of warm-up each"
    )
    print(table(rows))
    return rows


def _percentiles(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p50, p99 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)]
    return f"{p50 * 1000:,.0f} / {p99 * 1000:,.0f}"


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(prog="python -m bench.lives", description=__doc__)
    options.add_argument("--seconds", type=float, default=15.0, help="per run (per round)")
    options.add_argument("--rounds", type=int, default=2, help="turns of the two kinds")
    options.add_argument("--clients", type=int, default=16, help="concurrent clients")
    options.add_argument("--warm-up", type=float, default=3.0, help="seconds of each, untimed")
    return options


def main(argv: list[str] | None = None) -> list[Row]:
    args = parser().parse_args(argv)

    def run() -> list[Row]:
        with database("lives") as url, workspace() as folder:
            return measure(url, folder, args)

    return timed("lives", run)


if __name__ == "__main__":
    main()
