"""Schemathesis over the whole OpenAPI schema: no 5xx, every response as the schema says.

The app runs on its own SQLite file with connections that never outlive a call (NullPool),
since schemathesis drives the ASGI app from event loops of its own.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy.pool import NullPool

from service.app import bootstrap, create_app
from service.config import Settings
from service.db import Database
from service.parties import service as parties
from service.parties.models import PartyKind
from tests.databases import migrate

OPS_KEY = "ops-key-for-schemathesis-000001"
_folder = Path(tempfile.mkdtemp(prefix="xt-schemathesis-"))
_url = f"sqlite+aiosqlite:///{_folder / 'api.db'}"
migrate(_url)
_settings = Settings(database_url=_url, bootstrap_ops_key=OPS_KEY, dev_mode=False)
app = create_app(_settings, database=Database(_url, poolclass=NullPool))


async def _brand_key() -> str:
    await bootstrap(app)
    async with app.state.db.session() as session:
        brand = await parties.create_party(session, PartyKind.BRAND, "Fuzz brand", _clock_now())
        _, key = await parties.issue_key(session, brand, _clock_now())
    return key


def _clock_now():  # type: ignore[no-untyped-def]
    return app.state.clock.now()


BRAND_KEY = asyncio.run(_brand_key())
# Our input rules are stricter than JSON Schema says (trimmed text, no control characters,
# admission and other business rules), so a schema-valid body may rightly get a 4xx.
STRICTER = [positive_data_acceptance]


def _auth(case: schemathesis.Case, key: str) -> dict[str, str]:
    """A valid key, unless the case is about a broken or missing Authorization header (its
    headers generated as invalid: adding the key would make the case valid, and its
    acceptance a false finding)."""
    if case.headers and "Authorization" in case.headers:
        return {}
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
        return {}
    return {"Authorization": f"Bearer {key}"}


schema = schemathesis.openapi.from_asgi("/openapi.json", app)


def _call_and_validate(case: schemathesis.Case, key: str) -> None:
    response = case.call(headers=_auth(case, key))
    if response.status_code == 413:  # the body limit refused it before the schema was read
        assert response.json()["code"] == "payload_too_large"
        return
    case.validate_response(response, excluded_checks=STRICTER)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_as_ops(case: schemathesis.Case) -> None:
    _call_and_validate(case, OPS_KEY)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_as_a_brand(case: schemathesis.Case) -> None:
    _call_and_validate(case, BRAND_KEY)
