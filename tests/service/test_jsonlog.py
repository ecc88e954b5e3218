"""JSON log lines, and the access line's direct way to the service's own handler."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from service.jsonlog import (
    JsonFormatter,
    JsonLines,
    access_line,
    access_log,
    configure_logging,
    request_id_var,
)


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("service.orders", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def test_the_json_formatter_inside_a_request() -> None:
    token = request_id_var.set("req_inside")
    try:
        line = JsonFormatter().format(record("order %s refused", "ord_1", order_id="ord_1"))
    finally:
        request_id_var.reset(token)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "req_inside"
    assert entry["message"] == "order ord_1 refused"
    assert entry["level"] == "WARNING" and entry["logger"] == "service.orders"
    assert entry["order_id"] == "ord_1"  # extra= fields come along
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["ts"])
    assert "exc_info" not in entry


def test_the_json_formatter_outside_a_request_and_with_an_exception() -> None:
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        failed = record("it failed")
        failed.exc_info = sys.exc_info()
    line = JsonFormatter().format(failed)
    assert "\n" not in line
    entry = json.loads(line)
    assert "request_id" not in entry
    assert "ValueError: bad" in entry["exc_info"]
    assert "Traceback" in entry["exc_info"]


def test_configure_logging_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    # An app started earlier in this process may have installed ours already: start clean.
    root.handlers[:] = [h for h in before if not isinstance(h.formatter, JsonFormatter)]
    handlers = list(root.handlers)
    try:
        configure_logging()
        configure_logging("warning")
        ours = [h for h in root.handlers if h not in handlers]
        assert len(ours) == 1
        assert root.level == logging.WARNING
        token = request_id_var.set("req_logged")
        try:
            logging.getLogger("service.test").warning("hello %s", "world", extra={"n": 1})
            logging.getLogger("service.test").info("below the level")
        finally:
            request_id_var.reset(token)
        lines = [json.loads(x) for x in capsys.readouterr().err.splitlines() if x.startswith("{")]
        assert [(x["message"], x["request_id"], x["n"]) for x in lines] == [
            ("hello world", "req_logged", 1)
        ]
    finally:
        root.handlers[:] = before
        root.setLevel(level)


@contextmanager
def only_ours() -> Iterator[io.StringIO]:
    """The service's handler, on a buffer, as the only handler (the test runner's capture
    set aside), as `configure_logging` leaves a served process."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    stream = io.StringIO()
    root.handlers[:] = [JsonLines(stream)]
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.handlers[:] = before
        root.setLevel(level)


def _ordinary_line(*fields: object) -> str:
    """The access line as `logging` would make it: a record through JsonFormatter."""
    method, path, status, duration_ms, request_id = fields
    made = access_log.makeRecord(
        access_log.name, logging.INFO, "", 0, "%s %s %s %.1fms", fields[:4], None,
        extra={
            "method": method, "path": path, "status": status, "duration_ms": duration_ms,
            "request_id": request_id,
        },
    )  # fmt: skip
    return JsonFormatter().format(made)


def test_the_direct_access_line_is_the_line_logging_would_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fields = ("GET", '/v1/orders/ord_1 \u00e9"', 304, 0.125, "req_x")
    made: list[object] = []
    monkeypatch.setattr(access_log, "makeRecord", lambda *args, **_: made.append(args))
    with only_ours() as written_to:
        access_line(*fields)
    monkeypatch.undo()
    assert made == [], "no record was made: the line went the direct way"
    (written,) = written_to.getvalue().splitlines()
    direct, ordinary = json.loads(written), json.loads(_ordinary_line(*fields))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", direct.pop("ts"))
    ordinary.pop("ts")
    assert list(direct.items()) == list(ordinary.items()), "same fields, same order"
    assert direct["message"] == 'GET /v1/orders/ord_1 \u00e9" 304 0.1ms'


def test_another_listener_gets_the_access_line_as_a_record() -> None:
    got: list[logging.LogRecord] = []
    listener = logging.Handler()
    listener.emit = got.append  # type: ignore[method-assign]
    with only_ours() as written_to:
        access_log.addHandler(listener)
        try:
            access_line("POST", "/v1/orders", 201, 3.5, "req_y")
        finally:
            access_log.removeHandler(listener)
    assert [(r.getMessage(), r.request_id) for r in got] == [("POST /v1/orders 201 3.5ms", "req_y")]
    assert json.loads(written_to.getvalue())["request_id"] == "req_y", "ours has it too"


def test_a_raised_level_or_a_filter_is_obeyed() -> None:
    with only_ours() as written_to:
        access_log.setLevel(logging.WARNING)
        try:
            access_line("GET", "/health", 200, 0.1, "req_quiet")
        finally:
            access_log.setLevel(logging.NOTSET)
        (handler,) = logging.getLogger().handlers
        handler.addFilter(logging.Filter("nothing.matches"))  # (a logger's would not apply)
        try:
            access_line("GET", "/health", 200, 0.1, "req_filtered")
        finally:
            handler.filters.clear()
        access_line("GET", "/health", 200, 0.1, "req_written")
    lines = written_to.getvalue().splitlines()
    assert [json.loads(x)["request_id"] for x in lines] == ["req_written"]


@pytest.mark.parametrize(
    "created",
    [0.0, 1.9999999, 1764300000.0004999, 1764300000.9995, 1764300000.9999996, 861942567.2329994],
)
def test_times_are_written_as_datetime_writes_them(created: float) -> None:
    expected = datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
    assert JsonFormatter().ts(created) == expected.replace("+00:00", "Z")
