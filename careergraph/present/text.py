"""Terminal output: pathways, plans and tables as a person reads them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from careergraph.graph.model import Node, amount, months, number, usd
from careergraph.queries.cypher import NamedQuery, QueryResult, cell_text
from careergraph.queries.paths import PathResult
from careergraph.queries.plan import Plan, add_months
from careergraph.queries.reach import ReachResult
from careergraph.queries.search import SearchHit
from careergraph.queries.show import NodeDetails

if TYPE_CHECKING:  # the Neo4j loader is imported only by `careergraph load`
    from careergraph.graph.neo4j_load import LoadReport


def label(node: Node) -> str:
    return f"{node.name} [{node.kind}]"


def _have(nodes: list[Node], amounts: dict[str, float]) -> str:
    shown = [f"{n.name} ({months(amounts[n.id])})" if n.id in amounts else n.name for n in nodes]
    return ", ".join(shown) or "nothing"


def _span(start: float, end: float, as_of=None) -> str:
    """A step's months, or with a date to count from, its calendar months."""
    if as_of is not None:
        return f"{add_months(as_of, start):%Y-%m} → {add_months(as_of, end):%Y-%m}"
    return f"month {number(start):>4} → {number(end):<4}"


def path_text(result: PathResult) -> str:
    count = len(result.paths)
    unproven = "" if result.exact else ", best of the candidates searched"
    if result.lower_bound is not None:
        unproven += f"; none can take less than {amount(result.lower_bound, result.by)}"
    lines = [
        f"{result.source.name} → {result.target.name}  "
        f"(best by {result.by}, {result.edges} edges, {count} pathway{'s' if count != 1 else ''}{unproven})"
    ]
    if result.have:
        lines.append(f"Having {_have(result.have, {})}")
    for index, path in enumerate(result.paths, start=1):
        title = "Best pathway" if index == 1 else f"Alternative {index - 1}"
        lines.append("")
        lines.append(
            f"{title}: {path.hops} move{'s' if path.hops != 1 else ''}, {months(path.elapsed_months)} "
            f"(effort {months(path.effort_months)}), {usd(path.cost_usd)}"
        )
        lines.append(f"   0. {label(path.nodes[0])}")
        for step_number, step in enumerate(path.steps, start=1):
            arrow = "─requires→" if step.edge.type == "PREREQUISITE" else "─recommends→"
            lines.append(
                f"  {step_number:>2}. {arrow} {label(step.target)}   "
                f"{_span(step.start_month, step.end_month)}  +{usd(step.cost_usd)}"
            )
            for gained in step.gained:
                what = months(gained.months, short=True) if gained.months else "on the way"
                cost = f", {usd(gained.cost_usd)}" if gained.cost_usd else ""
                lines.append(f"        needs {gained.node.name} ({what}{cost})")
    return "\n".join(lines)


def plan_text(plan: Plan, explain: bool = False) -> str:
    measure = "earliest finish, then cheapest" if plan.by == "months" else "cheapest"
    amounts = plan.have_months
    lines = [f"Plan for {plan.goal.name} ({measure}), having {_have(plan.have, amounts)}"]
    if not plan.steps:
        lines.append("You already hold it: nothing to do.")
        return "\n".join(lines)
    for step in plan.steps:
        reached = ""
        if step.node.accrues and step.months and step.end_month > step.start_month:
            reached = "  (experience)"
        employers = "  [what employers expect]" if step.basis == "employers" else ""
        lines.append(
            f"  {_span(step.start_month, step.end_month, plan.as_of)}  {label(step.node)}   "
            f"{months(step.months, short=True)}, {usd(step.cost_usd)}{reached}{employers}"
        )
        for reason in step.because:
            lines.append(f"        because {reason}")
        if explain:
            lines += _alternatives(step, plan.by)
    lines.append("")
    lines += timeline(plan)
    eligible = f"month {number(plan.eligible_month)}"
    if plan.eligible_from is not None:
        eligible = f"{plan.eligible_from:%Y-%m-%d}"
    total = (
        f"Eligible for {plan.goal.name} from {eligible}; done in {months(plan.elapsed_months)} "
        f"(effort {months(plan.effort_months)}), {usd(plan.cost_usd)}"
    )
    if plan.as_of is not None:
        total += f"  (as of {plan.as_of:%Y-%m-%d}, from your profile)"
    if not plan.exact:
        total += f"  (search stopped early; lower bound {amount(plan.lower_bound or 0, 'cost')})"
    lines.append(total)
    return "\n".join(lines)


def _alternatives(step, by: str) -> list[str]:
    lines = []
    for requirement in step.requirements:
        if len(requirement.alternatives) < 2:
            continue
        lines.append(f"        requirement {requirement.group}:")
        for alt in requirement.alternatives:
            mark = "✓" if alt.chosen else ("held" if alt.held else " ")
            if alt.estimate == float("inf"):
                estimate = "cannot be met here"
            elif by == "months":
                estimate = f"ready at month {number(alt.estimate)}"
            else:
                estimate = usd(alt.estimate)
            lines.append(f"          [{mark}] {alt.node.name} ({estimate})")
    return lines


