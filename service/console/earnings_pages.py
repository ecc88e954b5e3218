"""What parties earn, as the API reports it: a creator's earnings by month (the creator,
its MCN, ops), an MCN's roster with the share earned per creator (the MCN, ops), and the
caller's own statement of ledger lines (brands, creators, MCNs)."""

from __future__ import annotations

from fastapi import Request, Response

from service.console.calls import call
from service.console.pages import read, router
from service.console.render import page, problem_page


@router.get("/creators/{creator_id}/earnings")
async def earnings(request: Request, creator_id: str) -> Response:
    found = await read(request, f"/v1/creators/{creator_id}/earnings")
    if isinstance(found, Response):
        return found
    who, answer = found
    return page(request, "earnings.html", who, earnings=answer.body)


@router.get("/mcns/{mcn_id}/roster")
async def roster(request: Request, mcn_id: str) -> Response:
    found = await read(request, f"/v1/mcns/{mcn_id}/roster")
    if isinstance(found, Response):
        return found
    who, answer = found
    creators = answer.body["creators"]
    totals = {name: sum(c[name] for c in creators)
              for name in ("share_earned_fen", "share_pending_fen")}  # fmt: skip
    return page(request, "roster.html", who, roster=answer.body, totals=totals)


@router.get("/statement")
async def statement(request: Request, after: str = "") -> Response:
    """The caller's ledger lines, newest first, a page at a time, with its balances."""
    query = {"limit": "50"} | (
        {"starting_after": after} if after.isascii() and after.isdigit() else {}
    )
    found = await read(request, "/v1/ledger", query)
    if isinstance(found, Response):
        return found
    who, lines = found
    balance = await call(request.app, "GET", "/v1/balance", who.key)
    if not balance.ok:
        return problem_page(request, who, balance.status, balance.problem)
    return page(request, "statement.html", who, lines=lines.body["data"],
                balance=balance.body, next_cursor=lines.body.get("next_cursor"))  # fmt: skip
