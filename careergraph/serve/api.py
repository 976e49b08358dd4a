"""The JSON API: each handler reads its parameters, calls one query and answers its
``to_dict()``, the document the CLI's --json prints (docs/json-output.md)."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from careergraph.errors import UsageError
from careergraph.graph.backend import EDGE_SELECTIONS, MEASURES
from careergraph.graph.model import KINDS, tidy
from careergraph.queries.plan import PLAN_MEASURES
from careergraph.serve.params import MAX_AVOID, MAX_K, MAX_LIMIT, MAX_VIA, Query

MAX_PROFILE_BYTES = 1_000_000


class Answer(JSONResponse):
    """UTF-8 JSON as the CLI writes it: not ASCII-escaped, no NaN."""

    def render(self, content: object) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _query(request: Request) -> Query:
    return Query(request.query_params, request.app.state.backend)


def _walked(request: Request) -> Query:
    """The query over the graph path, plan and reach walk (for Neo4j a copy read once, in
    one query: queries/local.py), so that their names and ``have`` resolve on it too, with
    no round trip, as the CLI's do."""
    from careergraph.queries.local import in_process

    return Query(request.query_params, in_process(request.app.state.backend))


def path(request: Request) -> Response:
    from careergraph.queries.paths import find_paths

    q = _walked(request)
    result = find_paths(
        q.backend,
        q.node("from"),
        q.node("to"),
        by=q.choice("by", MEASURES, "hops"),
        k=q.integer("k", 1, 1, MAX_K),
        via=q.nodes("via", MAX_VIA),
        avoid=q.nodes("avoid", MAX_AVOID),
        edges=q.choice("edges", list(EDGE_SELECTIONS), "all"),
        holdings=q.holdings(),
    )
    return Answer(result.to_dict())


def plan(request: Request) -> Response:
    from careergraph.queries.plan import make_plan

    q = _walked(request)
    result = make_plan(
        q.backend, q.node("goal"), by=q.choice("by", PLAN_MEASURES, "months"), holdings=q.holdings()
    )
    return Answer(result.to_dict(q.flag("explain")))


def reach(request: Request) -> Response:
    from careergraph.queries.reach import reach as run_reach

    q = _walked(request)
    months, cost = q.number("within_months"), q.number("within_cost")
    if (months is None) == (cost is None):
        raise UsageError("give exactly one of within_months and within_cost")
    by, budget = ("months", months) if months is not None else ("cost", cost)
    kind = q.choice("kind", KINDS, None)
    edges = q.choice("edges", list(EDGE_SELECTIONS), "all")
    return Answer(run_reach(q.backend, q.node("from"), by, budget, kind, edges, q.holdings()).to_dict())


def show(request: Request) -> Response:
    from careergraph.queries.show import show as run_show

    q = _query(request)
    return Answer(run_show(q.backend, q.node("node")).to_dict())


def search(request: Request) -> Response:
    from careergraph.queries.search import search as run_search

    q = _query(request)
    text = q.text("q")
    hits = run_search(q.backend, text, q.integer("limit", 10, 1, MAX_LIMIT))
    return Answer({"query": text, "results": [hit.to_dict() for hit in hits]})


def stats(request: Request) -> Response:
    return Answer(request.app.state.backend.stats())


def neo4j_browser(request: Request) -> Response:
    """A Neo4j Browser link for the page's current question: the pathway query for a
    path, the prerequisite tree for a plan or a node."""
    from careergraph.queries.cypher import browser_text, browser_url, get_query, query_params

    settings = request.app.state.neo4j
    if settings is None:
        raise UsageError("the Neo4j Browser link needs careergraph --backend neo4j serve")
    q = _query(request)
    if q.choice("view", ("path", "plan", "node"), "node") == "path":
        name, values = "pathway-between-roles", {"from": q.node("from").id, "to": q.node("to").id}
    else:
        name, values = "prerequisite-tree", {"cert": q.node("node").id}
    query = get_query(name)
    text = browser_text(query, query_params(query, values))
    try:
        url = browser_url(settings.http_url, settings.uri, settings.user, settings.database, text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return Answer({"query": name, "params": values, "url": url})


async def profile(request: Request) -> Response:
    """What a profile (the file's text as the request body, never stored or logged)
    holds as of a date, and the ``have`` values that say the same to the other
    endpoints."""
    from careergraph.errors import InvalidData, Problem
    from careergraph.profiles.load import parse_profile
    from careergraph.profiles.state import profile_state
    from careergraph.serve.params import MAX_HAVE

    body = await read_body(request, MAX_PROFILE_BYTES)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidData([Problem("profile", None, "the file is not UTF-8 text")]) from None
    q = _walked(request)
    backend = q.backend
    state = profile_state(parse_profile(text, "profile"), backend, _as_of(q))
    have = {node_id: node_id for node_id in sorted(state.held) if not backend.node(node_id).experience}
    for kind, months in state.experience.items():
        if months > 0:
            have[kind] = f"{kind}={tidy(months)}"
    if len(have) > MAX_HAVE:
        raise UsageError(f"the profile holds more than {MAX_HAVE} things")
    return Answer(
        {
            "as_of": state.as_of.isoformat(),
            "held": [backend.node(i).ref() for i in sorted(state.held)],
            "current_role": backend.node(state.current_role).ref() if state.current_role else None,
            "experience": [
                {**backend.node(kind).ref(), "months": tidy(months)}
                for kind, months in state.experience.items()
            ],
            "have": list(have.values()),
            "warnings": state.warnings,
        }
    )


def _as_of(q: Query):
    from careergraph.profiles.dates import parse_date

    value = q.optional("as_of")
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise UsageError(f"as_of: {exc}") from None


class TooLarge(UsageError):
    """A request body over its bound (HTTP 413)."""


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes ``limit`` bytes (whatever Content-Length says)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the request body is larger than {limit:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the request body is larger than {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
