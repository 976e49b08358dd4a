"""The plan page: a plan's steps left to right, their requirement groups, what is held."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyvis.network import Network

from careergraph.graph.backend import Backend
from careergraph.graph.model import Node, months, tidy, usd
from careergraph.present.vis import (
    BAND_GAP,
    BEST_COLOUR,
    COLUMN,
    DIM_EDGE_COLOUR,
    DONE_COLOUR,
    EDGE_COLOUR,
    KIND_COLOURS,
    LANE,
    NODE_BOX,
    PLAN_VIEW,
    ROW,
    LegendItem,
    add_dimmed_node,
    add_node,
    bands,
    columns_per_band,
    edge_label,
    facts,
    network,
    node_colour,
    render_page,
    write_page,
)
from careergraph.queries.plan import Alternative, Plan, Requirement

GROUP_LABEL = 40  # characters of a requirement group's name on an edge label
STEP_RISE = LANE * 0.6  # steps zigzag by this much, so edge labels do not overlap
UNCHOSEN_DROP = LANE * 1.6  # unchosen alternatives start this far below their step
PERSONAL_NOTE = (
    "Made from your personal profile. This page stays on this machine: it sends nothing "
    "anywhere, and it holds only what the plan needs (its steps, their dates and what you "
    "hold that they use), no positions, employers or other dates."
)


def write_plan_page(
    backend: Backend, plan: Plan, path: Path, open_page: bool = False, personal: bool = False
) -> Path:
    """Write the plan page: the schedule as a timeline, the steps left to right with their
    requirement groups (the chosen alternative solid, the others dimmed and dotted) and
    held nodes marked done. ``personal``: the plan was made from a profile, so the page
    says so and leaves out held nodes the plan does not use."""
    return write_page(plan_page(backend, plan, personal), path, open_page)


def plan_page(backend: Backend, plan: Plan, personal: bool = False) -> str:
    """The plan page as HTML text: lay out, draw, then render the template."""
    layout = _lay_out(plan, personal)
    net = network()
    _add_nodes(net, plan, layout)
    edges = _add_requirement_edges(net, plan, layout)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "facts": facts(layout.nodes.values()),
        "edgeFacts": edges.facts,
        "requirements": edges.requirements,
        "pathNodeIds": list(layout.numbers),
        "pathEdgeIds": edges.chosen_ids,
        "heldNodeIds": [node_id for node_id, role in layout.roles.items() if role == "held"],
        "timeline": _timeline(plan),
    }
    exact = "" if plan.exact else " (best found; may not be optimal)"
    aim = "earliest finish, then cheapest" if plan.by == "months" else "cheapest"
    return render_page(
        "plan",
        f"Plan: {plan.goal.name}",
        data,
        subtitle=f"{len(plan.steps)} steps, {aim}{exact}",
        totals=_totals(plan),
        have=[layout.nodes[i].name for i, role in layout.roles.items() if role == "held"],
        personal_note=PERSONAL_NOTE if personal else "",
        steps=_step_records(plan),
        legend_lines=[
            LegendItem("Chosen requirement", BEST_COLOUR, "thick"),
            LegendItem("Met by what you hold", DONE_COLOUR, "line"),
            LegendItem("Alternative not chosen", EDGE_COLOUR, "dotted"),
        ],
    )


def _totals(plan: Plan) -> str:
    when = f"month {plan.eligible_month:g}"
    if plan.eligible_from is not None:
        when += f" ({plan.eligible_from.isoformat()})"
    elapsed, effort = months(plan.elapsed_months, short=True), months(plan.effort_months, short=True)
    return f"{elapsed} elapsed (effort {effort}), {usd(plan.cost_usd)}; requirements met at {when}"


@dataclass
class _Layout:
    """Each drawn node with its role (step, held, unchosen) and position; ``numbers``
    the step numbers of each step's node (an experience node can be two steps)."""

    numbers: dict[str, list[int]] = field(default_factory=dict)
    band: dict[str, int] = field(default_factory=dict)  # a step's band (row of columns)
    nodes: dict[str, Node] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    position: dict[str, tuple[float, float]] = field(default_factory=dict)

    def place(self, node: Node, role: str, x: float, y: float) -> None:
        self.nodes[node.id] = node
        self.roles[node.id] = role
        self.position[node.id] = (x, y)


