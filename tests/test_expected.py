"""queries/expected.py on worked examples: which journeys lack what a role's employers
expect, and which moves can still bring it. The property test in
tests/test_query_properties.py holds ``leads`` to every pathway of small random graphs;
these pin each way of coming to the experience, which random graphs seldom draw."""

from __future__ import annotations

import math

from careergraph.graph import rings
from careergraph.graph.backend import EDGE_SELECTIONS
from careergraph.graph.model import PREREQUISITE, RECOMMENDS, Dataset, Edge, Node
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.queries.expected import Expected
from careergraph.queries.holdings import make_holdings
from careergraph.queries.moves import move, start_journey

# A, an engineer, wants T, a lead role whose employers expect a year of X. A gives no X.
NODES = [
    Node(id="A", kind="Role", name="Engineer"),
    Node(id="T", kind="Role", name="Lead"),
    Node(id="X", kind="Skill", name="Delivery experience", experience=True),
    Node(id="C", kind="Certification", name="Delivery certificate"),
    Node(id="G", kind="Role", name="Delivery engineer", counts_as=("X",)),
    Node(id="K", kind="Education", name="Course", months=1),
    Node(id="R", kind="Role", name="Senior engineer"),
]
EXPECTED_OF_T = Edge("X", "T", PREREQUISITE, months=12, basis="employers")


def expected_of(
    edges: list[Edge], most: float = 10, arrays: bool = False
) -> tuple[NetworkxBackend, Expected]:
    """T's expectations over the hops ball of a graph of ``edges``, in Python or over arrays."""
    dataset = Dataset.from_records(NODES, [EXPECTED_OF_T, *edges])
    backend, types = NetworkxBackend(dataset), EDGE_SELECTIONS["all"]
    if arrays:
        ball = rings.EdgeArrays.build(dataset).ball("T", types, (), 100)
    else:
        ball = rings.ball_by_sources(backend.in_sources, backend.out_neighbours, "T", types, (), 100)
    return backend, Expected(backend, "T", ball, most)


def test_a_journey_lacks_what_it_neither_holds_in_full_nor_accrues() -> None:
    backend, expected = expected_of([])
    engineer = backend.node("A")
    for months, lacks in [(0, True), (11.5, True), (12, False), (30, False)]:
        journey = start_journey(backend, engineer, make_holdings(backend, [], {"X": months}))
        assert expected.unmet(journey) == ([0] if lacks else [])
    accruing = start_journey(backend, backend.node("G"), make_holdings(backend))
    assert expected.unmet(accruing) == []


def test_a_journey_holding_the_target_lacks_nothing_it_expects() -> None:
    """Holding T, whose employers expect a year of X or of G (so holding T implies neither),
    a pathway enters T again at once: no move on the way may be refused or bounded
    later for the experience."""
    either = [
        Edge(kind, "T", PREREQUISITE, months=12, group="delivery", basis="employers") for kind in ("X", "G")
    ]
    edges = [*either, Edge("A", "K", RECOMMENDS), Edge("K", "T", RECOMMENDS)]
    backend = NetworkxBackend(Dataset.from_records(NODES, edges))
    types = EDGE_SELECTIONS["all"]
    ball = rings.ball_by_sources(backend.in_sources, backend.out_neighbours, "T", types, (), 100)
    expected = Expected(backend, "T", ball, 10)
    holding = start_journey(backend, backend.node("A"), make_holdings(backend, [backend.node("T")]))
    assert holding.holdings.months("X") == holding.holdings.months("G") == 0.0
    moved = move(backend, holding, Edge("K", "T", RECOMMENDS), "months")
    assert moved is not None and moved[1].time == 0.0  # entered again at once, without X
    assert expected.unmet(holding) == []
    assert expected.leads("K", 1, expected.unmet(holding))
    assert expected.earliest(holding, "A", 2, expected.unmet(holding), lambda source: 0.0) == -math.inf


def test_a_role_whose_months_count_as_the_experience_is_a_way_to_it() -> None:
    backend, expected = expected_of([Edge("A", "G", RECOMMENDS), Edge("G", "T", RECOMMENDS)])
    journey = start_journey(backend, backend.node("A"), make_holdings(backend))
    assert expected.leads("G", 1, expected.unmet(journey))
    # With the course instead of the role on the way, nothing there gives X.
    backend, expected = expected_of([Edge("A", "K", RECOMMENDS), Edge("K", "T", RECOMMENDS)])
    journey = start_journey(backend, backend.node("A"), make_holdings(backend))
    assert not expected.leads("K", 1, expected.unmet(journey))


def test_a_credential_whose_rule_asks_for_the_experience_is_a_way_to_it() -> None:
    # C's issuer asks for a year of X: the move into C gains it, and T can be entered after.
    rule = Edge("X", "C", PREREQUISITE, months=12)
    backend, expected = expected_of([rule, Edge("A", "C", RECOMMENDS), Edge("C", "T", RECOMMENDS)])
    journey = start_journey(backend, backend.node("A"), make_holdings(backend))
    into_c = move(backend, journey, backend.out_edges("A")[0], "months")
    assert into_c is not None and expected.unmet(into_c[1]) == []
    assert expected.leads("C", 1, expected.unmet(journey))


def test_what_employers_expect_of_anything_but_a_role_is_a_way_to_it_too() -> None:
    # Only a role's employers' expectation must be held already (schedule.frozen): one of
    # a credential's is gained as a rule's is.
    expectation = Edge("X", "C", PREREQUISITE, months=12, basis="employers")
    backend, expected = expected_of([expectation, Edge("A", "C", RECOMMENDS), Edge("C", "T", RECOMMENDS)])
    journey = start_journey(backend, backend.node("A"), make_holdings(backend))
    assert expected.leads("C", 1, expected.unmet(journey))
    # A role whose employers expect X is no way to it: entering one needs X first.
    expectation = Edge("X", "R", PREREQUISITE, months=12, basis="employers")
    backend, expected = expected_of([expectation, Edge("A", "R", RECOMMENDS), Edge("R", "T", RECOMMENDS)])
    journey = start_journey(backend, backend.node("A"), make_holdings(backend))
    assert not expected.leads("R", 1, expected.unmet(journey))


def test_a_way_to_the_experience_must_leave_moves_to_reach_the_target() -> None:
    # A -> K -> G -> T: from K, G is one move away and T one more.
    edges = [Edge("A", "K", RECOMMENDS), Edge("K", "G", RECOMMENDS), Edge("G", "T", RECOMMENDS)]
    for arrays in (False, True):
        backend, expected = expected_of(edges, arrays=arrays)
        journey = start_journey(backend, backend.node("A"), make_holdings(backend))
        unmet = expected.unmet(journey)
        assert expected.leads("K", 2, unmet)
        assert not expected.leads("K", 1, unmet)
        assert expected.leads("T", 0, unmet)  # the move into the target is its floor's to refuse
        # Asked about more moves left than it was made for, it refuses nothing.
        _, narrow = expected_of(edges, most=1, arrays=arrays)
        assert narrow.leads("K", 2, unmet) and not narrow.leads("K", 1, unmet)
