"""The `careergraph` command: parses arguments, calls the library, prints the answer."""

from __future__ import annotations

import gc
import importlib.metadata
import json
import os
import sys
from pathlib import Path

import click

from careergraph import native
from careergraph.backends import BACKENDS, open_backend
from careergraph.command_group import CareerGraphGroup
from careergraph.errors import InvalidData, UsageError
from careergraph.graph.backend import EDGE_SELECTIONS, MEASURES
from careergraph.graph.model import KINDS
from careergraph.graph.neo4j_settings import Neo4jSettings
from careergraph.profile_commands import as_of_option, profile
from careergraph.serve.command import serve


class State:
    """What the group options decided; the backend opens on first use."""

    def __init__(self, backend: str, data: tuple[str, ...], neo4j: Neo4jSettings, strict: bool = False):
        self.backend_name = backend
        self.data = list(data)
        self.neo4j = neo4j
        self.strict = strict
        self._backend = None
        self._closed: list = []

    @property
    def backend(self):
        if self._backend is None:
            self._backend = open_backend(self.backend_name, self.data, self.neo4j, strict=self.strict)
            if self.data and self.backend_name == "networkx":
                warn_about_unsourced(self._backend.dataset().warnings)
        return self._backend

    def neo4j_backend(self):
        """A Neo4j backend for the commands only Neo4j answers (load, cypher), whatever
        --backend says; closed with the command."""
        if self._backend is None or self._backend.name != "neo4j":
            self.close()
            self._backend = open_backend("neo4j", neo4j=self.neo4j)
        return self._backend

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            # Kept referenced until the process ends: freeing a million-edge graph object
            # by object takes a third of a second that ``main`` skips (see there).
            self._closed.append(self._backend)
            self._backend = None


SHOWN_WARNINGS = 5


def warn_about_unsourced(warnings: list) -> None:
    """Nodes of the user's data without sources, on stderr before an answer: the first
    few and a count (`validate` lists every warning)."""
    from careergraph.loaders.validation import NO_SOURCES_WARNING

    unsourced = [w for w in warnings if w.message == NO_SOURCES_WARNING]
    for warning in unsourced[:SHOWN_WARNINGS]:
        click.echo(f"careergraph: {warning}", err=True)
    if len(unsourced) > SHOWN_WARNINGS:
        more = len(unsourced) - SHOWN_WARNINGS
        click.echo(f"careergraph: warning: {more} more nodes have no sources (validate lists them)", err=True)


def show_version(ctx: click.Context, value: bool) -> None:
    """``--version``, with whether the pathway search runs compiled: worked out only when
    asked (careergraph/native.py), not for every command."""
    if value and not ctx.resilient_parsing:
        version = importlib.metadata.version("careergraph")
        click.echo(f"{ctx.find_root().info_name}, version {version} (pathway search: {native.choose()})")
        ctx.exit()


