"""Interactive HTML pages: a pathway, a plan and the whole-graph explorer.

Each page is one self-contained UTF-8 file: pyvis builds the vis-network node and edge
records, vis-network 9.1.2's JS and CSS are inlined from the installed pyvis package, and
our own template and scripts own the page (pyvis's template loads Bootstrap from a CDN,
copies ``lib/`` into the working directory and puts titles into ``innerHTML``). Text from
data reaches the page only as escaped HTML (Jinja autoescape) or as JSON that the page's
scripts turn into DOM text nodes; see docs/html.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import webbrowser
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from math import ceil, sqrt
from pathlib import Path

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from careergraph.errors import UsageError
from careergraph.graph.backend import Backend
from careergraph.graph.model import (
    EDGE_TYPES,
    KINDS,
    PREREQUISITE,
    RECOMMENDS,
    Dataset,
    Edge,
    Node,
    tidy,
    usd,
)
from careergraph.queries.paths import PathResult
from careergraph.queries.plan import Plan

# One colour per kind on every page (and in the legend).
KIND_COLOURS: dict[str, str] = {
    "Role": "#4e79a7",
    "Certification": "#e15759",
    "Skill": "#59a14f",
    "Education": "#b07aa1",
}
EDGE_DASHES: dict[str, bool | list[int]] = {PREREQUISITE: False, RECOMMENDS: [8, 6]}
EDGE_COLOUR = "#7f8c8d"
DIM_EDGE_COLOUR = "#d5d8dc"
BEST_COLOUR = "#f28e2b"
ALTERNATIVE_COLOURS = ("#17becf", "#9467bd", "#8c564b", "#bcbd22", "#7f7f7f", "#1f77b4")
DONE_COLOUR = "#2e7d32"
VIS_ASSETS = "templates/lib/vis-9.1.2"

# Layout spacing in vis-network pixels.
COLUMN = 260
LANE = 110
ROW = 56
CONTEXT_SLOT = 140  # width of one dimmed neighbour's place around a pathway


# -- public API --------------------------------------------------------------------------


def write_path_page(backend: Backend, result: PathResult, path: Path, open_page: bool = False) -> Path:
    """Write the pathway page for ``result`` (all its alternatives) to ``path``.

    The best pathway is drawn left to right and highlighted; alternatives in their own
    colours; the direct neighbours of pathway nodes dimmed around them. Returns the path;
    opens it in a browser only when ``open_page`` is true.
    """
    return _write_page(path_page(backend, result), path, open_page)


def write_plan_page(backend: Backend, plan: Plan, path: Path, open_page: bool = False) -> Path:
    """Write the plan page: steps left to right in order, requirement groups with the
    chosen alternative solid and the others dimmed and dotted, held nodes marked done."""
    return _write_page(plan_page(backend, plan), path, open_page)


def write_explorer_page(dataset: Dataset, path: Path, open_page: bool = False) -> Path:
    """Write the whole-graph explorer: search, filters by kind and edge type, details and
    prerequisite/unlock highlighting on click, a precomputed layout with physics off."""
    return _write_page(explorer_page(dataset), path, open_page)


def path_page(backend: Backend, result: PathResult) -> str:
    """The pathway page as HTML text."""
    return _PathwayPage(backend, result).html()


def plan_page(backend: Backend, plan: Plan) -> str:
    """The plan page as HTML text."""
    return _PlanPage(backend, plan).html()


def explorer_page(dataset: Dataset) -> str:
    """The explorer page as HTML text."""
    return _ExplorerPage(dataset).html()


def script_json(data: object) -> Markup:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` become
    ``\\u`` escapes (so ``</script>`` or ``<!--`` in data cannot end or change the
    element), as do U+2028/U+2029."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


# -- shared building blocks ----------------------------------------------------------------


def _blend(colour: str, towards: str = "#ffffff", amount: float = 0.7) -> str:
    """``colour`` moved ``amount`` of the way towards ``towards`` (a dimmed tint)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(towards[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def _node_colour(kind: str, dimmed: bool = False, border: str | None = None) -> dict:
    base = KIND_COLOURS[kind]
    fill = _blend(base) if dimmed else base
    edge = border or (_blend(base, amount=0.5) if dimmed else _blend(base, "#000000", 0.3))
    return {
        "background": fill,
        "border": edge,
        "highlight": {"background": fill, "border": "#222222"},
        "hover": {"background": fill, "border": "#222222"},
    }


def _kind_styles() -> dict:
    """Normal and dimmed colours per kind, for the explorer's highlighting in JS."""
    return {kind: {"normal": _node_colour(kind), "dim": _node_colour(kind, dimmed=True)} for kind in KINDS}


def _months(value: float) -> str:
    value = tidy(value)
    return f"{value:g} mo"


def _edge_label(months: float, cost_usd: float) -> str:
    return f"{_months(months)} · {usd(cost_usd)}"


def _network() -> Network:
    # "remote" only chooses how pyvis's own template would load scripts; its template is
    # never rendered here, so nothing is fetched and no lib/ folder is copied.
    return Network(directed=True, cdn_resources="remote")


def _add_dimmed_node(net, node: Node, x: float, y: float, role: str, **options) -> None:
    """A node drawn in the background: a neighbour of a pathway, or an alternative a plan
    did not choose."""
    _add_node(
        net,
        node,
        x=x,
        y=y,
        color=_node_colour(node.kind, dimmed=True),
        borderWidth=1,
        font={"color": "#6b6b6b", "size": 12},
        cgRole=role,
        cgKind=node.kind,
        **options,
    )


def _add_node(net: Network, node: Node, **options) -> None:
    # No ``title``: tooltips are DOM elements built by the page's script from plain facts.
    label = options.pop("label", node.name)
    shape = options.pop("shape", "box")
    if shape == "box":
        options.setdefault("widthConstraint", {"maximum": 190})
    net.add_node(node.id, label=label, shape=shape, **options)


@dataclass(frozen=True)
class _LegendItem:
    label: str
    colour: str
    style: str  # a CSS class of the legend swatch: kind, line, dashed, dotted, done


def _kind_legend() -> list[_LegendItem]:
    return [_LegendItem(kind, KIND_COLOURS[kind], "kind") for kind in KINDS]


def _edge_type_legend() -> list[_LegendItem]:
    return [
        _LegendItem("PREREQUISITE (required before)", EDGE_COLOUR, "line"),
        _LegendItem("RECOMMENDS (a good next step)", EDGE_COLOUR, "dashed"),
    ]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("careergraph.graph", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> str:
    return resources.files("careergraph.graph").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _vis_assets() -> tuple[Markup, Markup]:
    """vis-network's JS and CSS from the installed pyvis package, checked to be safe to
    inline (nothing in them can close their element)."""
    lib = resources.files("pyvis").joinpath(VIS_ASSETS)
    script = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    style = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in style.lower():
        raise RuntimeError("vis-network assets contain a closing tag and cannot be inlined")
    return Markup(script), Markup(style)


def _render(page: str, title: str, data: dict, **context) -> str:
    vis_js, vis_css = _vis_assets()
    scripts = "\n".join(_asset(name) for name in ("common.js", f"{page}.js"))
    for text in (scripts, _asset("page.css")):
        if "</script" in text.lower() or "</style" in text.lower():
            raise RuntimeError("a page asset contains a closing tag")
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()}'"
        for text in (vis_js, scripts)
    )
    context.setdefault("legend_kinds", _kind_legend())
    context.setdefault("legend_lines", _edge_type_legend())
    return (
        _environment()
        .get_template("page.html")
        .render(
            page=page,
            title=title,
            vis_js=vis_js,
            vis_css=vis_css,
            page_css=Markup(_asset("page.css")),
            page_js=Markup(scripts),
            script_hashes=hashes,
            data_json=script_json({"page": page, "kindColours": KIND_COLOURS, **data}),
            **context,
        )
    )


def _write_page(html: str, path: Path, open_page: bool) -> Path:
    """Write atomically (a temporary file beside the target, then rename) as UTF-8."""
    path = Path(path)
    directory = path.parent
    if not directory.is_dir():
        raise UsageError(f"cannot write {path}: the folder {directory} does not exist")
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(html)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if open_page:
        webbrowser.open(path.resolve().as_uri())
    return path


def _facts(nodes: Iterable[Node]) -> dict[str, dict]:
    return {node.id: node.to_dict() for node in nodes}


# -- the pathway page ---------------------------------------------------------------------


class _PathwayPage:
    """Pathways of a PathResult with their one-step context, positioned left to right."""

    def __init__(self, backend: Backend, result: PathResult):
        self.backend = backend
        self.result = result

    def _levels(self) -> dict[str, int]:
        """Column per pathway node: the longest position over all pathways, so every
        pathway runs strictly left to right (bounded relaxation if their union cycles)."""
        level: dict[str, int] = {}
        for pathway in self.result.paths:
            for index, node in enumerate(pathway.nodes):
                level[node.id] = max(level.get(node.id, 0), index)
        for _ in range(len(level)):
            changed = False
            for pathway in self.result.paths:
                for a, b in zip(pathway.nodes, pathway.nodes[1:], strict=False):
                    if level[b.id] <= level[a.id] and b.id != self.result.source.id:
                        level[b.id] = level[a.id] + 1
                        changed = True
            if not changed:
                break
        target = self.result.target.id
        level[target] = max(level.values())
        level[self.result.source.id] = 0
        return level

    def html(self) -> str:
        result = self.result
        net = _network()
        level = self._levels()
        lane: dict[str, int] = {}
        rank_of_node: dict[str, int] = {}
        for rank, pathway in enumerate(result.paths):
            offset = 0 if rank == 0 else (rank + 1) // 2 * (1 if rank % 2 else -1)
            for node in pathway.nodes:
                lane.setdefault(node.id, offset)
                rank_of_node.setdefault(node.id, rank)
        lane[result.source.id] = lane[result.target.id] = 0

        path_nodes: dict[str, Node] = {}
        for pathway in result.paths:
            for node in pathway.nodes:
                path_nodes.setdefault(node.id, node)
        position = {nid: (level[nid] * COLUMN, lane[nid] * LANE) for nid in path_nodes}

        best_ids = [n.id for n in result.paths[0].nodes]
        for node_id, node in path_nodes.items():
            best = rank_of_node[node_id] == 0
            colour = BEST_COLOUR if best else ALTERNATIVE_COLOURS[(rank_of_node[node_id] - 1) % 6]
            x, y = position[node_id]
            _add_node(
                net,
                node,
                x=x,
                y=y,
                level=level[node_id],
                color=_node_colour(node.kind, border=colour),
                borderWidth=4 if best else 3,
                font={"color": "#ffffff", "size": 16 if node_id in (best_ids[0], best_ids[-1]) else 14},
                margin=10,
                cgRole="best" if best else "alternative",
                cgKind=node.kind,
            )

        # Pathway edges: the best pathway's style wins where pathways share an edge.
        step_of: dict[tuple[str, str, str], tuple[int, object]] = {}
        for rank, pathway in enumerate(result.paths):
            for step in pathway.steps:
                step_of.setdefault(step.edge.key, (rank, step))

        # Context: every edge touching a pathway node, and the node at its other end.
        touching: dict[tuple[str, str, str], Edge] = {}
        for node_id in path_nodes:
            for edge in self.backend.in_edges(node_id) + self.backend.out_edges(node_id):
                touching.setdefault(edge.key, edge)
        anchors: dict[str, list[Node]] = defaultdict(list)
        context: dict[str, Node] = {}
        ordered_path_ids = sorted(path_nodes, key=lambda nid: (rank_of_node[nid], level[nid]))
        order = {nid: i for i, nid in enumerate(ordered_path_ids)}
        for edge in sorted(
            touching.values(), key=lambda e: (order.get(e.source, order.get(e.target)), e.key)
        ):
            for inside, outside in ((edge.source, edge.target), (edge.target, edge.source)):
                if inside in path_nodes and outside not in path_nodes and outside not in context:
                    context[outside] = self.backend.node(outside)
                    anchors[inside].append(context[outside])
        top = min(y for _, y in position.values()) - LANE
        bottom = max(y for _, y in position.values()) + LANE
        taken: set[tuple[bool, int, int]] = set()
        for index, anchor in enumerate(sorted(anchors, key=lambda nid: order[nid])):
            above = index % 2 == 0
            home = round(position[anchor][0] / CONTEXT_SLOT)
            for node in anchors[anchor]:
                _, row, column = min(
                    (row + abs(shift), row, home + shift)
                    for row in range(len(context) + 1)
                    for shift in (0, -1, 1, -2, 2)
                    if (above, row, home + shift) not in taken
                )
                taken.add((above, row, column))
                x = column * CONTEXT_SLOT
                y = top - row * ROW if above else bottom + row * ROW
                position[node.id] = (x, y)
                _add_dimmed_node(net, node, x, y, "context", widthConstraint={"maximum": CONTEXT_SLOT - 14})

        path_edge_ids: list[str] = []
        best_edge_ids: list[str] = []
        edge_facts: dict[str, dict] = {}
        for index, edge in enumerate(sorted(touching.values(), key=lambda e: e.key not in step_of)):
            edge_id = f"e{index}"
            facts = edge.to_dict()
            style: dict = {"dashes": EDGE_DASHES[edge.type], "arrows": "to", "cgType": edge.type}
            if edge.key in step_of:
                rank, step = step_of[edge.key]
                facts.update(step_months=step.months, step_cost_usd=step.cost_usd, pathway=rank + 1)
                colour = BEST_COLOUR if rank == 0 else ALTERNATIVE_COLOURS[(rank - 1) % 6]
                style.update(
                    color={"color": colour, "highlight": colour, "hover": colour},
                    width=6 if rank == 0 else 3,
                    label=_edge_label(step.months, step.cost_usd),
                    font={"size": 13, "strokeWidth": 4, "align": "top"},
                    cgRole="best" if rank == 0 else "alternative",
                )
                path_edge_ids.append(edge_id)
                if rank == 0:
                    best_edge_ids.append(edge_id)
            else:
                style.update(
                    color={"color": DIM_EDGE_COLOUR, "highlight": EDGE_COLOUR, "hover": EDGE_COLOUR},
                    width=1,
                    cgRole="context",
                )
            (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
            if y1 == y2 and abs(x2 - x1) > COLUMN:
                style["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.25}
            else:
                style["smooth"] = False
            net.add_edge(edge.source, edge.target, id=edge_id, **style)
            edge_facts[edge_id] = facts

        unit = {"hops": "steps", "months": "months", "cost": "cost"}[result.by]
        pathways = [
            {
                "rank": rank + 1,
                "colour": BEST_COLOUR if rank == 0 else ALTERNATIVE_COLOURS[(rank - 1) % 6],
                "names": " → ".join(n.name for n in pathway.nodes),
                "hops": pathway.hops,
                "months": _months(pathway.months),
                "cost": usd(pathway.cost_usd),
            }
            for rank, pathway in enumerate(result.paths)
        ]
        legend_paths = [_LegendItem("Best pathway", BEST_COLOUR, "thick")] + [
            _LegendItem(f"Alternative {rank + 1}", ALTERNATIVE_COLOURS[(rank - 1) % 6], "line")
            for rank in range(1, len(result.paths))
        ]
        legend_paths.append(_LegendItem("Nearby (one step away)", _blend(EDGE_COLOUR), "kind"))
        data = {
            "nodes": net.nodes,
            "edges": net.edges,
            "facts": _facts(list(path_nodes.values()) + list(context.values())),
            "edgeFacts": edge_facts,
            "pathNodeIds": list(path_nodes),
            "pathEdgeIds": path_edge_ids,
            "bestNodeIds": best_ids,
            "bestEdgeIds": best_edge_ids,
        }
        return _render(
            "pathway",
            f"{result.source.name} → {result.target.name}",
            data,
            subtitle=f"{len(result.paths)} pathway{'s' if len(result.paths) != 1 else ''}, "
            f"best by {unit}; edges: {result.edges}",
            pathways=pathways,
            legend_paths=legend_paths,
        )


# -- the plan page ------------------------------------------------------------------------


class _PlanPage:
    """A plan's steps left to right, their requirement groups and the held nodes."""

    def __init__(self, backend: Backend, plan: Plan):
        self.backend = backend
        self.plan = plan

    def html(self) -> str:
        plan = self.plan
        net = _network()
        column = {step.node.id: i for i, step in enumerate(plan.steps)}
        position: dict[str, tuple[float, float]] = {
            node_id: (i * COLUMN, (i % 2) * LANE * 0.6) for node_id, i in column.items()
        }
        facts: dict[str, Node] = {step.node.id: step.node for step in plan.steps}
        roles: dict[str, str] = {node_id: "step" for node_id in column}
        above: dict[str, int] = defaultdict(int)
        below: dict[str, int] = defaultdict(int)
        for step in plan.steps:
            for requirement in step.requirements:
                for alternative in requirement.alternatives:
                    other = alternative.node.id
                    if other in position:
                        continue
                    facts[other] = alternative.node
                    x = position[step.node.id][0] - COLUMN / 3
                    if alternative.held:
                        roles[other] = "held"
                        position[other] = (x, -LANE - above[step.node.id] * ROW)
                        above[step.node.id] += 1
                    else:
                        roles[other] = "unchosen"
                        position[other] = (x, LANE * 1.6 + below[step.node.id] * ROW)
                        below[step.node.id] += 1
        for i, node in enumerate(n for n in plan.have if n.id not in position):
            facts[node.id] = node
            roles[node.id] = "held"
            position[node.id] = (-COLUMN, i * ROW)
        if not plan.steps:
            facts[plan.goal.id] = plan.goal
            roles[plan.goal.id] = "held"
            position.setdefault(plan.goal.id, (0, 0))

        for node_id, node in facts.items():
            role = roles[node_id]
            x, y = position[node_id]
            if role == "step":
                number = column[node_id] + 1
                _add_node(
                    net,
                    node,
                    label=f"{number}. {node.name}",
                    x=x,
                    y=y,
                    color=_node_colour(node.kind, border=BEST_COLOUR),
                    borderWidth=4 if node_id == plan.goal.id else 2,
                    font={"color": "#ffffff", "size": 15},
                    margin=10,
                    cgRole="step",
                    cgKind=node.kind,
                )
            elif role == "held":
                _add_node(
                    net,
                    node,
                    label=f"✓ {node.name} (held)",
                    x=x,
                    y=y,
                    color=_node_colour(node.kind, dimmed=True, border=DONE_COLOUR),
                    borderWidth=3,
                    font={"color": DONE_COLOUR, "size": 13},
                    cgRole="held",
                    cgKind=node.kind,
                )
            else:
                _add_dimmed_node(net, node, x, y, "unchosen", shapeProperties={"borderDashes": [3, 4]})

        edge_facts: dict[str, dict] = {}
        requirements: dict[str, list[dict]] = {}
        chosen_edge_ids: list[str] = []
        index = 0
        for step in plan.steps:
            groups = []
            for requirement in step.requirements:
                alternatives = []
                for alternative in requirement.alternatives:
                    edge = alternative.edge
                    edge_id = f"e{index}"
                    index += 1
                    if alternative.chosen:
                        colour = DONE_COLOUR if alternative.held else BEST_COLOUR
                        style = {
                            "color": {"color": colour, "highlight": colour, "hover": colour},
                            "width": 4,
                            "dashes": False,
                            "cgRole": "held" if alternative.held else "chosen",
                        }
                        chosen_edge_ids.append(edge_id)
                    else:
                        style = {
                            "color": {
                                "color": DIM_EDGE_COLOUR,
                                "highlight": EDGE_COLOUR,
                                "hover": EDGE_COLOUR,
                            },
                            "width": 1,
                            "dashes": [2, 5],
                            "cgRole": "unchosen",
                        }
                    group_label = (
                        requirement.group if len(requirement.group) <= 40 else requirement.group[:39] + "…"
                    )
                    (x1, _), (x2, _) = position[edge.source], position[edge.target]
                    net.add_edge(
                        edge.source,
                        edge.target,
                        id=edge_id,
                        label=f"{group_label}: {_edge_label(edge.months, edge.cost_usd)}",
                        font={
                            "size": 11,
                            "strokeWidth": 4,
                            "color": "#333333" if alternative.chosen else "#999999",
                        },
                        arrows="to",
                        smooth={"enabled": True, "type": "curvedCW", "roundness": 0.2}
                        if abs(x2 - x1) > COLUMN
                        else False,
                        cgType=edge.type,
                        cgGroup=requirement.group,
                        **style,
                    )
                    edge_facts[edge_id] = {
                        **edge.to_dict(),
                        "group": requirement.group,
                        "chosen": alternative.chosen,
                        "held": alternative.held,
                    }
                    alternatives.append(
                        {
                            "id": alternative.node.id,
                            "name": alternative.node.name,
                            "chosen": alternative.chosen,
                            "held": alternative.held,
                            "estimate": tidy(alternative.estimate),
                        }
                    )
                groups.append({"group": requirement.group, "alternatives": alternatives})
            requirements[step.node.id] = groups

        unit = "months" if plan.by == "months" else "cost"
        steps = [
            {
                "number": i + 1,
                "name": step.node.name,
                "kind": step.node.kind,
                "colour": KIND_COLOURS[step.node.kind],
                "months": _months(step.months),
                "cost": usd(step.cost_usd),
                "because": step.because,
                "groups": [
                    {
                        "group": r.group,
                        "chosen": r.chosen.node.name,
                        "others": [a.node.name for a in r.alternatives if not a.chosen],
                        "held": r.chosen.held,
                    }
                    for r in step.requirements
                ],
            }
            for i, step in enumerate(plan.steps)
        ]
        legend_lines = [
            _LegendItem("Chosen requirement", BEST_COLOUR, "thick"),
            _LegendItem("Met by what you hold", DONE_COLOUR, "line"),
            _LegendItem("Alternative not chosen", EDGE_COLOUR, "dotted"),
        ]
        data = {
            "nodes": net.nodes,
            "edges": net.edges,
            "facts": _facts(facts.values()),
            "edgeFacts": edge_facts,
            "requirements": requirements,
            "pathNodeIds": [step.node.id for step in plan.steps],
            "pathEdgeIds": chosen_edge_ids,
            "heldNodeIds": [node_id for node_id, role in roles.items() if role == "held"],
        }
        exact = "" if plan.exact else " (best found; may not be optimal)"
        return _render(
            "plan",
            f"Plan: {plan.goal.name}",
            data,
            subtitle=f"{len(plan.steps)} steps, cheapest by {unit}{exact}",
            totals=f"{_months(plan.months)} · {usd(plan.cost_usd)}",
            have=[n.name for n in plan.have],
            steps=steps,
            legend_lines=legend_lines,
        )


# -- the explorer ------------------------------------------------------------------------


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


class _ExplorerPage:
    """Every node and edge, coloured by kind, with a precomputed layout."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def html(self) -> str:
        dataset = self.dataset
        net = _network()
        positions = layered_layout(dataset)
        big = len(dataset.nodes) > 500
        for node in dataset.nodes.values():
            x, y = positions[node.id]
            _add_node(
                net,
                node,
                shape="dot",
                size=12,
                x=x,
                y=y,
                color=_node_colour(node.kind),
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
            "facts": _facts(dataset.nodes.values()),
            "edgeFacts": {f"e{i}": e.to_dict() for i, e in enumerate(dataset.edges)},
            "kindStyles": _kind_styles(),
            "edgeColour": EDGE_COLOUR,
            "dimEdgeColour": DIM_EDGE_COLOUR,
            "highlightColours": {"prerequisite": BEST_COLOUR, "unlock": ALTERNATIVE_COLOURS[0]},
            "pathNodeIds": [],
            "pathEdgeIds": [],
            "big": big,
        }
        return _render(
            "explorer",
            "careergraph explorer",
            data,
            subtitle=f"{len(dataset.nodes)} nodes, {len(dataset.edges)} edges",
            kinds=list(KINDS),
            edge_types=list(EDGE_TYPES),
        )
