"""The API's OpenAPI 3.1 description, written by hand beside the handlers it describes."""

from __future__ import annotations

from careergraph.graph.backend import EDGE_SELECTIONS, MEASURES
from careergraph.graph.model import KINDS
from careergraph.queries.plan import PLAN_MEASURES
from careergraph.serve.params import MAX_AVOID, MAX_HAVE, MAX_K, MAX_LIMIT, MAX_TEXT, MAX_VIA

_NAME = {"type": "string", "maxLength": MAX_TEXT}
_SCHEMA_DOC = "Schema: docs/json-output.md, the same document as the CLI's --json."


def _param(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _names(most: int) -> dict:
    return {"type": "array", "items": _NAME, "maxItems": most}


_HAVE = _param(
    "have",
    'Something held (repeatable): a node\'s id, name or alias; "NAME=MONTHS" for months of a role or '
    "an experience, as the CLI's --have.",
    _names(MAX_HAVE),
)
_EDGES = _param(
    "edges", "Which edge types a pathway may walk.", {"enum": list(EDGE_SELECTIONS), "default": "all"}
)


def _get(summary: str, parameters: list[dict], command: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": f"As `careergraph {command} --json`. {_SCHEMA_DOC}",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                **_ERRORS,
            },
        }
    }


_ERROR_BODY = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["error", "code"],
                "properties": {
                    "error": {"type": "string"},
                    "code": {"type": "integer", "description": "the CLI's exit code for the same error"},
                    "query": {"type": "string"},
                    "candidates": {"type": "array", "items": {"type": "string"}},
                    "ambiguous": {"type": "boolean"},
                    "problems": {"type": "array", "items": {"type": "object"}},
                },
            }
        }
    }
}
_ERRORS = {
    "400": {"description": "A bad parameter (wrong value, too many values, too long).", **_ERROR_BODY},
    "404": {"description": "No pathway or plan exists.", **_ERROR_BODY},
    "413": {"description": "The request body is too large.", **_ERROR_BODY},
    "414": {"description": "The query string is longer than 64 KiB.", **_ERROR_BODY},
    "422": {
        "description": "A name that matches no node or several (with candidates), or an invalid profile.",
        **_ERROR_BODY,
    },
    "503": {"description": "The backend (Neo4j) is unavailable.", **_ERROR_BODY},
}


_PATHS = {
    "/api/path": _get(
        "The best pathway from one node to another, and alternatives.",
        [
            _param("from", "Where the pathway starts: id, name or alias.", _NAME, True),
            _param("to", "Where it ends.", _NAME, True),
            _param("by", "What best minimises.", {"enum": list(MEASURES), "default": "hops"}),
            _param(
                "k",
                "How many pathways, best first.",
                {"type": "integer", "minimum": 1, "maximum": MAX_K, "default": 1},
            ),
            _param("via", "A node every pathway passes through, in order (repeatable).", _names(MAX_VIA)),
            _param("avoid", "A node no pathway enters (repeatable).", _names(MAX_AVOID)),
            _EDGES,
            _HAVE,
        ],
        "path",
    ),
    "/api/plan": _get(
        "What exactly to do to reach a goal, given what is held, as a schedule.",
        [
            _param("goal", "The node to reach.", _NAME, True),
            _param("by", "What the plan minimises.", {"enum": list(PLAN_MEASURES), "default": "months"}),
            _param(
                "explain",
                "Every requirement group with its alternatives (--explain).",
                {"enum": ["1", "0", "true", "false"], "default": "false"},
            ),
            _HAVE,
        ],
        "plan",
    ),
    "/api/reach": _get(
        "Everything reachable within a budget; give exactly one of within_months and within_cost.",
        [
            _param("from", "Where to start.", _NAME, True),
            _param("within_months", "A budget in elapsed months.", {"type": "number", "minimum": 0}),
            _param("within_cost", "A budget in US dollars.", {"type": "number", "minimum": 0}),
            _param("kind", "Only nodes of this kind.", {"enum": list(KINDS)}),
            _EDGES,
            _HAVE,
        ],
        "reach",
    ),
    "/api/show": _get(
        "A node: facts, sources, requirements (AND of OR groups), what it unlocks and recommends.",
        [_param("node", "The node: id, name or alias.", _NAME, True)],
        "show",
    ),
    "/api/search": _get(
        "Ranked fuzzy matches on names, aliases and descriptions.",
        [
            _param("q", "The text to match.", _NAME, True),
            _param(
                "limit",
                "At most this many results.",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10},
            ),
        ],
        "search",
    ),
    "/api/stats": _get("Counts of nodes and edges by kind and type.", [], "stats"),
    "/api/neo4j-browser": _get(
        "A Neo4j Browser link for a question (only with the Neo4j backend): the pathway "
        "query for view=path, the prerequisite tree otherwise.",
        [
            _param("view", "Which question.", {"enum": ["path", "plan", "node"], "default": "node"}),
            _param("from", "view=path: where the pathway starts.", _NAME),
            _param("to", "view=path: where it ends.", _NAME),
            _param("node", "view=plan or node: the node whose requirements to show.", _NAME),
        ],
        "browser",
    ),
    "/api/profile": {
        "post": {
            "summary": "What a profile (docs/profile.md) holds, and the equivalent `have` values. "
            "The text is read in memory only: never stored, never logged.",
            "parameters": [_param("as_of", "The date to compute for (YYYY-MM-DD).", {"type": "string"})],
            "requestBody": {
                "required": True,
                "content": {"text/plain": {"schema": {"type": "string", "maxLength": 1_000_000}}},
            },
            "responses": {
                "200": {
                    "description": "held, current_role, experience, have, warnings",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                **_ERRORS,
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This description.",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}


def openapi() -> dict:
    """The description of every endpoint and parameter."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "careergraph explorer API", "version": "1", "description": _SCHEMA_DOC},
        "paths": _PATHS,
    }
