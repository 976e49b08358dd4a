"""The pathway page: every pathway of a path query left to right, with its neighbours."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyvis.network import Network

from careergraph.graph.backend import Backend
from careergraph.graph.model import Edge, Node, months, usd
from careergraph.present.vis import (
    BAND_GAP,
    BEST_COLOUR,
    COLUMN,
    CONTEXT_SLOT,
    DIM_EDGE_COLOUR,
    EDGE_COLOUR,
    EDGE_DASHES,
    LANE,
    MIN_LABEL_PX,
    NODE_BOX,
    PATHWAY_VIEW,
    ROW,
    LegendItem,
    add_dimmed_node,
    add_node,
    bands,
    blend,
    columns_per_band,
    edge_label,
    facts,
    fit_scale,
    network,
    node_colour,
    pathway_colour,
    render_page,
    write_page,
)
from careergraph.queries.paths import PathResult, PathStep

SMALLEST_FONT = 14  # px of a pathway node's label between the two ends


def write_path_page(backend: Backend, result: PathResult, path: Path, open_page: bool = False) -> Path:
    """Write the pathway page for ``result`` (all its alternatives) to ``path``.

    The best pathway is drawn left to right and highlighted; alternatives in their own
    colours; the direct neighbours of pathway nodes dimmed around them. Returns the path;
    opens it in a browser only when ``open_page`` is true.
    """
    return write_page(path_page(backend, result), path, open_page)


def path_page(backend: Backend, result: PathResult) -> str:
    """The pathway page as HTML text: lay out, draw, then render the template."""
    layout = _drawable(result)
    net = network()
    _add_pathway_nodes(net, layout)
    touching, context = _add_context(net, backend, layout)
    edges = _add_edges(net, layout, touching)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "facts": facts(list(layout.nodes.values()) + context),
        "edgeFacts": edges.facts,
        "pathNodeIds": list(layout.nodes),
        "pathEdgeIds": edges.path_ids,
        "bestNodeIds": layout.best_ids,
        "bestEdgeIds": edges.best_ids,
    }
    unit = {"hops": "steps", "months": "months", "cost": "cost"}[result.by]
    return render_page(
        "pathway",
        f"{result.source.name} → {result.target.name}",
        data,
        subtitle=f"{len(result.paths)} pathway{'s' if len(result.paths) != 1 else ''}, "
        f"best by {unit}; edges: {result.edges}" + _undrawn(result, layout),
        pathways=_pathway_records(result),
        legend_paths=_legend(layout.result),
    )


def _undrawn(result: PathResult, layout: _Layout) -> str:
    drawn = len(layout.result.paths)
    if drawn == len(result.paths):
        return ""
    return f" — the graph draws the first {drawn}, so that its labels stay readable; the list has all"


def _drawable(result: PathResult) -> _Layout:
    """The layout of as many pathways, best first, as fit PATHWAY_VIEW with labels of
    MIN_LABEL_PX or more (always the best one); the others stay in the page's list."""
    for count in range(len(result.paths), 1, -1):
        layout = _lay_out_pathways(replace(result, paths=result.paths[:count]))
        if layout.scale * SMALLEST_FONT >= MIN_LABEL_PX:
            return layout
    return _lay_out_pathways(replace(result, paths=result.paths[:1]))


@dataclass
class _Layout:
    """Where the pathway nodes go: a column (level) and lane each, and which pathway
    (rank, 0 the best) first drew each node."""

    result: PathResult
    nodes: dict[str, Node] = field(default_factory=dict)
    level: dict[str, int] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)
    position: dict[str, tuple[float, float]] = field(default_factory=dict)
    band: dict[str, int] = field(default_factory=dict)  # which band (row of columns) a node is in
    bands: int = 1
    scale: float = 1.0  # vis-network's scale when it fits the pathways into PATHWAY_VIEW

    def above(self, anchor: str, index: int) -> bool:
        """Whether an anchor's neighbours go above the pathways: alternately when they
        fit one band, else above for the upper bands and below for the lower ones."""
        return index % 2 == 0 if self.bands == 1 else self.band[anchor] < self.bands / 2

    @property
    def best_ids(self) -> list[str]:
        return [n.id for n in self.result.paths[0].nodes]

    def order(self) -> dict[str, int]:
        """Pathway nodes by pathway rank, then column: the order neighbours are placed in."""
        ordered = sorted(self.nodes, key=lambda nid: (self.rank[nid], self.level[nid]))
        return {nid: i for i, nid in enumerate(ordered)}


