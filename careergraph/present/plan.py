"""The plan page: a plan's steps left to right, their requirement groups, what is held."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pyvis.network import Network

from careergraph.graph.backend import Backend
from careergraph.graph.model import Node, months, tidy, usd
from careergraph.present.vis import (
    BEST_COLOUR,
    COLUMN,
    DIM_EDGE_COLOUR,
    DONE_COLOUR,
    EDGE_COLOUR,
    KIND_COLOURS,
    LANE,
    ROW,
    LegendItem,
    add_dimmed_node,
    add_node,
    edge_label,
    facts,
    network,
    node_colour,
    render_page,
    write_page,
)
from careergraph.queries.plan import Alternative, Plan, Requirement

GROUP_LABEL = 40  # characters of a requirement group's name on an edge label


def write_plan_page(backend: Backend, plan: Plan, path: Path, open_page: bool = False) -> Path:
    """Write the plan page: steps left to right in order, requirement groups with the
    chosen alternative solid and the others dimmed and dotted, held nodes marked done."""
    return write_page(plan_page(backend, plan), path, open_page)


def plan_page(backend: Backend, plan: Plan) -> str:
    """The plan page as HTML text: lay out, draw, then render the template."""
    layout = _lay_out(plan)
    net = network()
    _add_nodes(net, plan, layout)
    edges = _add_requirement_edges(net, plan, layout)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "facts": facts(layout.nodes.values()),
        "edgeFacts": edges.facts,
        "requirements": edges.requirements,
        "pathNodeIds": [step.node.id for step in plan.steps],
        "pathEdgeIds": edges.chosen_ids,
        "heldNodeIds": [node_id for node_id, role in layout.roles.items() if role == "held"],
    }
    exact = "" if plan.exact else " (best found; may not be optimal)"
    unit = "months" if plan.by == "months" else "cost"
    return render_page(
        "plan",
        f"Plan: {plan.goal.name}",
        data,
        subtitle=f"{len(plan.steps)} steps, cheapest by {unit}{exact}",
        totals=f"{months(plan.months, short=True)} · {usd(plan.cost_usd)}",
        have=[n.name for n in plan.have],
        steps=_step_records(plan),
        legend_lines=[
            LegendItem("Chosen requirement", BEST_COLOUR, "thick"),
            LegendItem("Met by what you hold", DONE_COLOUR, "line"),
            LegendItem("Alternative not chosen", EDGE_COLOUR, "dotted"),
        ],
    )


@dataclass
class _Layout:
    """Each drawn node with its role (step, held, unchosen) and position; ``column`` is a
    step's place in the plan."""

    column: dict[str, int]
    nodes: dict[str, Node] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    position: dict[str, tuple[float, float]] = field(default_factory=dict)

    def place(self, node: Node, role: str, x: float, y: float) -> None:
        self.nodes[node.id] = node
        self.roles[node.id] = role
        self.position[node.id] = (x, y)


def _lay_out(plan: Plan) -> _Layout:
    """Steps zigzag left to right; a step's held requirements above it, its unchosen
    alternatives below; other held nodes in a column on the left."""
    layout = _Layout(column={step.node.id: i for i, step in enumerate(plan.steps)})
    for i, step in enumerate(plan.steps):
        layout.place(step.node, "step", i * COLUMN, (i % 2) * LANE * 0.6)
    above: dict[str, int] = defaultdict(int)
    below: dict[str, int] = defaultdict(int)
    for step in plan.steps:
        x = layout.position[step.node.id][0] - COLUMN / 3
        for requirement in step.requirements:
            for alternative in requirement.alternatives:
                if alternative.node.id in layout.position:
                    continue
                if alternative.held:
                    layout.place(alternative.node, "held", x, -LANE - above[step.node.id] * ROW)
                    above[step.node.id] += 1
                else:
                    layout.place(alternative.node, "unchosen", x, LANE * 1.6 + below[step.node.id] * ROW)
                    below[step.node.id] += 1
    for i, node in enumerate(n for n in plan.have if n.id not in layout.position):
        layout.place(node, "held", -COLUMN, i * ROW)
    if not plan.steps:
        layout.place(plan.goal, "held", *layout.position.get(plan.goal.id, (0, 0)))
    return layout


