"""Loading a validated dataset into Neo4j: schema first, then batched UNWIND ... MERGE.

Idempotent: nodes are merged on their id, relationships on their ends and type, and
every property is set from the dataset, so loading twice changes nothing. Only nodes
labelled CareerGraph (and relationships between them) are written or, with
``replace=True``, deleted; other data in the database survives.

Relationships are written grouped by their end node: at 1M edges the server took 65-71 s
for them instead of 76-82 s, a dense node's relationships written together. The client's
share (each edge's step costs, 6.4 s at 1M, and each batch's rows) is done in a second
thread while the server writes, not between its writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from careergraph.graph.model import EDGE_TYPES, KINDS, Dataset
from careergraph.graph.neo4j_backend import MARK, Neo4jBackend, edge_row, node_row
from careergraph.graph.steps import step_costs

BATCH_SIZE = 5_000

SCHEMA = [
    f"CREATE CONSTRAINT careergraph_id IF NOT EXISTS FOR (n:{MARK}) REQUIRE n.id IS UNIQUE",
    *(
        f"CREATE CONSTRAINT careergraph_{kind.lower()}_id IF NOT EXISTS FOR (n:{kind}) REQUIRE n.id IS UNIQUE"
        for kind in KINDS
    ),
    f"CREATE INDEX careergraph_name_key IF NOT EXISTS FOR (n:{MARK}) ON (n.name_key)",
    f"CREATE INDEX careergraph_id_key IF NOT EXISTS FOR (n:{MARK}) ON (n.id_key)",
]


def _node_query(kind: str, create: bool = False) -> str:
    """MERGE on the id (idempotent); CREATE when careergraph's data is known to be empty."""
    if create:
        return f"UNWIND $rows AS row CREATE (n:{MARK}:{kind}) SET n = row.props"
    # The label comes from the fixed KINDS tuple; a node whose kind changed loses the old one.
    others = ":".join(k for k in KINDS if k != kind)
    return (
        f"UNWIND $rows AS row MERGE (n:{MARK} {{id: row.id}}) "
        f"SET n = row.props REMOVE n:{others} SET n:{kind}"
    )


def _edge_query(edge_type: str, create: bool = False) -> str:
    verb = "CREATE" if create else "MERGE"
    return (
        f"UNWIND $rows AS row MATCH (a:{MARK} {{id: row.source}}), (b:{MARK} {{id: row.target}}) "
        f"{verb} (a)-[r:{edge_type}]->(b) SET r = row.props"
    )


def _is_empty(backend: Neo4jBackend) -> bool:
    return backend.run(f"MATCH (n:{MARK}) RETURN count(n) = 0 AS empty")[0]["empty"]


@dataclass
class LoadReport:
    nodes: int
    edges: int
    seconds: float
    database: dict

    def to_dict(self) -> dict:
        return {
            "loaded_nodes": self.nodes,
            "loaded_edges": self.edges,
            "seconds": round(self.seconds, 3),
            "database": self.database,
        }


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _made_ahead(pool: ThreadPoolExecutor, batches: Iterator[list[dict]]) -> Iterator[list[dict]]:
    """``batches`` in order, each made in ``pool`` while the one before it is written (an
    error making one is raised where it would have been)."""
    pending = pool.submit(next, batches, None)
    while (batch := pending.result()) is not None:
        pending = pool.submit(next, batches, None)
        yield batch


def _edge_rows(dataset: Dataset, edge_type: str, costs: Sequence) -> Iterator[dict]:
    """The rows of one type's relationships, grouped by the node they end at."""
    edges = dataset.edges
    for positions in dataset.adjacency()[1].values():
        for seq in positions:
            edge = edges[seq]
            if edge.type == edge_type:
                yield edge_row(edge, costs[seq], seq)


def load(
    backend: Neo4jBackend,
    dataset: Dataset,
    replace: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Write a (validated) dataset into Neo4j in batches, one transaction per batch.

    Into an empty careergraph graph (a first load, or after ``replace``) records are
    CREATEd, which skips MERGE's look-ups; otherwise they are MERGEd. Either way a load
    that was cut short converges when run again: the second run finds data and MERGEs.
    ``progress`` is called with the number of records written after each batch.
    """
    started = time.perf_counter()
    for statement in SCHEMA:
        backend.run_auto(statement)
    if replace:
        backend.run_auto(
            f"MATCH (n:{MARK}) CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF {batch_size} ROWS"
        )
    create = _is_empty(backend)
    with ThreadPoolExecutor(max_workers=1) as pool:
        costs = pool.submit(step_costs, dataset)  # worked out while the nodes are written
        for kind in KINDS:
            rows = [node_row(n) for n in dataset.nodes.values() if n.kind == kind]
            query = _node_query(kind, create)
            for batch in _batches(rows, batch_size):
                backend.write(query, rows=batch)
                if progress:
                    progress(len(batch))
        for edge_type in EDGE_TYPES:
            query = _edge_query(edge_type, create)
            batches = _batches(_edge_rows(dataset, edge_type, costs.result()), batch_size)
            for batch in _made_ahead(pool, batches):
                backend.write(query, rows=batch)
                if progress:
                    progress(len(batch))
    return LoadReport(
        nodes=len(dataset.nodes),
        edges=len(dataset.edges),
        seconds=time.perf_counter() - started,
        database=backend.stats(),
    )


def load_naively(backend: Neo4jBackend, dataset: Dataset) -> float:
    """One record per transaction: the baseline the benchmark compares the batched loader
    with. Returns seconds taken."""
    started = time.perf_counter()
    for statement in SCHEMA:
        backend.run_auto(statement)
    for node in dataset.nodes.values():
        backend.write(_node_query(node.kind), rows=[node_row(node)])
    costs = step_costs(dataset)
    for seq, edge in enumerate(dataset.edges):
        backend.write(_edge_query(edge.type), rows=[edge_row(edge, costs[seq], seq)])
    return time.perf_counter() - started