def _levels(result: PathResult) -> dict[str, int]:
    """Column per pathway node: the longest position over all pathways, so every pathway
    runs strictly left to right (bounded relaxation if their union cycles)."""
    level: dict[str, int] = {}
    for pathway in result.paths:
        for index, node in enumerate(pathway.nodes):
            level[node.id] = max(level.get(node.id, 0), index)
    for _ in range(len(level)):
        changed = False
        for pathway in result.paths:
            for a, b in zip(pathway.nodes, pathway.nodes[1:], strict=False):
                if level[b.id] <= level[a.id] and b.id != result.source.id:
                    level[b.id] = level[a.id] + 1
                    changed = True
        if not changed:
            break
    level[result.target.id] = max(level.values())
    level[result.source.id] = 0
    return level


def _lay_out_pathways(result: PathResult) -> _Layout:
    """The best pathway on the middle lane, alternatives alternately below and above; the
    columns wrapped into bands (read left to right, top to bottom) so that the pathways
    fit a 1366x768 window with readable labels."""
    layout = _Layout(result, level=_levels(result))
    lane: dict[str, int] = {}
    for rank, pathway in enumerate(result.paths):
        offset = 0 if rank == 0 else (rank + 1) // 2 * (1 if rank % 2 else -1)
        for node in pathway.nodes:
            lane.setdefault(node.id, offset)
            layout.rank.setdefault(node.id, rank)
            layout.nodes.setdefault(node.id, node)
    lane[result.source.id] = lane[result.target.id] = 0
    used = sorted(set(lane.values()))  # only lanes a node sits on
    band_height = (len(used) - 1) * LANE
    columns = max(layout.level.values()) + 1

    def size(per_band: int) -> tuple[float, float]:
        count = bands(columns, per_band)
        return (per_band - 1) * COLUMN + NODE_BOX[0], count * band_height + (count - 1) * (
            LANE + BAND_GAP
        ) + NODE_BOX[1]

    layout.bands = bands(columns, columns_per_band(columns, size, PATHWAY_VIEW))
    per_band = -(-columns // layout.bands)  # as many columns in each band as can be
    layout.scale = fit_scale(size(per_band), PATHWAY_VIEW)
    for nid in layout.nodes:
        layout.band[nid] = layout.level[nid] // per_band
        x = (layout.level[nid] % per_band) * COLUMN
        y = layout.band[nid] * (band_height + LANE + BAND_GAP) + used.index(lane[nid]) * LANE
        layout.position[nid] = (x, y)
    return layout


def _add_pathway_nodes(net: Network, layout: _Layout) -> None:
    ends = (layout.best_ids[0], layout.best_ids[-1])
    for node_id, node in layout.nodes.items():
        best = layout.rank[node_id] == 0
        x, y = layout.position[node_id]
        add_node(
            net,
            node,
            x=x,
            y=y,
            level=layout.level[node_id],
            cgBand=layout.band[node_id],
            color=node_colour(node.kind, border=pathway_colour(layout.rank[node_id])),
            borderWidth=4 if best else 3,
            font={"color": "#ffffff", "size": 16 if node_id in ends else SMALLEST_FONT},
            margin=10,
            cgRole="best" if best else "alternative",
            cgKind=node.kind,
        )


def _add_context(net: Network, backend: Backend, layout: _Layout) -> tuple[dict, list[Node]]:
    """Every edge touching a pathway node, and the node at its other end drawn dimmed in
    a free slot above or below its anchor. Returns the edges by key and those nodes."""
    touching: dict[tuple[str, str, str], Edge] = {}
    for node_id in layout.nodes:
        for edge in backend.in_edges(node_id) + backend.out_edges(node_id):
            touching.setdefault(edge.key, edge)
    anchors: dict[str, list[Node]] = defaultdict(list)
    context: dict[str, Node] = {}
    order = layout.order()
    for edge in sorted(touching.values(), key=lambda e: (order.get(e.source, order.get(e.target)), e.key)):
        for inside, outside in ((edge.source, edge.target), (edge.target, edge.source)):
            if inside in layout.nodes and outside not in layout.nodes and outside not in context:
                context[outside] = backend.node(outside)
                anchors[inside].append(context[outside])
    top = min(y for _, y in layout.position.values()) - LANE
    bottom = max(y for _, y in layout.position.values()) + LANE
    taken: set[tuple[bool, int, int]] = set()
    for index, anchor in enumerate(sorted(anchors, key=lambda nid: order[nid])):
        above = layout.above(anchor, index)
        home = round(layout.position[anchor][0] / CONTEXT_SLOT)
        for node in anchors[anchor]:
            _, row, column = min(
                (row + abs(shift), row, home + shift)
                for row in range(len(context) + 1)
                for shift in (0, -1, 1, -2, 2)
                if (above, row, home + shift) not in taken
            )
            taken.add((above, row, column))
            x, y = column * CONTEXT_SLOT, (top - row * ROW if above else bottom + row * ROW)
            layout.position[node.id] = (x, y)
            add_dimmed_node(net, node, x, y, "context", widthConstraint={"maximum": CONTEXT_SLOT - 14})
    return touching, list(context.values())


@dataclass
class _Edges:
    facts: dict[str, dict] = field(default_factory=dict)
    path_ids: list[str] = field(default_factory=list)
    best_ids: list[str] = field(default_factory=list)


def _add_edges(net: Network, layout: _Layout, touching: dict[tuple[str, str, str], Edge]) -> _Edges:
    """Pathway edges in their pathway's colour (the best pathway's style wins where
    pathways share an edge), then the context edges dimmed."""
    step_of: dict[tuple[str, str, str], tuple[int, PathStep]] = {}
    for rank, pathway in enumerate(layout.result.paths):
        for step in pathway.steps:
            step_of.setdefault(step.edge.key, (rank, step))
    out = _Edges()
    for index, edge in enumerate(sorted(touching.values(), key=lambda e: e.key not in step_of)):
        edge_id = f"e{index}"
        out.facts[edge_id] = edge.to_dict()
        style: dict = {"dashes": EDGE_DASHES[edge.type], "arrows": "to", "cgType": edge.type}
        if edge.key in step_of:
            rank, step = step_of[edge.key]
            out.facts[edge_id].update(_step_facts(step), pathway=rank + 1)
            style.update(_step_style(rank, step))
            out.path_ids.append(edge_id)
            if rank == 0:
                out.best_ids.append(edge_id)
        else:
            style.update(
                color={"color": DIM_EDGE_COLOUR, "highlight": EDGE_COLOUR, "hover": EDGE_COLOUR},
                width=1,
                cgRole="context",
            )
        (x1, y1), (x2, y2) = layout.position[edge.source], layout.position[edge.target]
        if y1 == y2 and abs(x2 - x1) > COLUMN:
            style["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.25}
        else:
            style["smooth"] = False
        net.add_edge(edge.source, edge.target, id=edge_id, **style)
    return out


def _step_facts(step: PathStep) -> dict:
    """A move's schedule for its edge's tooltip and details: its month range, what it
    costs and what it obtained on the way (the target's other requirements)."""
    return {
        "step_months": step.months,
        "step_cost_usd": step.cost_usd,
        "step_start": step.start_month,
        "step_end": step.end_month,
        "gained": [
            {
                "name": g.node.name,
                "months": g.months,
                "cost_usd": g.cost_usd,
                "start": g.start_month,
                "end": g.end_month,
            }
            for g in step.gained
        ],
    }


def _step_style(rank: int, step: PathStep) -> dict:
    colour = pathway_colour(rank)
    return {
        "color": {"color": colour, "highlight": colour, "hover": colour},
        "width": 6 if rank == 0 else 3,
        "label": edge_label(step.months, step.cost_usd),
        "font": {"size": 13, "strokeWidth": 4, "align": "top"},
        "cgRole": "best" if rank == 0 else "alternative",
    }


def _pathway_records(result: PathResult) -> list[dict]:
    """One line per pathway for the page's list."""
    return [
        {
            "rank": rank + 1,
            "colour": pathway_colour(rank),
            "names": " → ".join(n.name for n in pathway.nodes),
            "hops": pathway.hops,
            "months": months(pathway.months, short=True),
            "cost": usd(pathway.cost_usd),
        }
        for rank, pathway in enumerate(result.paths)
    ]


def _legend(result: PathResult) -> list[LegendItem]:
    items = [LegendItem("Best pathway", BEST_COLOUR, "thick")]
    items += [
        LegendItem(f"Alternative {rank + 1}", pathway_colour(rank), "line")
        for rank in range(1, len(result.paths))
    ]
    items.append(LegendItem("Nearby (one step away)", blend(EDGE_COLOUR), "kind"))
    return items
