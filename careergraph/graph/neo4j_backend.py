"""The Neo4j backend: the same Backend interface, answered by a Neo4j server.

Queries are parameterised (``$id``); labels and relationship types are only ever taken
from the fixed tuples in model.py. careergraph's nodes carry the label ``CareerGraph``
besides their kind, so other data in the database is never read or touched.

Every read is one query, so a query command costs a few round trips, not one per node
(docs/neo4j.md, "Round trips"): ``lookup`` also returns the nodes it finds, ``in_edges``
reads a node's whole neighbourhood with the nodes around it, and pathways, plans and reach
run in process on a copy read in one query (``dataset``, queries/local.py).

Each relationship also stores static step weights ``w_months``/``w_cost`` (graph/steps.py)
for the named Cypher queries run in Neo4j Browser; careergraph's own queries price
pathways move by move and do not use them.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Collection, Container, Iterable, Iterator
from operator import itemgetter
from typing import Any, TypeVar

from careergraph.errors import BackendUnavailable, UsageError
from careergraph.graph.backend import NameRecord
from careergraph.graph.collector import paused
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
from careergraph.graph.rings import DictBall, ball_by_sources, rings_by_sources
from careergraph.graph.steps import StepCost

T = TypeVar("T")
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


_EDGE_ENDS = "a.id AS source, b.id AS target, type(r) AS type"
# An edge's fields after its ends, in Edge's order: what ``dataset()`` reads as columns.
_EDGE_COLUMNS = EDGE_FIELDS[3:]
_EDGE_RETURN = f"{_EDGE_ENDS}, properties(r) AS props"
_NODE_RETURN = "properties(n) AS props, labels(n) AS labels"


class Neo4jBackend:
    """Backend over a Neo4j server; one driver (and its connection pool) per backend,
    closed by ``close()``.

    ``transactions`` counts the transactions run on the server since construction (the
    connectivity check at construction is not one): each query through ``run``/``write``
    is one ``execute_query`` call (two round trips: BEGIN with RUN and PULL pipelined, then
    COMMIT), a ``transaction`` unit of work is one managed transaction of several queries.
    Nodes and neighbourhoods read are kept for the backend's life, as the in-process copy
    of queries/local.py is: a new backend (each CLI command) reads afresh.
    """

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
                # Every result is read whole, so ask for all records at once: the default
                # (1000 per PULL) costs a round trip per thousand rows.
                fetch_size=-1,
                notifications_min_severity="OFF",
            )
        except (neo4j.exceptions.ConfigurationError, ValueError) as exc:
            raise BackendUnavailable(f"cannot use NEO4J_URI {settings.uri!r}: {exc}") from None
        self.transactions = 0
        self._count_lock = threading.Lock()
        self._apoc: bool | None = None
        self._node_cache: dict[str, Node] = {}
        # node id -> (edges in, edges out), set in one assignment: threads share a backend
        self._around: dict[str, tuple[list[Edge], list[Edge]]] = {}
        # Fail fast, with exit 3, when the server is not there: verify_connectivity does not
        # retry (a managed transaction retries a refused connection for the whole
        # max_transaction_retry_time). It opens the pooled connection the queries then
        # use; a missing database is reported by the first query, in the same words.
        self._guard(self.driver.verify_connectivity)

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

    def _transact(self, work: Callable[[], Any]) -> Any:
        """The one place a transaction starts: counted, and errors mapped to ours."""
        with self._count_lock:
            self.transactions += 1
        return self._guard(work)

    def _session(self, read: bool = False) -> Any:
        import neo4j

        # The bookmarks execute_query keeps: a session then sees what an earlier
        # execute_query wrote, on a cluster too.
        return self.driver.session(
            database=self.database,
            default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        )

    def run(self, query: str, **params: Any) -> list[dict]:
        """Run one read query (``execute_query``, a read transaction); rows as dicts."""
        import neo4j

        return self._execute(query, params, write=False, result=neo4j.Result.data)

    def run_values(self, query: str, **params: Any) -> list:
        """Run one read query; its rows as the driver's records (tuples of plain values),
        for large results of maps and lists: ``run``'s dicts go through the driver's
        recursive ``Record.data``."""
        return self._execute(query, params, write=False, result=list)

    def write(self, query: str, **params: Any) -> Any:
        """Run one write query (``execute_query``, a write transaction); its counters."""
        return self._execute(query, params, write=True, result=lambda done: done.consume().counters)

    def _execute(self, query: str, params: dict, write: bool, result: Callable[[Any], T]) -> T:
        """One query as one ``execute_query`` transaction, routed to a writer or a reader,
        its result made by ``result`` while the records stream in."""
        import neo4j

        return self._transact(
            lambda: self.driver.execute_query(
                query,
                params,
                routing_=neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ,
                database_=self.database,
                result_transformer_=result,
            )
        )

    def transaction(self, work: Callable[[Any], T], write: bool = False) -> T:
        """Run ``work(tx)``, a unit of several queries, in one managed transaction
        (``session.execute_read``/``execute_write``: retried whole on transient errors)."""

        def unit() -> T:
            with self._session(read=not write) as session:
                return session.execute_write(work) if write else session.execute_read(work)

        return self._transact(unit)

    def run_auto(self, query: str, **params: Any) -> Any:
        """An auto-commit query (needed by CALL { } IN TRANSACTIONS and schema changes)."""

        def work():
            with self._session() as session:
                return session.run(query, params).consume().counters

        return self._transact(work)

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

    def _keep(self, rows: Iterable[dict]) -> None:
        for row in rows:
            node = node_from_record(row["props"], row["labels"])
            self._node_cache[node.id] = node

    def node(self, node_id: str) -> Node:
        if node_id not in self._node_cache:
            rows = self.run(f"MATCH (n:{MARK} {{id: $id}}) RETURN {_NODE_RETURN}", id=node_id)
            if not rows:
                raise KeyError(node_id)
            self._keep(rows)
        return self._node_cache[node_id]

    def nodes(self, kind: str | None = None) -> list[Node]:
        label = kind if kind in KINDS else MARK
        rows = self.run(f"MATCH (n:{MARK}:{label}) RETURN {_NODE_RETURN} ORDER BY n.id")
        return [node_from_record(r["props"], r["labels"]) for r in rows]

    def edges(self) -> Iterator[Edge]:
        rows = self.run(f"MATCH (a:{MARK})-[r:{_types(EDGE_TYPES)}]->(b:{MARK}) RETURN {_EDGE_RETURN}")
        return iter(_edges_from(rows))

    def _neighbourhood(self, node_id: str) -> tuple[list[Edge], list[Edge]]:
        """A node's edges in and out, read with the nodes at their other ends in one query."""
        if node_id in self._around:
            return self._around[node_id]
        rows = self.run(
            f"MATCH (n:{MARK} {{id: $id}})-[r:{_types(EDGE_TYPES)}]-(m:{MARK}) "
            f"RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type, "
            "properties(r) AS props, properties(m) AS node_props, labels(m) AS node_labels",
            id=node_id,
        )
        self._keep({"props": r["node_props"], "labels": r["node_labels"]} for r in rows)
        edges = _edges_from(rows)
        around = ([e for e in edges if e.target == node_id], [e for e in edges if e.source == node_id])
        self._around[node_id] = around
        return around

    def in_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        return [e for e in self._neighbourhood(node_id)[0] if edge_type is None or e.type == edge_type]

    def out_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        return [e for e in self._neighbourhood(node_id)[1] if edge_type is None or e.type == edge_type]

    def in_sources(self, node_id: str, edge_types: Container[str]) -> list[str]:
        return [e.source for e in self._neighbourhood(node_id)[0] if e.type in edge_types]

    def in_rings(
        self, node_id: str, edge_types: Collection[str], avoid: Collection[str], past: int
    ) -> tuple[list[list[str]], bool]:
        return rings_by_sources(self.in_sources, node_id, edge_types, avoid, past)

    def ball(self, node_id: str, edge_types: Collection[str], avoid: Collection[str], past: int) -> DictBall:
        return ball_by_sources(self.in_sources, self.out_neighbours, node_id, edge_types, avoid, past)

    def out_neighbours(self, node_id: str) -> list[tuple[str, str]]:
        return [(e.target, e.type) for e in self._neighbourhood(node_id)[1]]

    def out_edge(self, node_id: str, position: int) -> Edge:
        return self._neighbourhood(node_id)[1][position]

    # -- names -----------------------------------------------------------------------

    def lookup(self, text: str) -> list[tuple[str, str]]:
        return self.lookup_many([text])[text]

    def lookup_many(self, texts: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """``lookup`` of each text, in one query; the nodes found are kept, so resolving
        them costs no further query (queries/resolve.py)."""
        keys = {text: text.casefold() for text in texts}
        rows = self.run(
            f"UNWIND $keys AS key MATCH (n:{MARK}) "
            "WHERE n.id_key = key OR n.name_key = key OR key IN n.alias_keys "
            f"RETURN key, {_NODE_RETURN}, n.id_key = key AS by_id, n.name_key = key AS by_name, "
            "key IN n.alias_keys AS by_alias",
            keys=sorted(set(keys.values())),
        )
        self._keep(rows)
        found: dict[str, list[tuple[str, str]]] = {key: [] for key in keys.values()}
        for row in rows:
            for field, flag in (("id", "by_id"), ("name", "by_name"), ("alias", "by_alias")):
                if row[flag]:
                    found[row["key"]].append((field, row["props"]["id"]))
        return {text: found[key] for text, key in keys.items()}

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
        row = self.run(
            f"CALL {{ MATCH (n:{MARK}) UNWIND [l IN labels(n) WHERE l IN $kinds] AS kind "
            "WITH kind, count(*) AS n RETURN collect([kind, n]) AS kinds } "
            f"CALL {{ MATCH (:{MARK})-[r:{_types(EDGE_TYPES)}]->(:{MARK}) "
            "WITH type(r) AS type, count(*) AS n RETURN collect([type, n]) AS types } "
            "RETURN kinds, types",
            kinds=list(KINDS),
        )[0]
        by_kind = Counter(dict(row["kinds"]))
        by_type = Counter(dict(row["types"]))
        return {
            "nodes": sum(by_kind.values()),
            "edges": sum(by_type.values()),
            "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
            "by_type": {t: by_type.get(t, 0) for t in EDGE_TYPES},
        }

    # -- queries ---------------------------------------------------------------------

    def prerequisite_closure(self, goal: str) -> list[Edge]:
        """Three queries (who is upstream, their nodes, the edges among them) in one
        managed read transaction, so they see one state of the graph."""
        apoc = self.has_apoc

        def work(tx) -> tuple[list[dict], list[dict]]:
            ids = _reachable(tx, goal, (PREREQUISITE,), apoc, backward=True)
            nodes = tx.run(f"MATCH (n:{MARK}) WHERE n.id IN $ids RETURN {_NODE_RETURN}", ids=ids).data()
            edges = tx.run(
                f"MATCH (a:{MARK})-[r:{PREREQUISITE}]->(b:{MARK}) WHERE b.id IN $ids RETURN {_EDGE_RETURN}",
                ids=ids,
            ).data()
            return nodes, edges

        nodes, edges = self.transaction(work)
        self._keep(nodes)
        return _edges_from(edges)

    def dataset(self) -> Dataset:
        """The whole graph in one query: each node with its edges out as a list of plain
        values. A row per node, not per edge, and no properties map: the driver spends
        tens of microseconds in Python on each row, so at 1M edges a row per edge (and the
        recursive ``Record.data``) took 75 s where this takes about 13 s."""
        columns = ", ".join(f"r.`{name}`" for name in _EDGE_COLUMNS)
        query = (
            f"MATCH (n:{MARK}) RETURN {_NODE_RETURN}, "
            f"[(n)-[r:{_types(EDGE_TYPES)}]->(b:{MARK}) | [b.id, type(r), {columns}, r.seq]] AS out"
        )
        with paused():  # millions of new objects and none in a cycle, as in loaders/dataset.py
            nodes, edges, seqs = [], [], []
            for props, labels, out in self.run_values(query):
                node = node_from_record(props, labels)
                nodes.append(node)
                for target, edge_type, months, cost, *rest, seq in out:
                    edges.append(Edge(node.id, target, edge_type, months or 0, cost or 0, *rest))
                    seqs.append(seq)
            copy = Dataset.from_records(sorted(nodes, key=lambda n: n.id), _in_load_order(edges, seqs))
            return copy.settle()

    def close(self) -> None:
        self.driver.close()


def _reachable(tx, start: str, edge_types: tuple[str, ...], apoc: bool, backward: bool) -> list[str]:
    """Ids of the nodes reachable from ``start`` (itself included) along ``edge_types``."""
    types = _types(edge_types)
    if apoc:
        arrow = "|".join((f"<{t}" if backward else f"{t}>") for t in types.split("|"))
        result = tx.run(
            f"MATCH (s:{MARK} {{id: $id}}) "
            "CALL apoc.path.subgraphNodes(s, {relationshipFilter: $filter}) YIELD node "
            "RETURN collect(node.id) AS ids",
            id=start,
            filter=arrow,
        )
    else:
        pattern = f"<-[:{types}*0..]-" if backward else f"-[:{types}*0..]->"
        result = tx.run(
            f"MATCH (s:{MARK} {{id: $id}}){pattern}(n:{MARK}) RETURN collect(DISTINCT n.id) AS ids",
            id=start,
        )
    rows = result.data()
    return rows[0]["ids"] if rows else []


def _in_load_order(edges: list[Edge], seqs: list) -> list[Edge]:
    """Edges in the order `careergraph load` wrote them (``seq``: the embedded backend's
    file order), so that pathways that tie are chosen alike; edges without one (made in
    Browser, say) after them, by their ends."""
    if all(isinstance(seq, int) for seq in seqs):
        return [edges[i] for i in sorted(range(len(edges)), key=seqs.__getitem__)]
    keyed = [
        ((0, seq) if isinstance(seq, int) else (1, 0, *edge.key), edge)
        for edge, seq in zip(edges, seqs, strict=True)
    ]
    return [edge for _, edge in sorted(keyed, key=itemgetter(0))]


def _edges_from(rows: Iterable[dict]) -> list[Edge]:
    return [edge_from_record(r["source"], r["target"], r["type"], r["props"]) for r in rows]


def node_row(node: Node) -> dict:
    """The properties stored for a node, with the keys name resolution matches on."""
    props = {key: value for key, value in node.to_dict().items() if key != "kind"}
    props["id_key"] = node.id.casefold()
    props["name_key"] = node.name.casefold()
    props["alias_keys"] = [alias.casefold() for alias in node.aliases]
    return {"id": node.id, "props": props}


def edge_row(edge: Edge, cost: StepCost, seq: int) -> dict:
    """The properties stored on a relationship, with the step costs (graph/steps.py):
    ``w_months``/``w_cost`` are the weights Dijkstra uses; ``seq`` is the edge's position
    in the dataset loaded, so that ``dataset()`` gives the edges back in that order."""
    props = {key: value for key, value in edge.to_dict().items() if key in _EDGE_PROPS}
    props["seq"] = seq
    props["w_months"] = float(cost.months)
    props["w_cost"] = float(cost.cost_usd)
    props["req_months"] = float(cost.requirement_months)
    props["req_cost"] = float(cost.requirement_cost_usd)
    return {"source": edge.source, "target": edge.target, "props": props}