def emit(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


json_option = click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")


@click.group(cls=CareerGraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="networkx",
    show_default=True,
    envvar="CAREERGRAPH_BACKEND",
    help="networkx: the embedded graph (no server); neo4j: a Neo4j server.",
)
@click.option(
    "--data",
    multiple=True,
    type=click.Path(),
    help="A dataset file or directory (YAML, JSON node-link, CSV); repeat to merge. "
    "Default: the curated dataset.",
)
@click.option(
    "--strict",
    is_flag=True,
    envvar="CAREERGRAPH_STRICT",
    help="Refuse --data nodes without sources (otherwise a warning); the curated dataset is always strict.",
)
@click.option("--neo4j-uri", envvar="NEO4J_URI", default="bolt://127.0.0.1:7687", show_default=True)
@click.option("--neo4j-user", envvar="NEO4J_USER", default="neo4j", show_default=True)
@click.option("--neo4j-password", envvar="NEO4J_PASSWORD", help="Default: $NEO4J_PASSWORD.")
@click.option("--neo4j-database", envvar="NEO4J_DATABASE", help="Default: the server's default.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: show_version(ctx, value),
    help="Show the version and exit.",
)
@click.pass_context
def cli(ctx, backend, data, strict, neo4j_uri, neo4j_user, neo4j_password, neo4j_database):
    """Explore career pathways into technical project and program management.

    Certifications, roles, skills and education are nodes; PREREQUISITE (required
    before) and RECOMMENDS (a good next step) are edges. Names resolve by id, name or
    alias, in any case.

    \b
    Examples:
      careergraph path "Software Engineer" "Program Manager" --by months --k 3
      careergraph plan PMP --have "Bachelor's in Computer Science"
      careergraph show PMP
      careergraph search "scrum mastr"

    Exit codes: 0 answered, 1 no pathway, 2 bad usage or invalid data, 3 backend
    unavailable.
    """
    settings = Neo4jSettings(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    state = State(backend, data, settings, strict)
    ctx.obj = state
    ctx.call_on_close(state.close)


def _resolve(state: State, text: str):
    from careergraph.queries.resolve import resolve

    return resolve(state.backend, text)


def _walked(state: State):
    """The graph path, plan and reach walk (for Neo4j a copy read in one query,
    queries/local.py); their names and holdings resolve on it too, at no round trip."""
    from careergraph.queries.local import in_process

    return in_process(state.backend)


have_option = click.option(
    "--have",
    multiple=True,
    metavar="NODE[=MONTHS]",
    help='Something you hold, or months of experience or of a role: "Leading projects=24" (repeatable).',
)
profile_option = click.option(
    "--profile",
    "profile_file",
    type=click.Path(dir_okay=False),
    help="Your dated history (docs/profile.md); --have adds to it. Never leaves this machine.",
)


def _holdings(state: State, have: tuple[str, ...], profile_file: str | None, as_of):
    """What the person holds: --have, and the profile as of its date when given."""
    from careergraph.queries.holdings import holdings_from_have, parse_have, with_profile
    from careergraph.queries.resolve import resolve

    backend = _walked(state)
    extra = holdings_from_have(backend, [parse_have(h) for h in have], resolve)
    if profile_file is None:
        return extra, None
    from careergraph.profiles import load_profile, profile_state

    person = profile_state(load_profile(profile_file), backend, as_of)
    for warning in person.warnings:
        click.echo(f"careergraph: {warning}", err=True)
    return with_profile(backend, person, extra), person


@cli.command()
@click.argument("ends", nargs=-1, metavar="[FROM] TO")
@click.option("--by", type=click.Choice(MEASURES), default="hops", show_default=True)
@click.option(
    "--k",
    type=click.IntRange(1, 100),
    default=1,
    show_default=True,
    help="How many distinct alternatives, best first.",
)
@click.option("--via", multiple=True, help="A node every pathway passes through (repeatable, in order).")
@click.option("--avoid", multiple=True, help="A node no pathway enters (repeatable).")
@click.option("--edges", type=click.Choice(list(EDGE_SELECTIONS)), default="all", show_default=True)
@have_option
@profile_option
@as_of_option
@click.option("--html", "html_file", type=click.Path(dir_okay=False), help="Also write an HTML page.")
@click.option("--open", "open_page", is_flag=True, help="Open the HTML page in a browser.")
@json_option
@click.pass_obj
def path(state, ends, by, k, via, avoid, edges, have, profile_file, as_of, html_file, open_page, as_json):
    """The best pathway from FROM to TO, and --k alternatives.

    Every move meets all the requirements of the node it enters, priced on what you
    hold by then: FROM, --have, your --profile, and what the pathway gained. --by
    months is the calendar time (study runs alongside work). With --profile, FROM
    defaults to your current position.

    \b
    Examples:
      careergraph path "Software Engineer" "Program Manager" --by months --k 3
      careergraph path PMP PgMP --have "Bachelor's degree" --by months
      careergraph path "Program Manager" --profile me.yaml --by months
    """
    from careergraph.present.text import path_text
    from careergraph.queries.paths import find_paths

    holdings, person = _holdings(state, have, profile_file, as_of)
    if len(ends) == 1 and person is not None and person.current_role:
        ends = (person.current_role, ends[0])
    if len(ends) != 2:
        raise click.UsageError("give FROM and TO (or only TO, with a --profile naming a current position)")
    from careergraph.queries.resolve import resolve_all

    named = resolve_all(_walked(state), [*ends, *via, *avoid])
    result = find_paths(
        state.backend,
        named[0],
        named[1],
        by=by,
        k=k,
        via=named[2 : 2 + len(via)],
        avoid=named[2 + len(via) :],
        edges=edges,
        holdings=holdings,
    )
    if html_file:
        from careergraph.present.pathway import write_path_page

        write_path_page(_walked(state), result, Path(html_file), open_page)
    emit(result.to_dict()) if as_json else click.echo(path_text(result))


@cli.command()
@click.argument("goal")
@have_option
@profile_option
@as_of_option
@click.option("--by", type=click.Choice(["months", "cost"]), default="months", show_default=True)
@click.option("--explain", is_flag=True, help="Show every alternative with its estimate.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False), help="Also write an HTML page.")
@click.option("--open", "open_page", is_flag=True, help="Open the HTML page in a browser.")
@json_option
@click.pass_obj
def plan(state, goal, have, profile_file, as_of, by, explain, html_file, open_page, as_json):
    """What exactly you must do to reach GOAL, given what you --have, as a schedule.

    Every requirement group of every step is met (AND across groups, one alternative
    within a group); experience is a running total (the largest demand, months you hold
    count); study runs alongside work; each step starts when what it needs is done.
    --by months: the earliest finish, then the cheapest; --by cost: the cheapest.

    \b
    Examples:
      careergraph plan PMP --have "Bachelor's degree" --have "Leading projects=24"
      careergraph plan PMP --profile me.yaml
    """
    from careergraph.present.text import plan_text
    from careergraph.queries.plan import make_plan
    from careergraph.queries.resolve import resolve

    holdings, _ = _holdings(state, have, profile_file, as_of)
    result = make_plan(state.backend, resolve(_walked(state), goal), by=by, holdings=holdings)
    if html_file:
        from careergraph.present.plan import write_plan_page

        write_plan_page(_walked(state), result, Path(html_file), open_page, personal=profile_file is not None)
    emit(result.to_dict(explain)) if as_json else click.echo(plan_text(result, explain))


@cli.command()
@click.argument("source", metavar="FROM", required=False)
@click.option("--within-months", type=float, help="Budget in calendar months.")
@click.option("--within-cost", type=float, help="Budget in US dollars.")
@click.option("--kind", type=click.Choice(KINDS, case_sensitive=False))
@click.option("--edges", type=click.Choice(list(EDGE_SELECTIONS)), default="all", show_default=True)
@have_option
@profile_option
@as_of_option
@json_option
@click.pass_obj
def reach(state, source, within_months, within_cost, kind, edges, have, profile_file, as_of, as_json):
    """Everything a pathway from FROM reaches within a budget, cheapest first.

    Moves are priced as in `path`, on what you hold (--have, --profile). With
    --profile, FROM defaults to your current position.

    \b
    Example:
      careergraph reach "Software Engineer" --within-months 36 --kind Role
    """
    from careergraph.present.text import reach_text
    from careergraph.queries.reach import reach as run_reach
    from careergraph.queries.resolve import resolve

    if (within_months is None) == (within_cost is None):
        raise UsageError("give exactly one of --within-months and --within-cost")
    by, budget = ("months", within_months) if within_months is not None else ("cost", within_cost)
    holdings, person = _holdings(state, have, profile_file, as_of)
    if source is None:
        if person is None or not person.current_role:
            raise UsageError("give FROM (or a --profile with a current position)")
        source = person.current_role
    result = run_reach(
        state.backend, resolve(_walked(state), source), by, budget, kind, edges, holdings=holdings
    )
    emit(result.to_dict()) if as_json else click.echo(reach_text(result))


@cli.command()
@click.argument("node")
@json_option
@click.pass_obj
def show(state, node, as_json):
    """A node: its facts and sources, what it requires (AND/OR), unlocks and recommends."""
    from careergraph.present.text import show_text
    from careergraph.queries.show import show as run_show

    details = run_show(state.backend, _resolve(state, node))
    emit(details.to_dict()) if as_json else click.echo(show_text(details))


@cli.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@json_option
@click.pass_obj
def search(state, text, limit, as_json):
    """Ranked fuzzy matches on names, aliases and descriptions ("scrum mastr", "aws arch")."""
    from careergraph.present.text import search_text
    from careergraph.queries.search import search as run_search

    hits = run_search(state.backend, text, limit)
    if as_json:
        emit({"query": text, "results": [h.to_dict() for h in hits]})
    else:
        click.echo(search_text(hits))


@cli.command(name="list")
@click.option("--kind", type=click.Choice(KINDS, case_sensitive=False))
@json_option
@click.pass_obj
def list_nodes(state, kind, as_json):
    """All nodes, or those of one --kind, by id."""
    from careergraph.present.text import table

    nodes = state.backend.nodes(kind)
    if as_json:
        emit({"kind": kind, "nodes": [n.ref() for n in nodes]})
    else:
        click.echo(table([[n.id, n.kind, n.name] for n in nodes], ["id", "kind", "name"]))


@cli.command()
@json_option
@click.pass_obj
def stats(state, as_json):
    """Counts of nodes and edges, by kind and by type."""
    from careergraph.present.text import stats_text

    counts = state.backend.stats()
    emit(counts) if as_json else click.echo(stats_text(counts))


@cli.command()
@click.argument("files", nargs=-1, type=click.Path())
@json_option
@click.pass_obj
def validate(state, files, as_json):
    """Check dataset FILES (default: --data, or the curated dataset); exit 2 if invalid.

    Every problem is reported at once, each with its file and line (or row).
    """
    from careergraph.loaders import load_dataset

    sources = list(files) or state.data
    try:
        dataset = load_dataset(sources, strict=state.strict)
    except InvalidData as exc:
        if as_json:
            emit({"valid": False, "problems": [p.to_dict() for p in exc.problems]})
            raise SystemExit(2) from None
        raise
    if as_json:
        emit(
            {
                "valid": True,
                "nodes": len(dataset.nodes),
                "edges": len(dataset.edges),
                "problems": [p.to_dict() for p in dataset.warnings],
            }
        )
        return
    for warning in dataset.warnings:
        click.echo(f"careergraph: {warning}", err=True)
    click.echo(f"valid: {len(dataset.nodes)} nodes, {len(dataset.edges)} edges")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "graphml", "gexf", "csv", "cypher"]),
    default="json",
    show_default=True,
)
@click.option("--out", type=click.Path(), help="Output file (a directory for csv). Default: stdout.")
@click.pass_obj
def export(state, fmt, out):
    """Write the graph out: JSON node-link, GraphML, GEXF, CSV (nodes.csv + edges.csv) or Cypher.

    \b
    Example:
      careergraph export --format csv --out my-graph/
    """
    from careergraph.loaders.export import export_text, write_export

    if out is None:
        click.echo(export_text(state.backend.dataset(), fmt), nl=False)
        return
    paths = write_export(state.backend.dataset(), fmt, out)
    click.echo(f"wrote {', '.join(str(p) for p in paths)}", err=True)


