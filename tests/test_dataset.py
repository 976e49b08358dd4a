"""The curated dataset: what the source article names, sources, and the real rules.

Expected plans are derived by hand from the eligibility rules in
../shared/research/credentials.md as modelled in careergraph/data (see data-model.md).
"""

import pytest

from careergraph.graph.model import EDGE_TYPES, KINDS, requirement_groups
from careergraph.queries.holdings import holdings_from_have, parse_have
from careergraph.queries.paths import find_paths
from careergraph.queries.plan import make_plan
from careergraph.queries.resolve import resolve
from careergraph.queries.search import search

ARTICLE = {
    "Certification": ["pmp", "csm", "pgmp", "cissp"],
    "Role": [
        "technical-project-manager",
        "program-manager",
        "agile-coach",
        "technical-lead",
        "software-engineer",
        "systems-engineer",
        "it-specialist",
    ],
    "Education": [
        "bachelor-computer-science",
        "bachelor-engineering",
        "bachelor-information-technology",
        "master-project-management",
        "mba-technology-management",
    ],
}
NEIGHBOURHOOD = [
    "capm",
    "pmi-acp",
    "cspo",
    "a-csm",
    "csp-sm",
    "prince2-foundation",
    "prince2-practitioner",
    "itil-4-foundation",
    "associate-of-isc2",
    "cism",
]
ARTICLE_SKILLS = [
    "scope",
    "planning",
    "budget",
    "risk",
    "resource",
    "stakeholder",
    "cross-functional",
    "scrum",
    "kanban",
    "cloud architecture",
    "security",
    "strategic alignment",
    "technical guidance",
]


def test_size_and_vocabulary(curated):
    stats = curated.stats()
    assert stats["nodes"] >= 80 and stats["edges"] >= 180
    assert all(stats["by_kind"][k] > 0 for k in KINDS) and all(stats["by_type"][t] > 0 for t in EDGE_TYPES)


@pytest.mark.parametrize("kind, ids", ARTICLE.items())
def test_every_item_the_article_names_is_there(curated_dataset, kind, ids):
    for node_id in ids:
        assert curated_dataset.nodes[node_id].kind == kind


@pytest.mark.parametrize("node_id", NEIGHBOURHOOD)
def test_the_neighbourhood_a_user_needs_is_there(curated_dataset, node_id):
    assert curated_dataset.nodes[node_id].kind == "Certification"


def test_aws_solutions_architect_associate_and_professional_are_two_nodes(curated):
    associate, professional = resolve(curated, "AWS SAA"), resolve(curated, "AWS SAP")
    assert associate.id != professional.id
    assert "Associate" in associate.name and "Professional" in professional.name


@pytest.mark.parametrize("words", ARTICLE_SKILLS)
def test_every_skill_the_article_names_is_there(curated_dataset, words):
    skills = [n.name.lower() for n in curated_dataset.nodes.values() if n.kind == "Skill"]
    assert any(words in name for name in skills), words


def test_every_node_has_a_source_and_a_date(curated_dataset):
    for node in curated_dataset.nodes.values():
        assert node.sources and all(u.startswith("https://") for u in node.sources), node.id
        assert len(node.as_of) == 10, node.id


def test_fees_are_numbers(curated_dataset):
    fees = {n.id: n.exam_fee_usd for n in curated_dataset.nodes.values() if n.exam_fee_usd is not None}
    assert fees["pmp"] == 675 and fees["capm"] == 300 and fees["cissp"] == 749


@pytest.mark.parametrize(
    "name, node_id",
    [
        ("PMP", "pmp"),
        ("Certified ScrumMaster", "csm"),
        ("aws saa", "aws-saa"),
        ("Project Management Professional", "pmp"),
        ("Software Developer", "software-engineer"),
    ],
)
def test_common_names_resolve(curated, name, node_id):
    assert resolve(curated, name).id == node_id


def test_tpm_is_ambiguous(curated):
    from careergraph.errors import UnknownNode

    with pytest.raises(UnknownNode) as caught:
        resolve(curated, "TPM")
    assert caught.value.ambiguous and len(caught.value.candidates) == 2


