"""Named Cypher queries (queries/*.cypher): finding, running and linking them in Neo4j Browser.

Each file starts with a header of comment lines::

    // name: pathway-between-roles
    // description: The shortest pathway (fewest steps) from one role to another.
    // params: from=software-engineer, to=program-manager
    // mode: read

followed by more comments (why) and the query, which takes its inputs only as ``$param``
parameters. Read queries run in a read transaction, where Neo4j itself refuses any write
(``Neo.ClientError.Statement.AccessMode``), APOC procedures included.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from careergraph.errors import UsageError
from careergraph.graph.model import KINDS

QUERY_DIR = Path(__file__).parent
MODES = ("read", "write")
_HEADER = re.compile(r"^//\s*(name|description|params|mode):(.*)$")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Neo4j Browser decodes its whole URL before it reads `arg=`, so these would cut the query.
_BROWSER_UNSAFE = ("&", "#")
# A GraSS rule: a selector, then a body whose quoted values may hold braces ("{name}").
_GRASS_RULE = re.compile(r"""([^{}\s][^{}]*?)\s*\{((?:[^{}"']|"[^"]*"|'[^']*')*)\}""")
_GRASS_DECLARATION = re.compile(r"""([\w-]+)\s*:\s*((?:[^;"']|"[^"]*"|'[^']*')*)""")


@dataclass(frozen=True)
class NamedQuery:
    """One queries/*.cypher file: its header and its text (comments included)."""

    name: str
    description: str
    params: dict[str, str]
    mode: str
    text: str
    path: Path

    def to_dict(self) -> dict:
        return {"name": self.name, "description": self.description, "params": self.params, "mode": self.mode}


@dataclass
class QueryResult:
    """What a named query returned, as plain JSON-able values."""

    query: NamedQuery
    params: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {
            "query": self.query.name,
            "mode": self.query.mode,
            "params": self.params,
            "columns": self.columns,
            "rows": self.rows,
        }
        if self.query.mode == "write":
            out["counters"] = self.counters
        return out


def parse_query(text: str, path: Path) -> NamedQuery:
    """A NamedQuery from a file's text; raises ValueError naming the file when the header
    is incomplete or malformed."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            break
        header[match.group(1)] = match.group(2).strip()
    missing = [key for key in ("name", "description", "params", "mode") if key not in header]
    if missing:
        raise ValueError(f"{path}: header lacks // {', '.join(missing)}:")
    if header["mode"] not in MODES:
        raise ValueError(f"{path}: mode must be read or write, not {header['mode']!r}")
    params: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in header["params"].split(","))):
        key, sep, default = item.partition("=")
        if not sep or not _PARAM_NAME.match(key.strip()):
            raise ValueError(f"{path}: params must read key=default, ...; got {item!r}")
        params[key.strip()] = default.strip()
    return NamedQuery(header["name"], header["description"], params, header["mode"], text, path)


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query in ``directory`` (default: the package's queries/), by name."""
    folder = directory or QUERY_DIR
    found = [parse_query(p.read_text(encoding="utf-8"), p) for p in sorted(folder.glob("*.cypher"))]
    return sorted(found, key=lambda q: q.name)


def get_query(name: str, directory: Path | None = None) -> NamedQuery:
    """The named query; raises UsageError listing the names when there is none."""
    queries = {q.name: q for q in list_queries(directory)}
    if name not in queries:
        raise UsageError(f"no named query {name!r}; there are: {', '.join(queries)}")
    return queries[name]


def convert(value: str) -> int | float | str:
    """A --param value as Cypher should see it: an int or float when it is a number."""
    text = value.strip()
    if _NUMBER.match(text):
        number = float(text)
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else number
    return value


def query_params(query: NamedQuery, given: dict[str, str] | None = None) -> dict[str, Any]:
    """The header's defaults overridden by ``given``, converted; an unknown key is a
    UsageError naming the ones the query takes."""
    given = given or {}
    unknown = sorted(set(given) - set(query.params))
    if unknown:
        takes = ", ".join(query.params) or "no parameters"
        raise UsageError(f"{query.name} has no parameter {', '.join(unknown)}; it takes {takes}")
    return {key: convert(given.get(key, default)) for key, default in query.params.items()}


def parse_param_options(options: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``--param k=v`` options as a dict; a malformed one is a UsageError."""
    params: dict[str, str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not _PARAM_NAME.match(key.strip()):
            raise UsageError(f"--param takes KEY=VALUE, not {option!r}")
        params[key.strip()] = value
    return params


def plain(value: Any) -> Any:
    """A driver value as JSON-able data: nodes as their properties plus ``labels``,
    relationships as ``type`` plus ``props``, paths as their nodes' id, name and kind."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {**{k: plain(v) for k, v in value.items()}, "labels": sorted(value.labels)}
    if isinstance(value, Relationship):
        return {"type": value.type, "props": {k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [_node_ref(node) for node in value.nodes]
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Duration, ...
        return value.iso_format()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _node_ref(node) -> dict:
    kind = next((label for label in KINDS if label in node.labels), None)
    return {"id": node.get("id"), "name": node.get("name"), "kind": kind}


def bind(
    name: str, params: dict[str, str] | None = None, directory: Path | None = None
) -> tuple[NamedQuery, dict[str, Any]]:
    """The named query and its parameter values, checked before any server is contacted.

    Raises UsageError for an unknown name or parameter.
    """
    query = get_query(name, directory)
    return query, query_params(query, params)


def run_named(backend, name: str, params: dict[str, str] | None = None, directory: Path | None = None):
    """Run a named query on a Neo4jBackend and return a QueryResult (see run_query).

    Raises UsageError for an unknown name or parameter, BackendUnavailable when the
    server cannot be reached.
    """
    return run_query(backend, *bind(name, params, directory))


# The driver's documented SummaryCounters, in its order (vars() would add its private flags).
_COUNTERS = (
    "constraints_added",
    "constraints_removed",
    "indexes_added",
    "indexes_removed",
    "labels_added",
    "labels_removed",
    "nodes_created",
    "nodes_deleted",
    "properties_set",
    "relationships_created",
    "relationships_deleted",
    "system_updates",
)


def run_query(backend, query: NamedQuery, values: dict[str, Any]) -> QueryResult:
    """Run a bound query on a Neo4jBackend. Read queries run in a read transaction (a
    write inside is refused by Neo4j and raised as UsageError); write queries in a write
    transaction."""

    def work(tx):
        result = tx.run(query.text, values)
        rows = [[plain(v) for v in record.values()] for record in result]
        summary = result.consume()
        counters = {name: getattr(summary.counters, name) for name in _COUNTERS}
        counters = {name: value for name, value in counters.items() if value}
        return list(result.keys()), rows, counters

    columns, rows, counters = backend.transaction(work, write=query.mode != "read")
    return QueryResult(query, values, columns, rows, counters)


def cell_text(value: Any) -> str:
    """One value as a table cell: paths as names joined by arrows, lists by commas."""
    if value is None:
        return ""
    if isinstance(value, list) and value and all(isinstance(v, dict) and "kind" in v for v in value):
        return " → ".join(str(v["name"]) for v in value)
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cypher_map(params: dict[str, Any]) -> str:
    # JSON string escapes are valid in Cypher string literals; numbers print as numbers.
    pairs = ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in params.items())
    return f"{{{pairs}}}"


def default_params(directory: Path | None = None) -> dict[str, Any]:
    """Every named query's parameters with their defaults, converted. One name has one
    default everywhere (a ValueError otherwise), so Browser can hold them all at once."""
    merged: dict[str, Any] = {}
    for query in list_queries(directory):
        for key, default in query_params(query).items():
            if merged.setdefault(key, default) != default:
                raise ValueError(f"{query.path}: {key}={default} differs from another query's default")
    return merged


def browser_text(query: NamedQuery, params: dict[str, Any]) -> str:
    """What the Browser editor gets: the query with its comments; when ``params`` differ
    from the defaults Browser sets after connecting, a `:param` line first (Browser then
    runs the two as a script)."""
    body = query.text.strip()
    defaults = default_params(query.path.parent)
    if all(defaults.get(key) == value for key, value in params.items()):
        return body
    return f":param {_cypher_map(params)};\n{body}"


HOME_DATABASE = "neo4j"  # Neo4j's default home database


def browser_url(http_url: str, bolt_uri: str, user: str, database: str | None, query_text: str) -> str:
    """A Neo4j Browser (5.x) URL that offers to connect to ``bolt_uri`` as ``user`` (the
    password is typed in the Browser, never put in the URL) and fills the editor with
    ``query_text`` (``cmd=edit``: filled, not run).

    ``db=`` is given only for a database other than Neo4j's default ``neo4j``: Browser
    2026.x runs ``:use`` from it as it connects and, now and then, before it has the
    server's list of databases ("database could not be found"); without ``db=`` it opens
    the home database, which is ``neo4j`` unless the server was configured otherwise.

    Browser decodes the whole URL before reading ``arg=``, so the text must not contain
    ``&`` or ``#`` (a ValueError says so); each line goes in an ``arg`` of its own.
    """
    bad = [c for c in _BROWSER_UNSAFE if c in query_text]
    if bad:
        raise ValueError(f"Neo4j Browser cannot take {' or '.join(bad)} in a URL-filled query")
    bolt = urlsplit(bolt_uri)
    if not bolt.scheme or not bolt.hostname:
        raise ValueError(f"not a Bolt URI: {bolt_uri!r}")
    host = f"[{bolt.hostname}]" if ":" in bolt.hostname else bolt.hostname
    port = f":{bolt.port}" if bolt.port else ""
    dbms = f"{bolt.scheme}://{quote(user, safe='')}@{host}{port}"
    parts = [f"dbms={quote(dbms, safe='')}"]
    if database and database != HOME_DATABASE:
        parts.append(f"db={quote(database, safe='')}")
    parts += ["preselectAuthMethod=NATIVE", "cmd=edit"]
    parts += [f"arg={quote(line, safe='')}" for line in query_text.splitlines()]
    return f"{http_url.rstrip('/')}/browser/?{'&'.join(parts)}"


def grass_rules(grass: str) -> dict[str, dict[str, str]]:
    """A GraSS stylesheet (``selector { key: value; }``) as the JSON form Browser's
    ``:style`` also accepts."""
    rules: dict[str, dict[str, str]] = {}
    for selector, body in _GRASS_RULE.findall(grass):
        declarations = rules.setdefault(selector.strip(), {})
        for key, value in _GRASS_DECLARATION.findall(body):
            declarations[key] = value.strip().strip("\"'")
    return rules


def style_command(grass_path: Path | None = None) -> str:
    """``style {...}``: the Browser command that applies careergraph.grass, inline, as
    JSON (no ``;`` in it, so it fits ``browser.post_connect_cmd``)."""
    path = grass_path or QUERY_DIR / "careergraph.grass"
    rules = grass_rules(path.read_text(encoding="utf-8"))
    return "style " + json.dumps(rules, separators=(",", ":"))


def post_connect_conf() -> str:
    """The neo4j.conf lines for careergraph's Browser: after connecting, apply the style
    and set every named query's default parameters. scripts/neo4j includes them from
    queries/neo4j-browser.conf (regenerate that file with `careergraph browser --conf`)."""
    commands = f"{style_command()}; param {_cypher_map(default_params())}"
    return (
        "# careergraph's Neo4j Browser settings, generated by `careergraph browser --conf`:\n"
        "# the GraSS style of queries/careergraph.grass and the named queries' default parameters.\n"
        f"browser.post_connect_cmd={commands}\n"
    )