@cli.command()
@click.option("--replace", is_flag=True, help="Delete careergraph's own nodes first (never other data).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=5_000, show_default=True)
@json_option
@click.pass_obj
def load(state, replace, batch_size, as_json):
    """Load the dataset (--data, or the curated one) into Neo4j.

    Validates everything first and writes nothing if the data is invalid; then creates
    constraints and indexes and writes batched, idempotent MERGE transactions. Only
    nodes labelled CareerGraph are touched. Connection: NEO4J_URI, NEO4J_USER,
    NEO4J_PASSWORD, NEO4J_DATABASE (or the --neo4j-* options).

    \b
    Example:
      eval "$(scripts/neo4j env)"; careergraph load --replace
    """
    from careergraph.graph.neo4j_load import load as run_load
    from careergraph.loaders import load_dataset
    from careergraph.present.text import load_text

    dataset = load_dataset(state.data, strict=state.strict)
    backend = state.neo4j_backend()
    total = len(dataset.nodes) + len(dataset.edges)
    show_bar = total >= 20_000 and not as_json
    with click.progressbar(length=total, label="loading", file=sys.stderr, hidden=not show_bar) as bar:
        report = run_load(backend, dataset, replace=replace, batch_size=batch_size, progress=bar.update)
    emit(report.to_dict()) if as_json else click.echo(load_text(report))


@cli.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    default="careergraph.html",
    show_default=True,
    help="The page to write.",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in a browser.")
@click.pass_obj
def html(state, out, open_page):
    """Write the whole-graph explorer: one self-contained, offline HTML page.

    Search a node, filter by kind and edge type, click a node to see its details and
    highlight what it requires and unlocks.
    """
    from careergraph.present.explorer import write_explorer_page

    write_explorer_page(state.backend.dataset(), Path(out), open_page)
    click.echo(f"wrote {out}", err=True)


param_option = click.option(
    "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable)."
)


@cli.command()
@click.argument("name", required=False)
@param_option
@click.option("--list", "list_all", is_flag=True, help="List the named queries and their parameters.")
@json_option
@click.pass_obj
def cypher(state, name, params, list_all, as_json):
    """Run a named Cypher query (careergraph/queries/NAME.cypher) on Neo4j.

    Read queries run in a read transaction: Neo4j refuses any write in them.
    Connection: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.

    \b
    Examples:
      careergraph cypher --list
      careergraph cypher pathway-between-roles --param from=scrum-master --param to=program-manager
    """
    from careergraph.present.text import queries_text, query_result_text
    from careergraph.queries.cypher import bind, list_queries, parse_param_options, run_query

    if list_all or not name:
        if not list_all:
            raise UsageError("give a query NAME, or --list")
        queries = list_queries()
        emit({"queries": [q.to_dict() for q in queries]}) if as_json else click.echo(queries_text(queries))
        return
    query, values = bind(name, parse_param_options(params))  # a wrong name or parameter: exit 2, no server
    result = run_query(state.neo4j_backend(), query, values)
    if as_json:
        emit(result.to_dict())
        return
    table_text, summary = query_result_text(result)
    if table_text:
        click.echo(table_text)
    click.echo(summary, err=True)


@cli.command()
@click.argument("name", required=False)
@param_option
@click.option("--open", "open_page", is_flag=True, help="Open the URL in a web browser.")
@click.option(
    "--http-url",
    envvar="NEO4J_HTTP_URL",
    default="http://127.0.0.1:7474",
    show_default=True,
    help="Where Neo4j's HTTP server (and Browser) listens.",
)
@click.option(
    "--conf",
    "print_conf",
    is_flag=True,
    help="Print the neo4j.conf lines that make Browser apply careergraph's style and default "
    "parameters after connecting.",
)
@click.pass_obj
def browser(state, name, params, open_page, http_url, print_conf):
    """A Neo4j Browser link with the named query NAME in the editor.

    The link connects as NEO4J_USER to NEO4J_URI (type the password in Browser; it is
    never put in the URL) and fills the editor with the query: press Run (or
    Ctrl+Enter). The server's post-connect command (see --conf) sets the default
    parameters; other --param values come as a `:param` line before the query.

    \b
    Examples:
      careergraph browser pathway-between-roles --open
      careergraph browser --conf > careergraph/queries/neo4j-browser.conf
    """
    from careergraph.queries.cypher import (
        browser_text,
        browser_url,
        get_query,
        parse_param_options,
        post_connect_conf,
        query_params,
    )

    if print_conf:
        click.echo(post_connect_conf(), nl=False)
        return
    if not name:
        raise UsageError("give a query NAME (careergraph cypher --list shows them), or --conf")
    query = get_query(name)
    text = browser_text(query, query_params(query, parse_param_options(params)))
    try:
        url = browser_url(http_url, state.neo4j.uri, state.neo4j.user, state.neo4j.database, text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    click.echo(url)
    if open_page:
        import webbrowser

        webbrowser.open(url)


@cli.command()
@click.option("--edges", type=int, required=True, help="How many edges (nodes: about a tenth).")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same graph.")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Directory for the CSV files.")
def generate(edges, seed, out):
    """Write a synthetic career graph (nodes.csv, edges.csv) for benchmarks and tests.

    \b
    Example:
      careergraph generate --edges 1000000 --seed 1 --out /tmp/graph-1m
      careergraph --data /tmp/graph-1m stats
    """
    from careergraph.devtools.generate import generate as run_generate
    from careergraph.loaders.export import write_export

    dataset = run_generate(edges, seed)
    paths = write_export(dataset, "csv", out)
    click.echo(
        f"wrote {len(dataset.nodes)} nodes and {len(dataset.edges)} edges to "
        f"{', '.join(str(p) for p in paths)}",
        err=True,
    )


cli.add_command(profile)


cli.add_command(serve)


def main() -> None:
    try:
        cli(prog_name="careergraph")
    except SystemExit as done:
        if gc.get_freeze_count():
            # A large graph was loaded (Dataset.settle froze it): leave without
            # freeing its millions of objects one by one, as mypy does after a run.
            # Everything the command writes is flushed first; nothing else is pending.
            _leave(done.code)
        raise


def _leave(code: object) -> None:
    if code is not None and not isinstance(code, int):
        click.echo(code, err=True)  # what sys.exit prints for a message
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be written
            pass
    os._exit(code or 0)


if __name__ == "__main__":
    main()
