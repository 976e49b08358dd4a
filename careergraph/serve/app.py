"""The explorer's ASGI application: routes as thin as click commands, our errors as JSON
with an HTTP status, and the headers that keep a local server local (Host checking
against DNS rebinding, a Content-Security-Policy, bounded requests)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from careergraph.errors import BackendUnavailable, CareerGraphError, InvalidData, NoPathway, UnknownNode
from careergraph.graph.backend import Backend
from careergraph.serve import api
from careergraph.serve.openapi import openapi

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
MAX_QUERY_BYTES = 64 * 1024
# Scripts and styles only from this server (no inline script at all, so nothing
# injected can run); vis-network sets element styles from script, which CSP allows.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
STATIC = {
    # name: (package, path inside it, media type)
    "serve.js": ("careergraph.serve", "static/serve.js", "text/javascript"),
    "serve.css": ("careergraph.serve", "static/serve.css", "text/css"),
    "common.js": ("careergraph.present", "templates/common.js", "text/javascript"),
    "page.css": ("careergraph.present", "templates/page.css", "text/css"),
    "vis-network.min.js": ("pyvis", "templates/lib/vis-9.1.2/vis-network.min.js", "text/javascript"),
    "vis-network.css": ("pyvis", "templates/lib/vis-9.1.2/vis-network.css", "text/css"),
}
log = logging.getLogger("careergraph.serve")


@dataclass(frozen=True)
class BrowserTarget:
    """Where Neo4j Browser is and which server it should connect to (no password)."""

    http_url: str
    uri: str
    user: str
    database: str | None


def status_of(exc: CareerGraphError) -> int:
    """The HTTP status of one of our errors: no pathway 404, a name that names nothing
    or an invalid profile 422, Neo4j unreachable 503, any other bad argument 400."""
    if isinstance(exc, api.TooLarge):
        return 413
    if isinstance(exc, NoPathway):
        return 404
    if isinstance(exc, UnknownNode | InvalidData):
        return 422
    if isinstance(exc, BackendUnavailable):
        return 503
    return 400


def error_body(exc: CareerGraphError) -> dict:
    body: dict = {"error": str(exc), "code": exc.exit_code}
    if isinstance(exc, UnknownNode):
        body.update(query=exc.query[:200], candidates=exc.candidates, ambiguous=exc.ambiguous)
    if isinstance(exc, InvalidData):
        body["problems"] = [p.to_dict() for p in exc.problems]
    return body


async def our_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CareerGraphError)
    return api.Answer(error_body(exc), status_code=status_of(exc))


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return api.Answer({"error": exc.detail, "code": 2}, status_code=exc.status_code)


async def internal_error(request: Request, exc: Exception) -> Response:
    # Never a traceback to the client; the type only to the server's log (no request
    # data: a query may hold a person's holdings).
    log.error("internal error: %s", type(exc).__name__)
    return api.Answer({"error": "internal error", "code": 70}, status_code=500)


class Guard:
    """Refuses an oversized query string before routing and adds the security headers
    to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                # How long the server took, for the load test's figures (Server-Timing).
                took = f"app;dur={(time.perf_counter() - started) * 1000:.2f}".encode()
                message["headers"] = headers + SECURITY_HEADERS + [(b"server-timing", took)]
            await send(message)

        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            body = {"error": f"the query string is longer than {MAX_QUERY_BYTES:,} bytes", "code": 2}
            await api.Answer(body, status_code=414)(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)


@cache
def static_file(name: str) -> tuple[bytes, str]:
    package, path, media_type = STATIC[name]
    return resources.files(package).joinpath(path).read_bytes(), media_type


def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        raise HTTPException(404, "no such file")
    content, media_type = static_file(name)
    return Response(content, media_type=media_type)


def index(request: Request) -> Response:
    """The explorer's one page; which view it shows is in its query string."""
    from careergraph.serve.page import index_page

    return HTMLResponse(index_page(request.app.state.backend.name, request.app.state.neo4j is not None))


def no_icon(request: Request) -> Response:
    return Response(status_code=204)


def openapi_document(request: Request) -> Response:
    return api.Answer(openapi())


ROUTES = [
    Route("/", index),
    Route("/static/{name}", static),
    Route("/favicon.ico", no_icon),
    Route("/api/path", api.path),
    Route("/api/plan", api.plan),
    Route("/api/reach", api.reach),
    Route("/api/show", api.show),
    Route("/api/search", api.search),
    Route("/api/stats", api.stats),
    Route("/api/profile", api.profile, methods=["POST"]),
    Route("/api/neo4j-browser", api.neo4j_browser),
    Route("/api/openapi.json", openapi_document),
]


def create_app(
    backend: Backend, hosts: tuple[str, ...] = (), neo4j: BrowserTarget | None = None
) -> Starlette:
    """The explorer over ``backend``; requests must name one of the loopback hosts or
    ``hosts`` in their Host header (DNS rebinding cannot reach it under another name)."""
    allowed = sorted({*LOOPBACK_HOSTS, *(h.lower() for h in hosts)})
    app = Starlette(
        routes=ROUTES,
        middleware=[
            Middleware(Guard),
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed, www_redirect=False),
        ],
        exception_handlers={
            CareerGraphError: our_error,
            HTTPException: http_error,
            Exception: internal_error,
        },
    )
    app.state.backend = backend
    app.state.neo4j = neo4j
    return app
