"""The OpenAPI schema as integrators and their code generators read it.

FastAPI writes the schema from the routes; the modules here complete it by rule: the
problem codes each operation answers (`problems`), the headers sent and taken
(`headers`), shapes generators handle well (`shapes`). Operation ids are route names
(`accept_order`), stable across FastAPI versions.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from service.errors import catalogue
from service.openapi import headers, problems, shapes
from service.openapi.operations import operations

SERVERS = [{"url": "http://127.0.0.1:8000", "description": "`make run` on this machine"}]
TAGS = [
    {"name": "orders", "description": "Orders and their transitions: one operation per trigger."},
    {"name": "machine", "description": "The order machine, as data and as a diagram."},
    {"name": "money", "description": "Top-ups, balances, the ledger, withdrawals."},
    {"name": "parties", "description": "Brands, creators, MCNs and their API keys."},
    {"name": "channels", "description": "A creator's platform accounts."},
    {"name": "admission", "description": "Whether a creator may take orders on a channel."},
    {"name": "credit", "description": "The creators' 12-point credit score and violations."},
    {"name": "mcn", "description": "Contracts between MCN agencies and creators."},
    {
        "name": "messages",
        "description": "An order's messages, screened for off-platform deals; ops review the "
        "messages the screen held.",
    },
    {
        "name": "private deals",
        "description": "Suspected private deals: a commercial video with no order behind it; "
        "ops dismiss or confirm each case.",
    },
    {"name": "projects", "description": "A brand's projects, grouping its orders."},
    {
        "name": "data",
        "description": "Video metrics with ER, CPM and CPE, project summaries, earnings, "
        "rosters, CSV exports and charts.",
    },
    {"name": "events", "description": "The change feed, in commit order."},
    {"name": "webhooks", "description": "Endpoints that receive events, signed."},
    {"name": "video platform", "description": "Callbacks of the platforms the videos live on."},
    {"name": "dev", "description": "Only with `XT_DEV_MODE`: the test clock."},
    {"name": "health", "description": "Liveness."},
]
SECURITY = {"apiKey": {"type": "http", "scheme": "bearer", "description": "an API key"}}


def build(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        servers=SERVERS,
        tags=TAGS,
    )
    components = schema.setdefault("components", {})
    components["securitySchemes"] = SECURITY
    listed = list(operations(schema, app))
    for operation in listed:
        operation.spec["security"] = [{"apiKey": []}] if operation.authenticated else []
    machine = app.state.machine
    problems.apply(listed, components, catalogue(machine))
    headers.apply(listed, components)
    shapes.apply(listed, components, machine)
    return schema


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if not app.openapi_schema:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
