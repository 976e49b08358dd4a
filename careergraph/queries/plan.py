"""Plans: the cheapest set of steps that satisfies every hard prerequisite of a goal.

The requirements of a node are its incoming PREREQUISITE edges, in groups: every group
is required (AND), any one edge of a group suffices (OR); an edge without a group is a
group of its own. Obtaining a node costs what the node itself takes plus the chosen
incoming edges (experience before it, extra fees); a node needed by several others is
obtained, and paid for, once. Held nodes and everything they required cost nothing.

Choosing the cheapest plan with shared requirements is a minimum-cost AND/OR graph
solution, NP-hard in general, so `plan` searches exactly by branch and bound and stops
after MAX_EXPANSIONS decisions, keeping the best plan found and saying it may not be
optimal (``exact=False``) together with a proven lower bound. On the curated dataset and
on generated graphs of the benchmark the search completes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from careergraph.errors import UsageError
from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE, Edge, Node, amount, months, requirement_groups, tidy

PLAN_MEASURES = ("months", "cost")
MAX_EXPANSIONS = 200_000
TIE_BREAK = 1e-8  # far below any difference of whole months or dollars


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a requirement group, with its estimated cost (edge + subtree)."""

    node: Node
    edge: Edge
    estimate: float
    held: bool
    chosen: bool

    def to_dict(self) -> dict:
        return {
            **self.node.ref(),
            "months": self.edge.months,
            "cost_usd": self.edge.cost_usd,
            "estimate": tidy(self.estimate),
            "held": self.held,
            "chosen": self.chosen,
        }


@dataclass(frozen=True)
class Requirement:
    """One requirement group of a step: all its alternatives and which one was chosen."""

    group: str
    alternatives: list[Alternative]

    @property
    def chosen(self) -> Alternative:
        return next(a for a in self.alternatives if a.chosen)

    def to_dict(self) -> dict:
        return {"group": self.group, "alternatives": [a.to_dict() for a in self.alternatives]}


@dataclass(frozen=True)
class PlanStep:
    """A node to obtain, what it takes, why it is there and how its requirements are met."""

    node: Node
    months: float
    cost_usd: float
    because: list[str]
    requirements: list[Requirement]

    def to_dict(self, explain: bool = False) -> dict:
        out = {
            **self.node.ref(),
            "months": self.months,
            "cost_usd": self.cost_usd,
            "because": self.because,
        }
        if explain:
            out["requirements"] = [r.to_dict() for r in self.requirements]
        return out


@dataclass(frozen=True)
class Plan:
    """Steps in an order that can be followed (prerequisites first), with totals."""

    goal: Node
    have: list[Node]
    by: str
    steps: list[PlanStep]
    exact: bool = True
    lower_bound: float | None = None
    months: float = field(init=False)
    cost_usd: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "months", tidy(sum(s.months for s in self.steps)))
        object.__setattr__(self, "cost_usd", tidy(sum(s.cost_usd for s in self.steps)))

    def to_dict(self, explain: bool = False) -> dict:
        out = {
            "goal": self.goal.ref(),
            "have": [n.ref() for n in self.have],
            "by": self.by,
            "steps": [s.to_dict(explain) for s in self.steps],
            "months": self.months,
            "cost_usd": self.cost_usd,
            "exact": self.exact,
        }
        if not self.exact:
            out["lower_bound"] = tidy(self.lower_bound or 0)
        return out


