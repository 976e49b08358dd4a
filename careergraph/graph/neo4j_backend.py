"""The Neo4j backend: the same Backend interface, answered by a Neo4j server.

Queries are parameterised (``$id``); labels and relationship types are only ever taken
from the fixed tuples in model.py. careergraph's nodes carry the label ``CareerGraph``
besides their kind, so other data in the database is never read or touched.

Pathways, plans and reach walk the graph node by node; they run in process on a copy
read once (queries/local.py), so a query command costs a few round trips, not one per
node. Each relationship also stores static step weights ``w_months``/``w_cost``
(graph/steps.py) for the named Cypher queries run in Neo4j Browser; careergraph's own
queries price pathways move by move and do not use them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from careergraph.errors import BackendUnavailable, UsageError
from careergraph.graph.backend import NameRecord
from careergraph.graph.model import (
    EDGE_FIELDS,
    EDGE_TYPES,
    KINDS,
    NODE_FIELDS,
    PREREQUISITE,
    Dataset,
    Edge,
    Node,
)
from careergraph.graph.neo4j_settings import Neo4jSettings
from careergraph.graph.steps import StepCost

MARK = "CareerGraph"  # the label on every node careergraph owns
_NODE_PROPS = [f for f in NODE_FIELDS if f != "kind"]
_EDGE_PROPS = [f for f in EDGE_FIELDS if f not in ("source", "target", "type")]


def _types(edge_types: Iterable[str]) -> str:
    """`PREREQUISITE|RECOMMENDS` from the fixed vocabulary only."""
    chosen = [t for t in EDGE_TYPES if t in set(edge_types)]
    if not chosen:
        raise ValueError("no edge type selected")
    return "|".join(chosen)


def node_from_record(props: dict, labels: Iterable[str]) -> Node:
    kind = next(label for label in labels if label in KINDS)
    values = {key: props.get(key) for key in _NODE_PROPS}
    values["aliases"] = tuple(values["aliases"] or ())
    values["sources"] = tuple(values["sources"] or ())
    values["description"] = values["description"] or ""
    values["as_of"] = values["as_of"] or ""
    values["months"] = values["months"] or 0
    values["cost_usd"] = values["cost_usd"] or 0
    if values["counts_as"] is not None:
        values["counts_as"] = tuple(values["counts_as"])
    return Node(kind=kind, **values)


def edge_from_record(source: str, target: str, edge_type: str, props: dict) -> Edge:
    return Edge(
        source=source,
        target=target,
        type=edge_type,
        months=props.get("months") or 0,
        cost_usd=props.get("cost_usd") or 0,
        group=props.get("group"),
        note=props.get("note"),
        source_url=props.get("source_url"),
        basis=props.get("basis"),
        window_months=props.get("window_months"),
        confidence=props.get("confidence"),
    )


_EDGE_RETURN = "a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props"


class Neo4jBackend:
    """Backend over a Neo4j server; one driver per backend, closed by ``close()``."""

    name = "neo4j"

    def __init__(self, settings: Neo4jSettings, connect_timeout: float = 5.0):
        import logging

        import neo4j

        # The driver logs its retries as warnings; our errors already say it in one line.
        logging.getLogger("neo4j").addHandler(logging.NullHandler())
        logging.getLogger("neo4j").propagate = False

        self.settings = settings
        self.database = settings.database
        try:
            self.driver = neo4j.GraphDatabase.driver(
                settings.uri,
                auth=(settings.user, settings.password or ""),
                connection_timeout=connect_timeout,
                connection_acquisition_timeout=connect_timeout,
                max_transaction_retry_time=connect_timeout,
                notifications_min_severity="OFF",
            )
        except (neo4j.exceptions.ConfigurationError, ValueError) as exc:
            raise BackendUnavailable(f"cannot use NEO4J_URI {settings.uri!r}: {exc}") from None
        self._apoc: bool | None = None
        self._node_cache: dict[str, Node] = {}
        # Fail fast, with exit 3, when the server is not there: verify_connectivity does not
        # retry (a managed transaction retries a refused connection for the whole
        # max_transaction_retry_time); RETURN 1 then checks the database exists.
        self._guard(self.driver.verify_connectivity)
        self.run("RETURN 1")

    # -- running queries -------------------------------------------------------------

    def _unavailable(self, exc: Exception) -> BackendUnavailable:
        import neo4j.exceptions as ne

        where = f"Neo4j at {self.settings.uri}"
        if isinstance(exc, ne.AuthError) or "Security" in (getattr(exc, "code", None) or ""):
            return BackendUnavailable(f"{where} refused the credentials of user {self.settings.user!r}")
        if isinstance(exc, ne.ClientError) and "DatabaseNotFound" in (exc.code or ""):
            return BackendUnavailable(f"{where} has no database {self.database!r}")
        if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | ne.ConnectionAcquisitionTimeoutError):
            return BackendUnavailable(f"{where} is unreachable ({type(exc).__name__}); is it running?")
        if isinstance(exc, OSError):
            return BackendUnavailable(f"{where} is unreachable: {exc.strerror or exc}")
        message = str(getattr(exc, "message", None) or exc).splitlines()[0]
        return BackendUnavailable(f"{where} failed: {message}")

    def _guard(self, work: Callable[[], Any]) -> Any:
        import neo4j.exceptions as ne

        try:
            return work()
        except (ne.DriverError, ne.Neo4jError, OSError, ValueError) as exc:
            # A host name the resolver refuses (too long, bad IDNA) is a ValueError.
            if isinstance(exc, ValueError) and not isinstance(exc, ne.Neo4jError | ne.DriverError):
                raise BackendUnavailable(
                    f"cannot reach NEO4J_URI {self.settings.uri[:80]!r}: {exc}"
                ) from None
            refused = isinstance(exc, ne.ClientError) and not isinstance(exc, ne.AuthError)
            if refused and "Security" in (exc.code or ""):  # e.g. AuthenticationRateLimit
                refused = False
            if refused and "DatabaseNotFound" not in (exc.code or ""):
                message = str(exc.message or exc).splitlines()[0]
                raise UsageError(f"Neo4j refused the query: {message}") from None
            raise self._unavailable(exc) from None

    def run(self, query: str, **params: Any) -> list[dict]:
        """Run a read query in a managed read transaction; rows as dicts."""

        def work():
            with self.driver.session(database=self.database, default_access_mode="READ") as session:
                return session.execute_read(lambda tx: [r.data() for r in tx.run(query, params)])

        return self._guard(work)

    def write(self, query: str, **params: Any) -> Any:
        """Run a write query in a managed write transaction; returns its counters."""

        def work():
            with self.driver.session(database=self.database) as session:
                return session.execute_write(lambda tx: tx.run(query, params).consume().counters)

        return self._guard(work)

    def run_auto(self, query: str, **params: Any) -> Any:
        """An auto-commit query (needed by CALL { } IN TRANSACTIONS and schema changes)."""

        def work():
            with self.driver.session(database=self.database) as session:
                return session.run(query, params).consume().counters

        return self._guard(work)

    @property
    def has_apoc(self) -> bool:
        if self._apoc is None:
            rows = self.run(
                "SHOW PROCEDURES YIELD name WHERE name IN ['apoc.algo.dijkstra', "
                "'apoc.path.subgraphNodes'] RETURN count(*) AS n"
            )
            self._apoc = rows[0]["n"] == 2
        return self._apoc

    # -- nodes and edges -------------------------------------------------------------

    def node(self, node_id: str) -> Node:
        if node_id not in self._node_cache:
            rows = self.run(
                f"MATCH (n:{MARK} {{id: $id}}) RETURN properties(n) AS props, labels(n) AS labels",
                id=node_id,
            )
            if not rows:
                raise KeyError(node_id)
            self._node_cache[node_id] = node_from_record(rows[0]["props"], rows[0]["labels"])
        return self._node_cache[node_id]

    def _nodes_by_ids(self, ids: Iterable[str]) -> None:
        missing = [i for i in set(ids) if i not in self._node_cache]
        if not missing:
            return
        rows = self.run(
            f"MATCH (n:{MARK}) WHERE n.id IN $ids RETURN properties(n) AS props, labels(n) AS labels",
            ids=missing,
        )
        for row in rows:
            node = node_from_record(row["props"], row["labels"])
            self._node_cache[node.id] = node

    def nodes(self, kind: str | None = None) -> list[Node]:
        label = kind if kind in KINDS else MARK
        rows = self.run(
            f"MATCH (n:{MARK}:{label}) RETURN properties(n) AS props, labels(n) AS labels ORDER BY n.id"
        )
        return [node_from_record(r["props"], r["labels"]) for r in rows]

    def _edges(self, where: str = "", **params: Any) -> list[Edge]:
        rows = self.run(
            f"MATCH (a:{MARK})-[r:{_types(EDGE_TYPES)}]->(b:{MARK}) {where} RETURN {_EDGE_RETURN}",
            **params,
        )
        return self._path_edges(rows)

    def edges(self) -> Iterator[Edge]:
        return iter(self._edges())

    def in_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        found = self._edges("WHERE b.id = $id", id=node_id)
        return [e for e in found if edge_type is None or e.type == edge_type]

    def out_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        found = self._edges("WHERE a.id = $id", id=node_id)
        return [e for e in found if edge_type is None or e.type == edge_type]

    # -- names -----------------------------------------------------------------------

    def lookup(self, text: str) -> list[tuple[str, str]]:
        rows = self.run(
            f"MATCH (n:{MARK}) WHERE n.id_key = $key OR n.name_key = $key OR $key IN n.alias_keys "
            "RETURN n.id AS id, n.id_key = $key AS by_id, n.name_key = $key AS by_name, "
            "$key IN n.alias_keys AS by_alias",
            key=text.casefold(),
        )
        found = []
        for row in rows:
            for field, flag in (("id", "by_id"), ("name", "by_name"), ("alias", "by_alias")):
                if row[flag]:
                    found.append((field, row["id"]))
        return found

    def name_records(self) -> Iterable[NameRecord]:
        rows = self.run(
            f"MATCH (n:{MARK}) RETURN n.id AS id, n.name AS name, "
            "[l IN labels(n) WHERE l IN $kinds][0] AS kind, n.aliases AS aliases, "
            "n.description AS description",
            kinds=list(KINDS),
        )
        return [
            NameRecord(r["id"], r["name"], r["kind"], tuple(r["aliases"] or ()), r["description"] or "")
            for r in rows
        ]

    def stats(self) -> dict:
        kinds = self.run(
            f"MATCH (n:{MARK}) UNWIND [l IN labels(n) WHERE l IN $kinds] AS kind RETURN kind, count(*) AS n",
            kinds=list(KINDS),
        )
        types = self.run(
            f"MATCH (:{MARK})-[r:{_types(EDGE_TYPES)}]->(:{MARK}) RETURN type(r) AS type, count(*) AS n"
        )
        by_kind = Counter({r["kind"]: r["n"] for r in kinds})
        by_type = Counter({r["type"]: r["n"] for r in types})
        return {
            "nodes": sum(by_kind.values()),
            "edges": sum(by_type.values()),
            "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
            "by_type": {t: by_type.get(t, 0) for t in EDGE_TYPES},
        }

    # -- queries ---------------------------------------------------------------------

    def _reachable(self, start: str, edge_types: tuple[str, ...], backward: bool) -> list[str]:
        types = _types(edge_types)
        if self.has_apoc:
            arrow = "|".join((f"<{t}" if backward else f"{t}>") for t in types.split("|"))
            rows = self.run(
                f"MATCH (s:{MARK} {{id: $id}}) "
                "CALL apoc.path.subgraphNodes(s, {relationshipFilter: $filter}) YIELD node "
                "RETURN collect(node.id) AS ids",
                id=start,
                filter=arrow,
            )
        else:
            pattern = f"<-[:{types}*0..]-" if backward else f"-[:{types}*0..]->"
            rows = self.run(
                f"MATCH (s:{MARK} {{id: $id}}){pattern}(n:{MARK}) RETURN collect(DISTINCT n.id) AS ids",
                id=start,
            )
        return rows[0]["ids"] if rows else []

    def prerequisite_closure(self, goal: str) -> list[Edge]:
        ids = self._reachable(goal, (PREREQUISITE,), backward=True)
        self._nodes_by_ids(ids)
        return self._edges("WHERE b.id IN $ids AND type(r) = $type", ids=ids, type=PREREQUISITE)

    def dataset(self) -> Dataset:
        dataset = Dataset.from_records(self.nodes(), self._edges())
        return dataset

    def close(self) -> None:
        self.driver.close()


def node_row(node: Node) -> dict:
    """The properties stored for a node, with the keys name resolution matches on."""
    props = {key: value for key, value in node.to_dict().items() if key != "kind"}
    props["id_key"] = node.id.casefold()
    props["name_key"] = node.name.casefold()
    props["alias_keys"] = [alias.casefold() for alias in node.aliases]
    return {"id": node.id, "props": props}


def edge_row(edge: Edge, cost: StepCost) -> dict:
    """The properties stored on a relationship, with the step costs (graph/steps.py):
    ``w_months``/``w_cost`` are the weights Dijkstra uses."""
    props = {key: value for key, value in edge.to_dict().items() if key in _EDGE_PROPS}
    props["w_months"] = float(cost.months)
    props["w_cost"] = float(cost.cost_usd)
    props["req_months"] = float(cost.requirement_months)
    props["req_cost"] = float(cost.requirement_cost_usd)
    return {"source": edge.source, "target": edge.target, "props": props}
