"""The explorer page: the whole graph, searchable and filterable, laid out left to right."""

from __future__ import annotations

from collections import defaultdict
from math import ceil, sqrt
from pathlib import Path

import networkx as nx

from careergraph.graph.model import EDGE_TYPES, KINDS, Dataset
from careergraph.present.vis import (
    ALTERNATIVE_COLOURS,
    BEST_COLOUR,
    COLUMN,
    DIM_EDGE_COLOUR,
    EDGE_COLOUR,
    EDGE_DASHES,
    ROW,
    add_node,
    facts,
    kind_styles,
    network,
    node_colour,
    render_page,
    write_page,
)


def write_explorer_page(dataset: Dataset, path: Path, open_page: bool = False) -> Path:
    """Write the whole-graph explorer: search, filters by kind and edge type, details and
    prerequisite/unlock highlighting on click, a precomputed layout with physics off."""
    return write_page(explorer_page(dataset), path, open_page)


def layered_layout(dataset: Dataset) -> dict[str, tuple[float, float]]:
    """Positions that read left to right: a column per longest-path layer (strongly
    connected groups share a layer), rows ordered by a few barycentre sweeps, tall layers
    wrapped into side-by-side sub-columns. Pure Python and deterministic."""
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(dataset.nodes, key=lambda nid: (dataset.nodes[nid].kind, nid)))
    graph.add_edges_from((e.source, e.target) for e in dataset.edges)
    condensed = nx.condensation(graph)
    depth: dict[int, int] = {}
    for component in nx.topological_sort(condensed):
        depth[component] = max((depth[p] + 1 for p in condensed.predecessors(component)), default=0)
    layer_of = {nid: depth[condensed.graph["mapping"][nid]] for nid in graph}
    layers: dict[int, list[str]] = defaultdict(list)
    for nid in graph:  # graph order: by kind, then id
        layers[layer_of[nid]].append(nid)
    row: dict[str, float] = {}
    for members in layers.values():
        row.update((nid, i) for i, nid in enumerate(members))
    numbered = sorted(layers)
    for sweep in range(4):
        forward = sweep % 2 == 0
        neighbours = graph.predecessors if forward else graph.successors
        for layer in numbered if forward else reversed(numbered):
            members = layers[layer]
            centre = {}
            for nid in members:
                near = [row[m] for m in neighbours(nid) if layer_of[m] != layer]
                centre[nid] = sum(near) / len(near) if near else row[nid]
            members.sort(key=lambda nid: (centre[nid], row[nid]))
            row.update((nid, i) for i, nid in enumerate(members))
    max_rows = max(12, int(sqrt(len(graph)) * 1.5))
    step = ROW * 1.4  # vertical distance between rows: room for a wrapped label
    positions: dict[str, tuple[float, float]] = {}
    x = 0.0
    for layer in numbered:
        members = layers[layer]
        columns = ceil(len(members) / max_rows)
        rows = ceil(len(members) / columns)
        # Short layers spread out (up to twice the spacing) to use the page's height.
        spacing = step if rows < 2 else min(2 * step, step * (max_rows - 1) / (rows - 1))
        for i, nid in enumerate(members):
            column, r = divmod(i, rows)
            positions[nid] = (x + column * COLUMN * 0.65, (r - (rows - 1) / 2) * spacing)
        x += columns * COLUMN * 0.65 + COLUMN * 0.2
    return positions


def explorer_page(dataset: Dataset) -> str:
    """The explorer page as HTML text: every node and edge, coloured by kind, with a
    precomputed layout."""
    net = network()
    positions = layered_layout(dataset)
    big = len(dataset.nodes) > 500
    for node in dataset.nodes.values():
        x, y = positions[node.id]
        add_node(
            net,
            node,
            shape="dot",
            size=12,
            x=x,
            y=y,
            color=node_colour(node.kind),
            borderWidth=1,
            font={"size": 14},
            widthConstraint={"maximum": COLUMN * 0.6},
            cgKind=node.kind,
        )
    for index, edge in enumerate(dataset.edges):
        net.add_edge(
            edge.source,
            edge.target,
            id=f"e{index}",
            arrows="to",
            dashes=EDGE_DASHES[edge.type],
            color={"color": EDGE_COLOUR, "highlight": "#222222", "hover": "#222222", "opacity": 0.6},
            width=1,
            cgType=edge.type,
        )
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "facts": facts(dataset.nodes.values()),
        "edgeFacts": {f"e{i}": e.to_dict() for i, e in enumerate(dataset.edges)},
        "kindStyles": kind_styles(),
        "edgeColour": EDGE_COLOUR,
        "dimEdgeColour": DIM_EDGE_COLOUR,
        "highlightColours": {"prerequisite": BEST_COLOUR, "unlock": ALTERNATIVE_COLOURS[0]},
        "pathNodeIds": [],
        "pathEdgeIds": [],
        "big": big,
    }
    return render_page(
        "explorer",
        "careergraph explorer",
        data,
        subtitle=f"{len(dataset.nodes)} nodes, {len(dataset.edges)} edges",
        kinds=list(KINDS),
        edge_types=list(EDGE_TYPES),
    )