def _add_nodes(net: Network, plan: Plan, layout: _Layout) -> None:
    for node_id, node in layout.nodes.items():
        role = layout.roles[node_id]
        x, y = layout.position[node_id]
        if role == "step":
            add_node(
                net,
                node,
                label=f"{layout.column[node_id] + 1}. {node.name}",
                x=x,
                y=y,
                color=node_colour(node.kind, border=BEST_COLOUR),
                borderWidth=4 if node_id == plan.goal.id else 2,
                font={"color": "#ffffff", "size": 15},
                margin=10,
                cgRole="step",
                cgKind=node.kind,
            )
        elif role == "held":
            add_node(
                net,
                node,
                label=f"✓ {node.name} (held)",
                x=x,
                y=y,
                color=node_colour(node.kind, dimmed=True, border=DONE_COLOUR),
                borderWidth=3,
                font={"color": DONE_COLOUR, "size": 13},
                cgRole="held",
                cgKind=node.kind,
            )
        else:
            add_dimmed_node(net, node, x, y, "unchosen", shapeProperties={"borderDashes": [3, 4]})


@dataclass
class _Edges:
    facts: dict[str, dict] = field(default_factory=dict)
    requirements: dict[str, list[dict]] = field(default_factory=dict)
    chosen_ids: list[str] = field(default_factory=list)


def _add_requirement_edges(net: Network, plan: Plan, layout: _Layout) -> _Edges:
    """One edge per alternative of every requirement group of every step, and the
    groups as records for the details panel."""
    out = _Edges()
    for step in plan.steps:
        groups = []
        for requirement in step.requirements:
            for alternative in requirement.alternatives:
                edge_id = f"e{len(out.facts)}"
                _add_requirement_edge(net, edge_id, requirement, alternative, layout)
                out.facts[edge_id] = {
                    **alternative.edge.to_dict(),
                    "group": requirement.group,
                    "chosen": alternative.chosen,
                    "held": alternative.held,
                }
                if alternative.chosen:
                    out.chosen_ids.append(edge_id)
            groups.append(
                {
                    "group": requirement.group,
                    "alternatives": [
                        {
                            "id": a.node.id,
                            "name": a.node.name,
                            "chosen": a.chosen,
                            "held": a.held,
                            "estimate": tidy(a.estimate),
                        }
                        for a in requirement.alternatives
                    ],
                }
            )
        out.requirements[step.node.id] = groups
    return out


def _add_requirement_edge(
    net: Network, edge_id: str, requirement: Requirement, alternative: Alternative, layout: _Layout
) -> None:
    edge = alternative.edge
    group = requirement.group
    label = group if len(group) <= GROUP_LABEL else group[: GROUP_LABEL - 1] + "…"
    (x1, _), (x2, _) = layout.position[edge.source], layout.position[edge.target]
    net.add_edge(
        edge.source,
        edge.target,
        id=edge_id,
        label=f"{label}: {edge_label(edge.months, edge.cost_usd)}",
        font={"size": 11, "strokeWidth": 4, "color": "#333333" if alternative.chosen else "#999999"},
        arrows="to",
        smooth={"enabled": True, "type": "curvedCW", "roundness": 0.2} if abs(x2 - x1) > COLUMN else False,
        cgType=edge.type,
        cgGroup=group,
        **_alternative_style(alternative),
    )


def _alternative_style(alternative: Alternative) -> dict:
    """Chosen: thick, in the plan's colour (green when met by what is held); not chosen:
    thin, pale and dotted."""
    if alternative.chosen:
        colour = DONE_COLOUR if alternative.held else BEST_COLOUR
        return {
            "color": {"color": colour, "highlight": colour, "hover": colour},
            "width": 4,
            "dashes": False,
            "cgRole": "held" if alternative.held else "chosen",
        }
    return {
        "color": {"color": DIM_EDGE_COLOUR, "highlight": EDGE_COLOUR, "hover": EDGE_COLOUR},
        "width": 1,
        "dashes": [2, 5],
        "cgRole": "unchosen",
    }


def _step_records(plan: Plan) -> list[dict]:
    """One card per step for the page's list."""
    return [
        {
            "number": i + 1,
            "name": step.node.name,
            "kind": step.node.kind,
            "colour": KIND_COLOURS[step.node.kind],
            "months": months(step.months, short=True),
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