@pytest.mark.parametrize(
    "query, expected",
    [
        ("scrum mastr", "scrum-master"),
        ("aws arch", "aws-saa"),
        ("progrm manager", "program-manager"),
    ],
)
def test_search_finds_typos_and_partial_words(curated, query, expected):
    assert expected in [hit.id for hit in search(curated, query, limit=3)]


def plan_ids(curated, goal, *have, by="months"):
    plan = make_plan(curated, resolve(curated, goal), [resolve(curated, h) for h in have], by=by)
    return plan, [step.node.id for step in plan.steps]


def step_of(plan, node_id):
    return next(s for s in plan.steps if s.node.id == node_id)


def test_pmp_with_a_four_year_degree_takes_36_months_of_leading_then_the_exam(curated):
    plan, ids = plan_ids(curated, "PMP", "bachelor-computer-science")
    assert "pmp-route-degree" in ids and "pmp-route-diploma" not in ids
    assert "pm-education-35-hours" in ids and "capm" not in ids
    assert step_of(plan, "project-leadership-experience").end_month == 36
    # The 35 hours (1 month, $400) run alongside; then PMP (3 months, $675).
    assert (plan.elapsed_months, plan.effort_months, plan.cost_usd) == (39, 40, 1075)


def test_pmp_with_a_degree_and_24_months_of_leading_takes_at_most_16_months(curated):
    holdings = holdings_from_have(
        curated, [parse_have("Bachelor's in Computer Science"), parse_have("Leading projects=24")], resolve
    )
    plan = make_plan(curated, resolve(curated, "PMP"), holdings=holdings)
    assert plan.elapsed_months <= 16
    assert step_of(plan, "project-leadership-experience").months == 12


def test_pmp_with_only_a_secondary_diploma_needs_60_months(curated):
    plan, ids = plan_ids(curated, "PMP", "secondary-diploma")
    assert "pmp-route-diploma" in ids and "pmp-route-degree" not in ids
    assert step_of(plan, "project-leadership-experience").end_month == 60
    assert plan.elapsed_months == 63


def test_csp_sm_counts_the_a_csm_practice_inside_its_24_months(curated):
    plan, _ = plan_ids(curated, "CSP-SM")
    assert plan.elapsed_months <= 27
    practice = [s for s in plan.steps if s.node.id == "scrum-master-experience"]
    assert sum(s.months for s in practice) == 24  # 12 for A-CSM, 12 more for CSP-SM


def test_cism_management_years_fall_inside_the_five_years(curated):
    plan, _ = plan_ids(curated, "CISM")
    assert 60 <= plan.elapsed_months <= 66


def test_pgmp_with_a_degree_includes_program_experience_and_explains_choices(curated):
    plan, ids = plan_ids(curated, "PgMP", "bachelors-degree")
    assert "program-management-experience" in ids and "pgmp-route-degree" in ids
    assert ids.index("pgmp-route-degree") < ids.index("pgmp")
    assert step_of(plan, "program-management-experience").end_month == 48
    assert any("chosen" in reason and "over" in reason for s in plan.steps for reason in s.because)


def test_pgmp_holding_pmp_asks_for_no_diploma(curated):
    plan, ids = plan_ids(curated, "PgMP", "pmp")
    assert "secondary-diploma" not in ids
    assert plan.cost_usd == 1000 and plan.elapsed_months == 90  # 84 months of program work + 6


def test_path_from_pmp_to_pgmp_with_a_degree_skips_the_diploma(curated):
    holdings = holdings_from_have(curated, [parse_have("Bachelor's degree")], resolve)
    result = find_paths(
        curated, resolve(curated, "PMP"), resolve(curated, "PgMP"), by="months", holdings=holdings
    )
    best = result.paths[0]
    assert best.elapsed_months <= 60
    steps = [g.node.id for step in best.steps for g in step.gained] + [n.id for n in best.nodes]
    assert "secondary-diploma" not in steps


def test_cissp_degree_waives_one_year(curated):
    # ISC2's current wording: a degree in computer science, IT or a related field.
    plan, ids = plan_ids(curated, "CISSP", "bachelor-computer-science")
    assert "cissp-route-degree-waiver" in ids
    assert step_of(plan, "security-experience").end_month == 48


