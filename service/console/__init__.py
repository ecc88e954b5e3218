"""The console: web pages for people (ops, brands, creators, MCNs), served under /console.

Pages act through the REST API itself, called in process with the signed-in party's key, so
a page can do exactly what that key can do through the API, no more (product.md §12)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.console import (  # noqa: F401  (their routes)
    decisions,
    earnings_pages,
    order_pages,
    party_pages,
    project_pages,
    queues,
)
from service.console.pages import router

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    app.mount("/console/static", StaticFiles(directory=str(STATIC)), name="console-static")
    app.include_router(router)
