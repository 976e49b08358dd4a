"""`careergraph profile ...`: show a profile as of a date; import LinkedIn exports and badges."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import click

from careergraph.command_group import CareerGraphGroup
from careergraph.errors import UnknownNode, UsageError
from careergraph.graph.model import tidy


def backend_of(ctx: click.Context):
    """The backend the top-level command opened (its State's ``.backend``), else the
    embedded curated graph."""
    root = ctx.find_root()
    if getattr(root.obj, "backend", None) is None:
        from types import SimpleNamespace

        from careergraph.graph.networkx_backend import NetworkxBackend
        from careergraph.loaders import load_dataset

        root.obj = SimpleNamespace(backend=NetworkxBackend(load_dataset()))
    return root.obj.backend


class _Date(click.ParamType):
    """A date option: YYYY-MM-DD, or YYYY-MM (its first day), as a profile's dates."""

    name = "date"

    def convert(self, value, param, ctx) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        from careergraph.profiles.dates import parse_date

        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


as_of_option = click.option(
    "--as-of",
    "as_of",
    type=_Date(),
    metavar="DATE",
    help="The date the profile is read as of: YYYY-MM-DD or YYYY-MM (default: its as_of, else today).",
)


@click.group(cls=CareerGraphGroup, name="profile")
def profile() -> None:
    """A person's dated history: what they hold, what lapsed, months of experience.

    The profile file is described in docs/profile.md. Nothing in it leaves this machine.
    """


@profile.command()
@click.argument("file", type=click.Path())
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_context
def show(ctx: click.Context, file: str, as_of: datetime.date | None, as_json: bool) -> None:
    """What FILE holds as of a date, what lapsed and when, and months of each experience."""
    from careergraph.profiles import load_profile, profile_state

    loaded = load_profile(file)
    backend = backend_of(ctx)
    state = profile_state(loaded, backend, as_of)
    document = profile_document(loaded, state, backend)
    if as_json:
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    for warning in state.warnings:
        click.echo(f"careergraph: {warning}", err=True)
    click.echo(render_text(document))


def profile_document(loaded, state, backend) -> dict:
    """The JSON of `profile show` (docs/profile.md)."""
    from careergraph.queries.resolve import resolve

    dates: dict[str, dict] = {}
    for entry in (*loaded.education, *loaded.credentials):
        try:
            node_id = resolve(backend, entry.name).id
        except UnknownNode:
            continue
        live = entry.expires is None or entry.expires >= state.as_of
        if live and entry.earned <= state.as_of:
            dates[node_id] = {
                "earned": entry.earned.isoformat(),
                "expires": entry.expires.isoformat() if entry.expires else None,
            }
    current_since = None
    if state.current_role is not None:
        current_since = max(
            p.start for found in state.positions_by_kind.values() for p in found if p.current
        ).isoformat()
    held = []
    for node_id in sorted(state.held):
        node = backend.node(node_id)
        item = {**node.ref(), "earned": None, "expires": None}
        item.update(dates.get(node_id, {}))
        if node_id == state.current_role:
            item["current_role_since"] = current_since
        held.append(item)
    experience = []
    for kind, months in state.experience.items():
        experience.append(
            {
                "kind": backend.node(kind).ref(),
                "months": tidy(months),
                "positions": [p.to_dict() for p in state.positions_by_kind.get(kind, [])],
                "stated_months": tidy(state.stated.get(kind, 0)),
                "still_accruing": kind in state.accruing,
            }
        )
    return {
        "file": loaded.file,
        "as_of": state.as_of.isoformat(),
        "held": held,
        "lapsed": [{**backend.node(i).ref(), "lapsed_on": day.isoformat()} for i, day in state.lapsed],
        "current_role": backend.node(state.current_role).ref() if state.current_role else None,
        "experience": experience,
        "warnings": state.warnings,
    }


def render_text(document: dict) -> str:
    """`profile show` as text, from the same document as its JSON."""
    lines = [f"{document['file']} as of {document['as_of']}", "", "Held"]
    for item in document["held"] or [{"name": "(nothing)", "id": None}]:
        label = f"  {item['name']} ({item['id']})" if item["id"] else f"  {item['name']}"
        details = []
        if item.get("earned"):
            details.append(f"earned {item['earned']}")
        if item.get("expires"):
            details.append(f"expires {item['expires']}")
        if item.get("current_role_since"):
            details.append(f"current role since {item['current_role_since']}")
        lines.append(label + (f"  {item['kind']}, {', '.join(details)}" if details else f"  {item['kind']}"))
    if document["lapsed"]:
        lines += ["", "Lapsed"]
        lines += [f"  {i['name']} ({i['id']})  lapsed {i['lapsed_on']} (expired)" for i in document["lapsed"]]
    lines += ["", "Experience (whole calendar months; a month on two positions counts once)"]
    if not document["experience"]:
        lines.append("  (none)")
    for item in document["experience"]:
        kind = item["kind"]
        lines.append(f"  {kind['name']} ({kind['id']})  {item['months']} months")
        for position in item["positions"]:
            at = f", {position['company']}" if position["company"] else ""
            lines.append(f"    {position['start']} to {position['end']}  {position['title']}{at}")
        if item["stated_months"]:
            lines.append(f"    {item['stated_months']} months stated without dates")
    return "\n".join(lines)


@profile.group(name="import", cls=CareerGraphGroup)
def import_group() -> None:
    """Make or extend a profile from a LinkedIn data export or an Open Badge."""


def _deliver(text: str, report: list[str], out: str | None, force: bool) -> None:
    """The profile to --out (atomically) or stdout; the report always on stderr."""
    from careergraph.profiles.write import write_atomically

    if out is not None:
        write_atomically(Path(out), text, force)
    else:
        click.echo(text, nl=False)
    for line in report:
        click.echo(f"careergraph: {line}", err=True)
    if out is not None:
        click.echo(f"wrote {out} ({len(report)} records to check)", err=True)


@import_group.command()
@click.argument("path", type=click.Path())
@click.option("--out", type=click.Path(), help="Write the profile here (default: stdout).")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_context
def linkedin(ctx: click.Context, path: str, out: str | None, force: bool) -> None:
    """A profile from a LinkedIn data export PATH (the folder or its zip).

    Reads Positions.csv, Certifications.csv and Education.csv; prints every record it
    could not match (and every fuzzy match) so you can edit the result.
    """
    from careergraph.profiles.linkedin import import_linkedin

    if out is not None and Path(out).exists() and not force:
        raise UsageError(f"{out} exists: use --force to replace it")
    result = import_linkedin(path, backend_of(ctx))
    _deliver(result.text, result.report, out, force)


@import_group.command()
@click.argument("file", type=click.Path())
@click.option("--into", type=click.Path(), help="Add the credential to this profile (rewritten in place).")
@click.option("--out", type=click.Path(), help="Write the profile here instead (default: --into, or stdout).")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_context
def badge(ctx: click.Context, file: str, into: str | None, out: str | None, force: bool) -> None:
    """Add the credential of an Open Badges 3.0 JSON FILE to a profile.

    A Credential Engine CTID or a known URL matches exactly; otherwise the name and
    issuer match fuzzily and the entry says so.
    """
    from careergraph.profiles.badge import import_badge
    from careergraph.profiles.load import load_profile, read_text

    if out is not None and Path(out).exists() and not force:
        raise UsageError(f"{out} exists: use --force to replace it")
    existing = None
    if into is not None:
        load_profile(into)
        existing = (read_text(Path(into)), into)
    result = import_badge(file, backend_of(ctx), into=existing)
    target = out if out is not None else into
    _deliver(result.text, result.report, target, force or (out is None and into is not None))