def test_cissp_waivers_do_not_stack(curated):
    plan, ids = plan_ids(curated, "CISSP", "bachelors-degree", "security-plus")
    routes = [i for i in ids if i.startswith("cissp-route")]
    assert len(routes) == 1
    assert step_of(plan, "security-experience").end_month == 48  # not 36


def test_a_csm_needs_csm_and_12_months_of_practice(curated):
    plan, ids = plan_ids(curated, "A-CSM")
    assert {"csm", "scrum-master-experience", "a-csm"} <= set(ids)
    assert ids.index("csm") < ids.index("a-csm")
    assert step_of(plan, "a-csm").start_month >= step_of(plan, "scrum-master-experience").end_month == 12


def test_a_role_answers_what_employers_expect(curated):
    plan, _ = plan_ids(curated, "Technical Program Manager")
    assert plan.elapsed_months > 0
    assert any(s.basis == "employers" for s in plan.steps)


def test_software_engineer_to_program_manager_by_months_k3(curated):
    source, target = resolve(curated, "Software Engineer"), resolve(curated, "Program Manager")
    result = find_paths(curated, source, target, by="months", k=3)
    assert len(result.paths) == 3
    assert len({tuple(n.id for n in p.nodes) for p in result.paths}) == 3
    months = [p.elapsed_months for p in result.paths]
    assert months == sorted(months)
    for path in result.paths:
        assert path.nodes[0].id == "software-engineer" and path.nodes[-1].id == "program-manager"
        assert path.elapsed_months == pytest.approx(sum(step.months for step in path.steps))


def test_every_role_gives_experience_and_has_an_entry_requirement(curated_dataset):
    nodes = curated_dataset.nodes
    entered = {e.target for e in curated_dataset.edges if e.type == "PREREQUISITE"}
    for node in nodes.values():
        if node.kind == "Role":
            assert node.counts_as and node.id in entered, node.id


def test_every_experience_a_rule_demands_is_given_by_some_role(curated_dataset):
    nodes = curated_dataset.nodes
    demanded = {
        e.source for e in curated_dataset.edges if e.type == "PREREQUISITE" and nodes[e.source].experience
    }
    given = {kind for n in nodes.values() if n.kind == "Role" for kind in n.counts_as or ()}
    assert demanded and demanded <= given, demanded - given


def test_cism_management_years_count_as_security_years(curated_dataset):
    assert "security-experience" in curated_dataset.nodes["security-management-experience"].counts_as


ROLE_PAIRS = [
    ("software-engineer", "program-manager"),
    ("software-engineer", "technical-project-manager"),
    ("software-engineer", "agile-coach"),
    ("qa-engineer", "scrum-master"),
    ("systems-engineer", "solutions-architect"),
    ("it-specialist", "security-engineer"),
    ("technical-lead", "technical-program-manager"),
    ("project-coordinator", "program-manager"),
    ("scrum-master", "release-train-engineer"),
    ("software-engineer", "cloud-engineer"),
]


@pytest.mark.parametrize("source, target", ROLE_PAIRS)
def test_no_pathway_enters_a_node_without_meeting_its_requirements(curated, source, target):
    """Walk each pathway: every node entered (and everything a move obtained on the way)
    has, for each requirement group, an alternative held by then; and the plan engine,
    given what is held by then, asks nothing more for it."""
    from careergraph.queries.holdings import Holdings, make_holdings

    result = find_paths(curated, curated.node(source), curated.node(target), by="months", k=2)
    for pathway in result.paths:
        held = set(make_holdings(curated, [pathway.nodes[0]]).nodes)
        for step in pathway.steps:
            obtained = [g.node for g in step.gained] + [step.target]
            for node in obtained:
                groups = requirement_groups(curated.in_edges(node.id, "PREREQUISITE"))
                now = held | {n.id for n in obtained}
                for key, edges in groups.items():
                    assert any(e.source in now for e in edges), (source, target, node.id, key)
            before = Holdings(frozenset(held | {g.node.id for g in step.gained}), {})
            plan = make_plan(curated, step.target, holdings=before)
            assert all(s.node.id == step.target.id or s.node.accrues for s in plan.steps), (
                step.target.id,
                [s.node.id for s in plan.steps],
            )
            held |= {n.id for n in obtained}
