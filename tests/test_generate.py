"""The synthetic graph generator: deterministic, valid, the right size, realistic shape."""

from collections import defaultdict

import networkx as nx
import pytest

from careergraph.devtools.generate import generate, of_class
from careergraph.errors import UsageError
from careergraph.graph.model import PREREQUISITE, RECOMMENDS
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset
from careergraph.loaders.export import write_export
from careergraph.queries.plan import make_plan


@pytest.fixture(scope="module")
def graph():
    return generate(5_000, seed=7)


def records(dataset):
    return [n.to_dict() for n in dataset.nodes.values()], [e.to_dict() for e in dataset.edges]


def typed_graph(dataset, edge_type):
    graph = nx.DiGraph()
    graph.add_edges_from((e.source, e.target) for e in dataset.edges if e.type == edge_type)
    return graph


def test_the_same_seed_gives_the_same_graph():
    assert records(generate(2_000, seed=3)) == records(generate(2_000, seed=3))


def test_another_seed_gives_another_graph():
    assert records(generate(2_000, seed=3)) != records(generate(2_000, seed=4))


@pytest.mark.parametrize("edges", [1_000, 2_345, 20_000])
def test_exactly_the_edges_asked_for_and_ten_times_fewer_nodes(edges):
    dataset = generate(edges, seed=1)
    assert len(dataset.edges) == edges
    assert 0.9 * edges / 10 <= len(dataset.nodes) <= 1.1 * edges / 10


def test_too_few_edges_is_a_usage_error():
    with pytest.raises(UsageError, match="at least 1000"):
        generate(999, seed=1)


def test_csv_round_trip_passes_validation_and_gives_the_identical_graph(tmp_path, graph):
    write_export(graph, "csv", tmp_path)
    loaded = load_dataset([tmp_path])
    assert records(loaded) == records(graph)
    assert loaded.warnings == []


def test_prerequisites_form_a_dag(graph):
    assert nx.is_directed_acyclic_graph(typed_graph(graph, PREREQUISITE))


def test_recommendations_cycle(graph):
    assert not nx.is_directed_acyclic_graph(typed_graph(graph, RECOMMENDS))


def test_requirements_have_or_groups_and_and_groups(graph):
    groups = defaultdict(lambda: defaultdict(list))
    for edge in graph.edges:
        if edge.type == PREREQUISITE and edge.group:
            groups[edge.target][edge.group].append(edge.source)
    assert any(len(sources) >= 2 for by_group in groups.values() for sources in by_group.values())
    assert any(len(by_group) >= 2 for by_group in groups.values())


def test_certifications_require_one_of_their_routes_like_pmp(graph):
    routes = [node_id for node_id in graph.nodes if node_id.endswith("-route")]
    assert routes
    into_certs = [e for e in graph.edges if e.source in routes and e.type == PREREQUISITE]
    assert {e.group for e in into_certs} == {"eligibility"}
    into_a_route = {e.group for e in graph.edges if e.target == routes[0]}
    assert {"education", "experience"} <= into_a_route


def education(dataset):
    return [n.id for c in ("diploma", "degree", "master") for n in of_class(dataset, c)]


def test_education_is_made_once_not_again_for_every_track():
    # 20 and 40 tracks: each more than the 16 fields, so only the tracks grow
    assert len(education(generate(20_000, seed=2))) == len(education(generate(40_000, seed=2)))
    diplomas = of_class(generate(40_000, seed=2), "diploma")
    assert {n.name for n in diplomas} == {"Secondary Diploma", "Vocational Diploma", "Secondary Diploma 2"}


def test_a_shared_degree_has_its_rule_once_not_once_a_track_that_shares_it():
    dataset = generate(40_000, seed=2)
    degrees = {n.id for n in of_class(dataset, "degree")}
    diplomas = defaultdict(list)
    for edge in dataset.edges:
        if edge.type == PREREQUISITE and edge.target in degrees:
            diplomas[edge.target].append(edge.source)
    assert set(diplomas) == degrees
    assert max(len(sources) for sources in diplomas.values()) <= 2  # the rule draws one or two


def test_tracks_of_one_field_ask_for_the_same_degrees():
    dataset = generate(40_000, seed=2)
    degrees = {n.id for n in of_class(dataset, "degree")}
    track = {n.id: n.description.split(" of the ")[1] for n in of_class(dataset, "entry")}
    asked = defaultdict(set)
    for edge in dataset.edges:
        if edge.type == PREREQUISITE and edge.source in degrees and edge.target in track:
            asked[track[edge.target]].add(edge.source)
    assert asked["Cloud track."] & asked["Cloud 2 track."]


def test_roles_come_in_tiers_that_recommend_the_next(graph):
    names = {node.id: node.name for node in graph.nodes.values()}
    upward = [
        e
        for e in graph.edges
        if e.type == RECOMMENDS
        and names[e.source].endswith(" Engineer")
        and "Technical Lead" in names[e.target]
    ]
    assert upward and all(12 <= e.months <= 84 for e in upward)


def test_every_node_has_a_source_url_and_a_date(graph):
    for node in graph.nodes.values():
        assert node.sources and node.sources[0].startswith("https://")
        assert node.as_of


def test_months_and_costs_stay_within_the_curated_ranges(graph, curated_dataset):
    for kind in ("Role", "Certification", "Skill", "Education"):
        curated = [n for n in curated_dataset.nodes.values() if n.kind == kind]
        generated = [n for n in graph.nodes.values() if n.kind == kind]
        for field in ("months", "cost_usd"):
            low = min(getattr(n, field) for n in curated)
            high = max(getattr(n, field) for n in curated)
            assert all(low <= getattr(n, field) <= high for n in generated), (kind, field)
    longest = max(e.months for e in curated_dataset.edges)
    assert all(0 <= e.months <= longest for e in graph.edges)


def test_plans_for_the_hardest_certifications_are_exact(graph):
    backend = NetworkxBackend(graph)
    experts = [n for n in backend.nodes("Certification") if "Expert" in n.name][:5]
    for expert in experts:
        plan = make_plan(backend, expert)
        assert plan.exact and plan.steps[-1].node == expert


def test_cli_writes_both_files_and_the_data_loads(tmp_path, run):
    code, _, err = run("generate", "--edges", "1500", "--seed", "2", "--out", str(tmp_path / "g"))
    assert code == 0 and "1500 edges" in err
    code, out, _ = run("--data", str(tmp_path / "g"), "stats", "--json")
    assert code == 0 and '"edges": 1500' in out


def test_cli_refuses_too_few_edges(tmp_path, run):
    code, _, err = run("generate", "--edges", "10", "--out", str(tmp_path))
    assert code == 2 and "at least 1000" in err
    assert not (tmp_path / "edges.csv").exists()
