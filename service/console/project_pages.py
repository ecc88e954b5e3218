"""Projects (brands, and ops for any project): the list, a project's summary with its plays
chart, and its CSV exports. The chart and the exports are the API's own answers passed on
as they stream, so that a browser, which carries the console's cookie and not a key, can
show and download them."""

from __future__ import annotations

from fastapi import Request, Response

from service.console.calls import PassedOn, call, stream
from service.console.pages import read, router, signed_in
from service.console.render import go, page, problem_page

# What the project page offers besides itself: the console's file → the API's.
FILES = {
    "orders.csv": "orders.csv",
    "metrics.csv": "metrics.csv",
    "plays.svg": "charts/plays.svg",
}
PASSED_HEADERS = ("content-type", "content-disposition")
# An SVG opened on its own is a document: it may style itself, nothing more.
FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
ARCHIVED = {"yes": "true", "no": "false"}


@router.get("/projects")
async def projects(request: Request, archived: str = "", after: str = "") -> Response:
    query = {"limit": "50"}
    if archived in ARCHIVED:
        query["archived"] = ARCHIVED[archived]
    if after:
        query["starting_after"] = after[:40]
    found = await read(request, "/v1/projects", query)
    if isinstance(found, Response):
        return found
    who, answer = found
    return page(request, "projects.html", who, rows=answer.body["data"], archived=archived,
                next_cursor=answer.body.get("next_cursor"))  # fmt: skip


@router.get("/projects/{project_id}")
async def project(request: Request, project_id: str) -> Response:
    """The project (its budget, dates, archived) and its summary, as the API reads them."""
    found = await read(request, f"/v1/projects/{project_id}")
    if isinstance(found, Response):
        return found
    who, answer = found
    summary = await call(request.app, "GET", f"/v1/projects/{project_id}/summary", who.key)
    if not summary.ok:
        return problem_page(request, who, summary.status, summary.problem)
    return page(request, "project.html", who, project=answer.body, summary=summary.body)


@router.get("/projects/{project_id}/{name}")
async def project_file(request: Request, project_id: str, name: str) -> Response:
    """The chart or an export, streamed from the API with the signed-in key: its type and
    file name kept, the CSV's byte-order mark with it."""
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    if name not in FILES:
        return problem_page(request, who, 404, "not_found")
    passed = await stream(request.app, f"/v1/projects/{project_id}/{FILES[name]}", who.key)
    if passed.status >= 400:
        refused = await passed.answer()
        return problem_page(request, who, refused.status, refused.problem)
    headers = {h: passed.headers[h] for h in PASSED_HEADERS if h in passed.headers}
    headers |= {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": FILE_POLICY}  # fmt: skip
    return PassedOn(passed, headers)