TIMELINE_WIDTH = 48
TIMELINE_LABEL = 32


def timeline(plan: Plan) -> list[str]:
    """The plan's steps as bars along a month axis."""
    span = max(plan.elapsed_months, max((s.end_month for s in plan.steps), default=0), 1)
    scale = TIMELINE_WIDTH / span
    ticks = sorted({0, plan.eligible_month, plan.elapsed_months})
    axis = [" "] * (TIMELINE_WIDTH + 8)
    free_from = 0
    for tick in ticks:
        text = number(tick)
        at = min(int(round(tick * scale)), TIMELINE_WIDTH)
        if at < free_from:  # too close to the last tick to print apart
            continue
        axis[at : at + len(text)] = list(text)
        free_from = at + len(text) + 1
    lines = [f"  {'Timeline (months)':<{TIMELINE_LABEL}}  {''.join(axis).rstrip()}"]
    for step in plan.steps:
        name = step.node.name
        if len(name) > TIMELINE_LABEL:
            name = name[: TIMELINE_LABEL - 1] + "…"
        start = int(round(step.start_month * scale))
        width = max(1, int(round(step.end_month * scale)) - start)
        bar = "█" * width if step.end_month > step.start_month else "▏"
        lines.append(f"  {name:<{TIMELINE_LABEL}}  {' ' * start}{bar}")
    return lines


def reach_text(result: ReachResult) -> str:
    lines = [
        f"Reachable from {result.source.name} within {amount(result.budget, result.by)}: "
        f"{len(result.reachable)}"
    ]
    for item in result.reachable:
        value = usd(item.cost) if result.by == "cost" else months(item.cost, short=True)
        lines.append(f"  {value:>10}  {label(item.node)}")
    return "\n".join(lines)


def show_text(details: NodeDetails) -> str:
    node = details.node
    lines = [f"{node.name}  [{node.kind}]  id: {node.id}"]
    if node.aliases:
        lines.append(f"  also: {', '.join(node.aliases)}")
    if node.description:
        lines.append(f"  {node.description}")
    facts = [
        ("issuer", node.issuer),
        ("exam fee", usd(node.exam_fee_usd) if node.exam_fee_usd is not None else None),
        ("takes", months(node.months) if node.months else None),
        ("costs", usd(node.cost_usd) if node.cost_usd else None),
        ("renewal", node.renewal),
        ("confidence", node.confidence),
        ("note", node.note),
        ("as of", node.as_of),
    ]
    lines += [f"  {name}: {value}" for name, value in facts if value]
    lines += [f"  source: {url}" for url in node.sources]
    if details.requires:
        lines.append("Requires (all groups; any one within a group):")
        for key, alternatives in details.requires:
            names = " OR ".join(
                n.node.name + (f" ({months(n.edge.months, short=True)})" if n.edge.months else "")
                for n in alternatives
            )
            lines.append(f"  [{key}] {names}")
    for title, items in (
        ("Unlocks", details.unlocks),
        ("Recommends", details.recommends),
        ("Recommended by", details.recommended_by),
    ):
        if items:
            lines.append(f"{title}:")
            lines += [f"  {label(n.node)}" for n in items]
    return "\n".join(lines)


def search_text(hits: list[SearchHit]) -> str:
    if not hits:
        return "No matches."
    return "\n".join(
        f"  {hit.score:5.1f}  {hit.name} [{hit.kind}]  id: {hit.id}  ({hit.matched})" for hit in hits
    )


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in out)


def stats_text(counts: dict) -> str:
    lines = [f"nodes: {counts['nodes']}"]
    lines += [f"  {kind}: {count}" for kind, count in counts["by_kind"].items()]
    lines.append(f"edges: {counts['edges']}")
    lines += [f"  {edge_type}: {count}" for edge_type, count in counts["by_type"].items()]
    return "\n".join(lines)


def load_text(report: LoadReport) -> str:
    counts = report.database
    return (
        f"loaded {report.nodes} nodes and {report.edges} edges in {report.seconds:.1f} s; "
        f"the database now holds {counts['nodes']} careergraph nodes and {counts['edges']} relationships"
    )


def queries_text(queries: list[NamedQuery]) -> str:
    rows = [
        [q.name, q.mode, ", ".join(f"{k}={v}" for k, v in q.params.items()), q.description] for q in queries
    ]
    return table(rows, ["name", "mode", "params (defaults)", "description"])


def query_result_text(result: QueryResult) -> tuple[str, str]:
    """A named query's rows as a table (empty when it returns no columns), and the row
    count with any write counters for stderr."""
    rows = [[cell_text(value) for value in row] for row in result.rows]
    summary = [f"{len(rows)} row{'s' if len(rows) != 1 else ''}"]
    summary += [f"{counter}: {value}" for counter, value in result.counters.items()]
    return (table(rows, result.columns) if result.columns else ""), "\n".join(summary)