def _around(plan: Plan, step_ids: list[str]) -> dict[str, tuple[list[Node], list[Node]]]:
    """Per step node, the alternatives drawn around it: held (above), unchosen (below);
    each node once, at the first step that names it."""
    seen = set(step_ids)
    out: dict[str, tuple[list[Node], list[Node]]] = {i: ([], []) for i in step_ids}
    for step in plan.steps:
        for requirement in step.requirements:
            for alternative in requirement.alternatives:
                if alternative.node.id not in seen:
                    seen.add(alternative.node.id)
                    out[step.node.id][0 if alternative.held else 1].append(alternative.node)
    return out


def _lay_out(plan: Plan, personal: bool) -> _Layout:
    """Steps zigzag left to right, wrapped into bands that fit a 1366x768 window; a step's
    held requirements above it, its unchosen alternatives below; other held nodes (not on
    a personal page) in a column on the left."""
    layout = _Layout()
    for number, step in enumerate(plan.steps, 1):
        layout.numbers.setdefault(step.node.id, []).append(number)
        layout.nodes.setdefault(step.node.id, step.node)
    step_ids = list(layout.numbers)
    around = _around(plan, step_ids)
    above = max((len(h) for h, _ in around.values()), default=0)
    below = max((len(u) for _, u in around.values()), default=0)
    pitch = STEP_RISE + NODE_BOX[1] + BAND_GAP  # a band's steps, then room for what hangs around them
    pitch += (LANE + (above - 1) * ROW if above else 0) + (UNCHOSEN_DROP + (below - 1) * ROW if below else 0)

    def size(per_band: int) -> tuple[float, float]:
        return (per_band - 1) * COLUMN + NODE_BOX[0], (bands(len(step_ids), per_band) - 1) * pitch + (
            STEP_RISE + NODE_BOX[1]
        )

    per_band = columns_per_band(len(step_ids), size, PLAN_VIEW)
    for index, node_id in enumerate(step_ids):
        layout.band[node_id] = index // per_band
        x, base = (index % per_band) * COLUMN, layout.band[node_id] * pitch
        layout.place(layout.nodes[node_id], "step", x, base + (index % 2) * STEP_RISE)
        held, unchosen = around[node_id]
        for row, node in enumerate(held):
            layout.place(node, "held", x - COLUMN / 3, base - LANE - row * ROW)
        for row, node in enumerate(unchosen):
            layout.place(node, "unchosen", x - COLUMN / 3, base + UNCHOSEN_DROP + row * ROW)
    if not personal:
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
                label=f"{', '.join(map(str, layout.numbers[node_id]))}. {node.name}",
                x=x,
                y=y,
                color=node_colour(node.kind, border=BEST_COLOUR),
                borderWidth=4 if node_id == plan.goal.id else 2,
                font={"color": "#ffffff", "size": 15},
                margin=10,
                cgRole="step",
                cgKind=node.kind,
                cgBand=layout.band[node_id],
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
        if step.node.id in out.requirements:
            continue  # an experience node's second step: its groups are drawn already
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
            "when": f"month {step.start_month:g} → {step.end_month:g}",
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


def _timeline(plan: Plan) -> dict:
    """The schedule as records for the page's timeline: one per step, in order."""
    shown = plan.to_dict()["steps"]  # with start_date and end_date when made from a profile
    return {
        "elapsed": plan.elapsed_months,
        "eligible": plan.eligible_month,
        "asOf": plan.as_of.isoformat() if plan.as_of else None,
        "eligibleFrom": plan.eligible_from.isoformat() if plan.eligible_from else None,
        "steps": [
            {
                "number": number,
                "id": step.node.id,
                "name": step.node.name,
                "start": step.start_month,
                "end": step.end_month,
                "basis": "goal" if step.node.id == plan.goal.id else step.basis or "rule",
                "because": step.because,
                "startDate": record.get("start_date"),
                "endDate": record.get("end_date"),
            }
            for number, (step, record) in enumerate(zip(plan.steps, shown, strict=True), 1)
        ],
    }