class _Problem:
    """The AND/OR structure below a goal, with weights for one measure."""

    def __init__(self, backend: Backend, goal: Node, held: set[str], by: str):
        self.by = by
        self.held = held
        self.nodes: dict[str, Node] = {goal.id: goal}
        incoming: dict[str, list[Edge]] = defaultdict(list)
        for edge in backend.prerequisite_closure(goal.id):
            if edge.target in held:
                continue
            incoming[edge.target].append(edge)
            for end in (edge.source, edge.target):
                if end not in self.nodes:
                    self.nodes[end] = backend.node(end)
        self.groups = {
            node: {
                key: sorted(group, key=lambda e: e.source)
                for key, group in sorted(requirement_groups(edges).items())
            }
            for node, edges in incoming.items()
        }
        self.order = self._topological_order(goal.id)  # prerequisites first
        self.position = {node: i for i, node in enumerate(self.order)}
        self.tree = self._tree_estimates(tie=True)
        self.estimates = self._tree_estimates(tie=False)

    def _value(self, months: float, cost: float, tie: bool) -> float:
        """The measure; with ``tie``, plus a tiny share of the other measure, so that of two
        equally fast plans the cheaper wins (and of two equally cheap, the faster)."""
        primary, secondary = (months, cost) if self.by == "months" else (cost, months)
        return primary + TIE_BREAK * secondary if tie else primary

    def own(self, node_id: str, tie: bool = True) -> float:
        node = self.nodes[node_id]
        return self._value(node.months, node.cost_usd, tie)

    def edge_weight(self, edge: Edge, tie: bool = True) -> float:
        return self._value(edge.months, edge.cost_usd, tie)

    def _topological_order(self, goal: str) -> list[str]:
        seen: set[str] = set()
        order: list[str] = []
        stack = [(goal, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            if node in self.held:
                continue
            for edges in self.groups.get(node, {}).values():
                for edge in reversed(edges):
                    if edge.source not in seen:
                        stack.append((edge.source, False))
        return order

    def _tree_estimates(self, tie: bool) -> dict[str, float]:
        """Cost of each node if nothing were shared: an upper bound used to rank choices."""
        tree: dict[str, float] = {}
        for node in self.order:
            if node in self.held:
                tree[node] = 0.0
                continue
            tree[node] = self.own(node, tie) + sum(
                min(self.edge_weight(e, tie) + tree[e.source] for e in edges)
                for edges in self.groups.get(node, {}).values()
            )
        return tree

    def lower_bounds(self) -> dict[str, float]:
        """A proven lower bound per node: its own cost plus, for its costliest group, the
        cheapest alternative's edge and bound. Any plan obtaining the node contains one
        alternative of every group with that alternative's whole sub-plan."""
        bound: dict[str, float] = {}
        for node in self.order:
            if node in self.held:
                bound[node] = 0.0
                continue
            per_group = [
                min(self.edge_weight(e, tie=False) + bound[e.source] for e in edges)
                for edges in self.groups.get(node, {}).values()
            ]
            bound[node] = self.own(node, tie=False) + max(per_group, default=0.0)
        return bound

    def solve(self, goal: str) -> tuple[dict[tuple[str, str], Edge], float, bool]:
        """Branch and bound; returns the chosen edge per (node, group), cost, exactness."""
        best_choice = self._greedy(goal)
        best_cost = self.cost(goal, best_choice)
        expansions = 0
        exact = True
        min_edge = {
            (node, key): min(self.edge_weight(e) for e in edges)
            for node, g in self.groups.items()
            for key, edges in g.items()
        }
        decisions_of = {node: [(node, key) for key in g] for node, g in self.groups.items()}

        def search(needed: frozenset, pending: list, choice: dict, spent: float) -> None:
            nonlocal best_cost, best_choice, expansions, exact
            if expansions >= MAX_EXPANSIONS:
                exact = False
                return
            expansions += 1
            bound = spent + sum(min_edge[d] for d in pending)
            if bound >= best_cost - 1e-12:
                return
            if not pending:
                best_cost, best_choice = spent, dict(choice)
                return
            # Decide the group of the latest node in topological order first: every node
            # that could still require a node is then already decided.
            decision = max(pending, key=lambda d: (self.position[d[0]], d[1]))
            rest = [d for d in pending if d != decision]
            edges = sorted(
                self.groups[decision[0]][decision[1]],
                key=lambda e: self.edge_weight(e) + self.tree[e.source],
            )
            for edge in edges:
                source = edge.source
                added = 0.0
                new_pending = rest
                new_needed = needed
                if source not in self.held and source not in needed:
                    new_needed = needed | {source}
                    added = self.own(source)
                    new_pending = rest + decisions_of.get(source, [])
                choice[decision] = edge
                search(new_needed, new_pending, choice, spent + added + self.edge_weight(edge))
                del choice[decision]

        search(frozenset({goal}), list(decisions_of.get(goal, [])), {}, self.own(goal))
        return best_choice, best_cost, exact

    def _greedy(self, goal: str) -> dict[tuple[str, str], Edge]:
        choice: dict[tuple[str, str], Edge] = {}
        stack, seen = [goal], {goal}
        while stack:
            node = stack.pop()
            for key, edges in self.groups.get(node, {}).items():
                edge = min(edges, key=lambda e: self.edge_weight(e) + self.tree[e.source])
                choice[(node, key)] = edge
                if edge.source not in self.held and edge.source not in seen:
                    seen.add(edge.source)
                    stack.append(edge.source)
        return choice

    def chosen_nodes(self, goal: str, choice: dict[tuple[str, str], Edge]) -> list[str]:
        needed, stack = {goal}, [goal]
        while stack:
            node = stack.pop()
            for key in self.groups.get(node, {}):
                source = choice[(node, key)].source
                if source not in self.held and source not in needed:
                    needed.add(source)
                    stack.append(source)
        return [n for n in self.order if n in needed]

    def cost(self, goal: str, choice: dict[tuple[str, str], Edge]) -> float:
        total = 0.0
        for node in self.chosen_nodes(goal, choice):
            total += self.own(node)
            total += sum(self.edge_weight(choice[(node, key)]) for key in self.groups.get(node, {}))
        return total


def held_closure(backend: Backend, have: list[Node]) -> set[str]:
    """What a person holds: the given nodes and, transitively, the requirements they could
    not have been obtained without (groups with a single alternative). An alternative of
    a group is not implied: holding a PMP says one eligibility route was met, not which."""
    held = {n.id for n in have}
    stack = list(held)
    while stack:
        node = stack.pop()
        for edges in requirement_groups(backend.in_edges(node, PREREQUISITE)).values():
            if len(edges) == 1 and edges[0].source not in held:
                held.add(edges[0].source)
                stack.append(edges[0].source)
    return held


def make_plan(backend: Backend, goal: Node, have: list[Node] | None = None, by: str = "months") -> Plan:
    """The cheapest plan (by total months or total cost) to satisfy ``goal``.

    Parameters
    ----------
    goal : the node to reach.
    have : nodes already held; they and their own prerequisites cost nothing.
    by : "months" or "cost" — the total to minimise (the other is reported too).

    Returns a Plan whose steps are in a followable order (prerequisites first). When the
    goal is already held the plan has no steps.
    """
    if by not in PLAN_MEASURES:
        raise UsageError(f"--by must be one of {', '.join(PLAN_MEASURES)}")
    have = have or []
    held = held_closure(backend, have)
    if goal.id in held:
        return Plan(goal=goal, have=have, by=by, steps=[])
    problem = _Problem(backend, goal, held, by)
    choice, _, exact = problem.solve(goal.id)
    ordered = problem.chosen_nodes(goal.id, choice)
    chosen_set = set(ordered)
    reasons: dict[str, list[str]] = defaultdict(list)
    steps_requirements: dict[str, list[Requirement]] = {}
    for node in ordered:
        requirements = []
        for key, edges in problem.groups.get(node, {}).items():
            picked = choice[(node, key)]
            alternatives = [
                Alternative(
                    node=problem.nodes[e.source],
                    edge=e,
                    estimate=problem.edge_weight(e, tie=False) + problem.estimates[e.source],
                    held=e.source in held,
                    chosen=e is picked,
                )
                for e in edges
            ]
            requirements.append(Requirement(group=key, alternatives=alternatives))
            if picked.source in chosen_set:
                reasons[picked.source].append(_reason(problem, node, key, picked, alternatives, by))
        steps_requirements[node] = requirements
    steps = []
    for node_id in ordered:
        incoming = [choice[(node_id, key)] for key in problem.groups.get(node_id, {})]
        node = problem.nodes[node_id]
        because = reasons.get(node_id) or [f"the goal: {node.name}"]
        steps.append(
            PlanStep(
                node=node,
                months=tidy(node.months + sum(e.months for e in incoming)),
                cost_usd=tidy(node.cost_usd + sum(e.cost_usd for e in incoming)),
                because=because,
                requirements=steps_requirements[node_id],
            )
        )
    lower = None if exact else problem.lower_bounds()[goal.id]
    return Plan(goal=goal, have=have, by=by, steps=steps, exact=exact, lower_bound=lower)


def _reason(
    problem: _Problem, node: str, key: str, picked: Edge, alternatives: list[Alternative], by: str
) -> str:
    target = problem.nodes[node].name
    wait = f", with {months(picked.months)} of it" if picked.months else ""
    others = [a for a in alternatives if not a.chosen]
    if not others:
        return f"required by {target}{wait}"
    chosen = next(a for a in alternatives if a.chosen)
    over = ", ".join(f"{a.node.name} ({amount(a.estimate, by)})" for a in others)
    return (
        f"one of {len(alternatives)} alternatives for {target} ({key}){wait}: "
        f"chosen ({amount(chosen.estimate, by)}) over {over}"
    )
