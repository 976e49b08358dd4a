"""The static step weights stored on Neo4j relationships (graph/steps.py)."""

from __future__ import annotations

from careergraph.graph.model import PREREQUISITE, RECOMMENDS, Dataset, Edge, Node
from careergraph.graph.steps import step_costs


def test_a_step_prices_the_targets_other_groups_at_their_cheapest_from_scratch() -> None:
    nodes = {
        "degree": Node("degree", "Education", "Degree", months=48, cost_usd=40000),
        "diploma": Node("diploma", "Education", "Diploma", months=24, cost_usd=100),
        "course": Node("course", "Education", "Course", months=1, cost_usd=400),
        "capm": Node("capm", "Certification", "CAPM", months=2, cost_usd=300),
        "pmp": Node("pmp", "Certification", "PMP", months=3, cost_usd=575),
        "dev": Node("dev", "Role", "Developer"),
    }
    edges = [
        Edge("degree", "pmp", PREREQUISITE, group="schooling", months=0),
        Edge("diploma", "pmp", PREREQUISITE, group="schooling", months=12),
        Edge("course", "pmp", PREREQUISITE, group="education"),
        Edge("capm", "pmp", PREREQUISITE, group="education"),
        Edge("course", "capm", PREREQUISITE),
        Edge("dev", "pmp", RECOMMENDS, months=6, cost_usd=50),
    ]
    dataset = Dataset(nodes=nodes, edges=edges)
    costs = step_costs(dataset)
    assert len(costs) == len(edges)
    by_edge = {(e.source, e.target): c for e, c in zip(edges, costs, strict=True)}

    def requirement(source: str) -> tuple[float, float]:
        return by_edge[source, "pmp"].requirement_months, by_edge[source, "pmp"].requirement_cost_usd

    schooling, education = (36, 100), (1, 400)  # cheapest: the diploma and a year; the course
    for source in ("degree", "diploma"):  # a schooling edge needs the education group
        assert requirement(source) == education
    for source in ("course", "capm"):  # an education edge needs the schooling group
        assert requirement(source) == schooling
    assert requirement("dev") == (37, 500)  # a RECOMMENDS edge meets no group: it needs both
    walked = by_edge["dev", "pmp"]
    assert (walked.months, walked.cost_usd) == (6 + 3 + 37, 50 + 575 + 500)
    capm = by_edge["course", "capm"]  # CAPM's only group is the one this edge meets
    assert (capm.months, capm.cost_usd, capm.requirement_months) == (2, 300, 0)
