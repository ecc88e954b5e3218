"""The committed OpenAPI schema is the app's schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

from service.app import create_app
from service.config import Settings
from statemachine import ORDER_MACHINE
from tests.factories import Api

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"


def test_committed_schema_matches_the_app() -> None:
    schema = create_app(Settings()).openapi()
    committed = json.loads(COMMITTED.read_text())
    assert schema == committed, "the API changed: run `python -m service openapi > openapi.json`"


def test_every_operation_declares_its_problems() -> None:
    schema = create_app(Settings()).openapi()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert "503" in declared, (method, path)
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], (path, status)


SCHEMA = create_app(Settings()).openapi()
OPERATIONS = [
    (method, path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]


def _nulls(node: object) -> int:
    if isinstance(node, dict):
        here = 1 if {"type": "null"} in node.get("anyOf", []) else 0
        return here + sum(_nulls(value) for value in node.values())
    if isinstance(node, list):
        return sum(_nulls(value) for value in node)
    return 0


def test_operation_ids_are_readable_and_unique() -> None:
    ids = [operation["operationId"] for _, _, operation in OPERATIONS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", i) for i in ids), ids
    for trigger in ORDER_MACHINE.triggers:  # (`create` is POST /v1/orders)
        operation = SCHEMA["paths"][f"/v1/orders/{{order_id}}/{trigger}"]["post"]
        assert operation["operationId"] == f"{trigger}_order"


def test_every_authenticated_post_takes_an_idempotency_key_and_public_ones_no_key() -> None:
    key = {"$ref": "#/components/parameters/Idempotency-Key"}
    for method, path, operation in OPERATIONS:
        public = operation["security"] == []
        takes_key = key in operation.get("parameters", [])
        assert takes_key == (method == "post" and not public), (method, path)
        signed = path == "/v1/integrations/video-platform/callback"  # 401 bad_signature
        assert ("401" in operation["responses"]) == (not public or signed), (method, path)
    publics = {path for _, path, operation in OPERATIONS if operation["security"] == []}
    assert publics == {"/health", "/v1/order-machine", "/v1/integrations/video-platform/callback"}


def test_optional_bodies_and_parameters_are_never_null() -> None:
    for method, path, operation in OPERATIONS:
        assert _nulls(operation.get("requestBody")) == 0, (method, path)
        assert _nulls(operation.get("parameters")) == 0, (method, path)
    fire = SCHEMA["paths"]["/v1/orders/{order_id}/accept"]["post"]["requestBody"]
    assert fire == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TriggerBody"}}},
        "required": False,
    }


def test_every_response_says_which_headers_it_sends() -> None:
    for method, path, operation in OPERATIONS:
        for status, response in operation["responses"].items():
            headers = set(response["headers"])
            assert "X-Request-Id" in headers, (method, path, status)
            assert ("WWW-Authenticate" in headers) == (status == "401"), (method, path, status)
            if status == "503":
                assert "Retry-After" in headers
    accept = SCHEMA["paths"]["/v1/orders/{order_id}/accept"]["post"]["responses"]
    assert {"ETag", "X-Dry-Run", "Idempotent-Replayed"} <= set(accept["200"]["headers"])
    poll = SCHEMA["paths"]["/v1/orders/{order_id}"]["get"]["responses"]
    assert "ETag" in poll["304"]["headers"] and "Preference-Applied" in poll["200"]["headers"]


def test_problem_fields_are_typed_and_its_code_enumerated() -> None:
    schemas = SCHEMA["components"]["schemas"]
    problem = schemas["Problem"]["properties"]
    assert problem["code"] == {"$ref": "#/components/schemas/ProblemCode"}
    assert problem["allowed_triggers"]["items"] == {"type": "string"}  # contracts' too
    assert problem["current_version"]["type"] == "integer"
    assert problem["reasons"]["items"] == {"$ref": "#/components/schemas/ProblemReason"}
    assert problem["errors"]["items"] == {"$ref": "#/components/schemas/ProblemFieldError"}
    history = schemas["HistoryEntry"]["properties"]
    assert history["trigger"] == {"$ref": "#/components/schemas/Trigger"}
    assert history["actor_kind"] == {"$ref": "#/components/schemas/Actor"}
    assert schemas["EventPublic"]["properties"]["type"]["anyOf"] == [
        {"$ref": "#/components/schemas/EventType"},
        {"type": "string"},  # open: a feed must not stall on a type a newer service added
    ]
    assert "change_retention" in schemas["Trigger"]["enum"]
    assert "order.change_retention" in schemas["EventType"]["enum"]


def test_every_tag_is_described_and_the_schema_names_its_server() -> None:
    described = {tag["name"] for tag in SCHEMA["tags"] if tag.get("description")}
    used = {tag for _, _, operation in OPERATIONS for tag in operation["tags"]}
    assert used <= described
    assert SCHEMA["servers"][0]["url"].startswith("http")


async def test_the_docs_load_nothing_from_the_internet(api: Api) -> None:
    for page in ("/docs", "/redoc"):
        html = (await api.client.get(page)).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(
            r"(?:url|openapi_url)\s*[:=]\s*'([^']+)'", html
        )
        assert sources, page
        assert all(source.startswith("/") for source in sources), (page, sources)
        for source in sources:
            fetched = await api.client.get(source)
            assert fetched.status_code == 200 and fetched.content, (page, source)
    assert "fonts.googleapis" not in (await api.client.get("/redoc")).text
