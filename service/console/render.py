"""Templates: autoescaped Jinja2, with the page's language, CSRF token and formatters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from service.console import session, text

ENV = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(default=True, default_for_string=True),
    auto_reload=False,
)
ENV.filters["money"] = text.money
ENV.filters["when"] = text.when
ENV.filters["ratio"] = text.ratio
ENV.filters["number"] = text.number
ENV.filters["share"] = text.share


def page(
    request: Request,
    template: str,
    who: session.Who | None,
    status: int = 200,
    **values: Any,
) -> HTMLResponse:
    lang = text.lang_of(request.cookies.get(session.LANG_COOKIE))
    html = ENV.get_template(template).render(
        t=lambda key: text.translate(lang, key),
        lang=lang,
        who=who,
        csrf=session.csrf_token(request),
        path=request.url.path,
        **values,
    )
    response = HTMLResponse(html, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'"
    )
    session.remember_csrf(request, response)
    return response


def problem_page(
    request: Request, who: session.Who | None, status: int, detail: str
) -> HTMLResponse:
    key = {404: "not_found", 403: "forbidden"}.get(status, "error")
    return page(request, "problem.html", who, status, title_key=key, detail=detail)


def go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
