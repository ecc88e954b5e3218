"""Logs as JSON lines on stderr, and the request id every line inside a request carries.

`configure_logging()` points the root logger at stderr, one JSON object per line: `ts`
(RFC 3339, UTC, to the millisecond), `level`, `logger`, `message`, `request_id` (inside a
request), `exc_info` (when there is one) and whatever the caller passed with `extra=`, in
name order.

Every request writes one access line (`access_line`, logger `service.access`), so that
line has a shorter way out: when the service's own handler is the only place the access
logger's records go (as `configure_logging` sets it up), the line is built from its fields
and written by that handler directly, without the `LogRecord` and the walk through loggers
and handlers that `logging` makes for each record: the same line for about a third of the
CPU. Any other set-up (a test's capture, another handler, a filter, the level raised) takes
the ordinary way.
"""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from contextvars import ContextVar
from typing import Any, Final

request_id_var: ContextVar[str | None] = ContextVar("xt_request_id", default=None)
access_log = logging.getLogger("service.access")

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", logging.INFO, "", 0, "", (), None).__dict__
) | {"message", "asctime", "taskName"}
_HANDLER_NAME: Final = "xt-json-stderr"
_ACCESS_MESSAGE: Final = "%s %s %s %.1fms"


def current_request_id() -> str | None:
    """The id of the request being served, or None outside a request."""
    return request_id_var.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line: the time's seconds formatted once per
    second, the attributes `extra=` added found by one set difference, one encoder."""

    def __init__(self) -> None:
        super().__init__()
        self._second, self._stamp = -1, ""
        self.encode = json.JSONEncoder(ensure_ascii=False, default=str).encode

    def ts(self, created: float) -> str:
        """RFC 3339 in UTC to the millisecond, as `datetime.isoformat` gives it."""
        fraction, whole = math.modf(created)  # rounded to the microsecond as datetime does
        second, micro = divmod(int(whole) * 1_000_000 + round(fraction * 1e6), 1_000_000)
        if second != self._second:  # (threads racing here write the same text)
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = second
        return f"{self._stamp}.{micro // 1000:03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": self.ts(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id is not None:
            entry["request_id"] = request_id
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        fields = record.__dict__
        for key in sorted(fields.keys() - _RECORD_ATTRIBUTES):  # what `extra=` added
            if key not in entry and not key.startswith("_"):
                entry[key] = fields[key]
        return self.encode(entry)


class JsonLines(logging.StreamHandler):  # type: ignore[type-arg]
    """The service's handler: `JsonFormatter` lines on a stream; `write_entry` writes a
    line built without a record."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.name = _HANDLER_NAME
        self.json = JsonFormatter()
        self.setFormatter(self.json)

    def write_entry(self, entry: dict[str, Any]) -> None:
        """Write `entry` as `emit` writes a record: under the handler's lock, flushed."""
        line = self.json.encode(entry) + self.terminator
        self.acquire()
        try:
            self.stream.write(line)
            self.flush()
        except Exception:
            self.handleError(logging.makeLogRecord({"msg": line}))
        finally:
            self.release()


def _sole_handler() -> JsonLines | None:
    """Our handler, if the access logger's records go to it and to no other handler, and
    no filter or level could stop them on the way (as `Logger.callHandlers` walks)."""
    if access_log.disabled or access_log.filters or not access_log.isEnabledFor(logging.INFO):
        return None
    found = None
    logger: logging.Logger | None = access_log
    while logger is not None:
        for handler in logger.handlers:
            if found is not None or not isinstance(handler, JsonLines):
                return None
            found = handler
        logger = logger.parent if logger.propagate else None
    if found is None or found.filters or found.level > logging.INFO:
        return None
    return found


def access_line(method: str, path: str, status: int, duration_ms: float, request_id: str) -> None:
    """The access log's line for one request (`service.access`, INFO)."""
    handler = _sole_handler()
    if handler is None:
        access_log.info(
            _ACCESS_MESSAGE, method, path, status, duration_ms,
            extra={
                "method": method, "path": path, "status": status, "duration_ms": duration_ms,
                "request_id": request_id,
            },
        )  # fmt: skip
        return
    handler.write_entry(
        {
            "ts": handler.json.ts(time.time()),  # (as LogRecord takes the time)
            "level": "INFO",
            "logger": access_log.name,
            "message": _ACCESS_MESSAGE % (method, path, status, duration_ms),
            "request_id": request_id,
            "duration_ms": duration_ms,  # the `extra=` fields, in name order, as above
            "method": method,
            "path": path,
            "status": status,
        }
    )


def configure_logging(level: int | str = "INFO") -> None:
    """JSON lines on stderr from the root logger, at `level`.

    Idempotent: a second call only sets the level. Handlers others installed (a test
    runner's capture, say) are left alone.
    """
    root = logging.getLogger()
    root.setLevel(level.upper() if isinstance(level, str) else level)
    # The state machine library reports every callback it runs at INFO: two lines per
    # transition, which say nothing the access log and the order's history do not.
    logging.getLogger("transitions").setLevel(logging.WARNING)
    # Our lines carry no source file, thread or process: don't collect them for every
    # record (the knobs the logging HOWTO lists under "Optimization").
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    if any(handler.name == _HANDLER_NAME for handler in root.handlers):
        return
    root.addHandler(JsonLines(sys.stderr))
