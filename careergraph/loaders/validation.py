"""Validation: turns raw records into a Dataset, collecting every problem at once."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from itertools import compress, repeat
from operator import attrgetter

from careergraph.errors import InvalidData, Problem, where
from careergraph.graph.model import (
    BASES,
    EDGE_FIELDS,
    EDGE_TYPES,
    KINDS,
    LIST_NODE_FIELDS,
    NODE_FIELDS,
    NUMERIC_EDGE_FIELDS,
    NUMERIC_NODE_FIELDS,
    PREREQUISITE,
    RECOMMENDS,
    Dataset,
    Edge,
    Location,
    Node,
)
from careergraph.loaders.raw import LIST_SEPARATOR, RawData, Table, in_order

MAX_TEXT = 10_000  # characters in one field: longer is a broken or hostile file
MAX_ID = 200
MAX_NUMBER = 1e9  # no step takes a billion months or dollars
WEB_SCHEMES = ("http://", "https://")  # what a source or source_url must start with
# C0/C1 controls, the bidirectional overrides that can make text lie about its order, and
# lone surrogates (JSON's "\ud800" decodes to one; no UTF-8 output can encode it).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Ids, names and aliases are printed in tables and error lines: a line break in one
# could forge an extra line of output.
_LINE_BREAK = re.compile(r"[\t\n\r\u2028\u2029]")
_KIND_BY_FOLD = {kind.casefold(): kind for kind in KINDS}
_TYPE_BY_FOLD = {edge_type.casefold(): edge_type for edge_type in EDGE_TYPES}


def _shown(value: object, limit: int = 60) -> str:
    """A value for an error message, cut short: a hostile file can hold huge keys."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Checker:
    """Field checks for one record, appending problems at the record's location."""

    def __init__(self, problems: list[Problem], location: Location):
        self.problems = problems
        self.location = location
        self.ok = True

    def fail(self, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.location.file, self.location.line, message))

    def report(self, message: str, warning: bool) -> None:
        """A problem that leaves the record usable: a warning, or an error that still lets
        the record be checked with the rest (edges to it are not reported as dangling)."""
        self.problems.append(Problem(self.location.file, self.location.line, message, warning=warning))

    def text(
        self, field: str, value: object, required: bool = False, limit: int = MAX_TEXT, one_line: bool = False
    ):
        if (  # the common case first, in C calls: plain text that passes every check below
            value.__class__ is str
            and value
            and len(value) <= limit
            and not _FORBIDDEN.search(value)
            and not (one_line and _LINE_BREAK.search(value))
        ):
            return value
        if value is None or value == "":
            if required:
                self.fail(f"missing {field}")
            return None
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f"{field} must be text, not {type(value).__name__}")
            return None
        value = str(value)
        if len(value) > limit:
            self.fail(f"{field} is {len(value)} characters long (at most {limit})")
            return None
        if _FORBIDDEN.search(value):
            self.fail(f"{field} contains a control, bidirectional-override or lone surrogate character")
            return None
        if one_line and _LINE_BREAK.search(value):
            self.fail(f"{field} contains a line break or tab (it must be one line)")
            return None
        return value

    def number(self, field: str, value: object) -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.fail(f"{field} must be a number, not {value!r}")
            return None
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                self.fail(f"{field} must be a number, not {value[:40]!r}")
                return None
        if not isinstance(value, int | float):
            self.fail(f"{field} must be a number, not {type(value).__name__}")
            return None
        if not math.isfinite(value):
            self.fail(f"{field} must be a finite number, not {value}")
            return None
        if value < 0:
            self.fail(f"{field} must not be negative ({value:g})")
            return None
        if value > MAX_NUMBER:
            self.fail(f"{field} is implausibly large ({value:g})")
            return None
        return int(value) if float(value).is_integer() else float(value)

    def flag(self, field: str, value: object) -> bool | None:
        """A yes/no field: YAML and JSON booleans, or CSV's text true/false."""
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().casefold() in ("true", "false"):
            return value.strip().casefold() == "true"
        self.fail(f"{field} must be true or false, not {_shown(value)}")
        return None

    def text_list(self, field: str, value: object, one_line: bool = False) -> tuple[str, ...]:
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(f"{field} must be a list of text")
            return ()
        items = [self.text(field, item, one_line=one_line) for item in value]
        return tuple(item for item in items if item)

    def unknown_keys(self, record: dict, allowed: tuple[str, ...]) -> None:
        for key in record:
            if key not in allowed:
                self.fail(f"unknown field {_shown(key)}")


NO_SOURCES = "node has no sources (at least one URL; --strict and the curated dataset require one)"
NO_SOURCES_WARNING = (
    "node has no sources: add a URL where its facts come from in the `sources` field to "
    "silence this warning (--strict refuses such nodes)"
)


_NODE_TEXTS = ("description", "as_of", "issuer", "renewal", "confidence", "note", "renewal_credit_type")
_NODE_TEXT_SET = frozenset(_NODE_TEXTS)
_NODE_NUMBERS = frozenset(NUMERIC_NODE_FIELDS)


def _node(record: dict, checker: _Checker, sources_optional: bool = False) -> Node | None:
    checker.unknown_keys(record, NODE_FIELDS)
    node_id = checker.text("id", record.get("id"), required=True, limit=MAX_ID, one_line=True)
    if node_id is not None and node_id != node_id.strip():
        checker.fail(f"id {node_id!r} has leading or trailing spaces")
    kind_text = checker.text("kind", record.get("kind"), required=True)
    kind = _KIND_BY_FOLD.get(kind_text.casefold()) if kind_text else None
    if kind_text and kind is None:
        checker.fail(f"unknown kind {_shown(kind_text)} (expected one of {', '.join(KINDS)})")
    name = checker.text("name", record.get("name"), required=True, limit=500, one_line=True)
    aliases = checker.text_list("aliases", record.get("aliases"), one_line=True)
    sources = checker.text_list("sources", record.get("sources"))
    if not sources:
        checker.report(NO_SOURCES_WARNING if sources_optional else NO_SOURCES, warning=sources_optional)
    for url in sources:
        if not url.startswith(WEB_SCHEMES):
            checker.fail(f"source {url[:60]!r} is not an http(s) URL")
    texts = dict.fromkeys(_NODE_TEXTS)
    for key in _NODE_TEXT_SET.intersection(record):  # only the fields given: most are not
        texts[key] = checker.text(key, record[key])
    numbers = dict.fromkeys(NUMERIC_NODE_FIELDS)
    for key in _NODE_NUMBERS.intersection(record):
        numbers[key] = checker.number(key, record[key])
    experience = checker.flag("experience", record.get("experience"))
    if experience and kind not in (None, "Skill"):
        checker.fail("experience: true is for Skill nodes (a Role accrues tenure by itself)")
    counts_as = checker.text_list("counts_as", record.get("counts_as"), one_line=True) or None
    if counts_as and kind not in (None, "Role") and not experience:
        checker.fail("counts_as is for roles and experience skills")
    if not checker.ok:
        return None
    return Node(
        id=node_id,
        kind=kind,
        name=name,
        aliases=aliases,
        sources=sources,
        description=texts["description"] or "",
        as_of=texts["as_of"] or "",
        issuer=texts["issuer"],
        renewal=texts["renewal"],
        confidence=texts["confidence"],
        note=texts["note"],
        exam_fee_usd=numbers["exam_fee_usd"],
        months=numbers["months"] or 0,
        cost_usd=numbers["cost_usd"] or 0,
        experience=experience,
        counts_as=counts_as,
        renewal_cycle_months=numbers["renewal_cycle_months"],
        renewal_credits=numbers["renewal_credits"],
        renewal_credit_type=texts["renewal_credit_type"],
        renewal_fee_usd=numbers["renewal_fee_usd"],
        annual_fee_usd=numbers["annual_fee_usd"],
    )


def _add_node(
    record: dict, location: Location, dataset: Dataset, folded_ids: dict, problems, sources_optional: bool
) -> None:
    """Check one node record and add it, or record what is wrong with it."""
    checker = _Checker(problems, location)
    node = _node(record, checker, sources_optional)
    if node is None:
        return
    fold = node.id.casefold()
    if fold in folded_ids:
        first = dataset.node_locations[folded_ids[fold]]
        same = "duplicate id" if folded_ids[fold] == node.id else "id collides after case-folding with"
        checker.fail(f"{same} {node.id!r} (first defined at {where(first.file, first.line)})")
        return
    folded_ids[fold] = node.id
    dataset.add_node(node, location)


# A CSV nodes table is checked a column at a time, as an edges table is (below): every
# check ``_node`` makes, on whole columns in C where it can be (a regular expression over
# the joined cells), on each distinct cell once where it cannot. Anything unusual (an
# empty required cell, a list item with spaces around it, a node without sources, a
# rule across fields broken) sends the table back to ``_node`` row by row.


def _clean_texts(cells: Collection[str], limit: int, one_line: bool) -> bool:
    """Whether every non-empty cell passes ``_Checker.text`` as it is."""
    if not cells:
        return True
    joined = " ".join(cells)
    return (
        max(map(len, cells)) <= limit
        and not _FORBIDDEN.search(joined)
        and not (one_line and _LINE_BREAK.search(joined))
    )


def _list_cells(table: Table, name: str, one_line: bool = True, urls: bool = False) -> list | None:
    """A list column's items per row as ``_Checker.text_list`` gives them, or None when a
    cell needs the row-by-row checks (an item to strip or drop, text that fails)."""
    cells = table.column(name)
    given = [cell for cell in cells if cell]
    items = LIST_SEPARATOR.join(given).split(LIST_SEPARATOR) if given else []
    if (
        not _clean_texts(given, MAX_TEXT, one_line)
        or "" in items
        or items != list(map(str.strip, items))
        or (urls and not all(map(str.startswith, items, repeat(WEB_SCHEMES))))
    ):
        return None
    return [tuple(cell.split(LIST_SEPARATOR)) if cell else () for cell in cells]


def _node_columns(table: Table, folded_ids: dict, sources_optional: bool) -> dict[str, list] | None:
    """Each field of every row as ``_node`` would make it, or None (see above)."""
    ids, kinds, names = table.column("id"), table.column("kind"), table.column("name")
    if "" in ids or "" in kinds or "" in names or ("" in table.column("sources") and not sources_optional):
        return None
    folded = list(map(str.casefold, ids))
    if (
        not _clean_texts(ids, MAX_ID, True)
        or tuple(map(str.strip, ids)) != ids
        or len(set(folded)) != len(folded)
        or not folded_ids.keys().isdisjoint(folded)
        or not _clean_texts(names, 500, True)
    ):
        return None
    found: dict[str, list] = {"id": list(ids), "name": list(names)}
    kind_of = _column_values(table, "kind", lambda field, cell, checker: _KIND_BY_FOLD.get(cell.casefold()))
    if kind_of is None or None in [kind_of[cell] for cell in set(kinds)]:
        return None
    found["kind"] = list(map(kind_of.__getitem__, kinds))
    for name in LIST_NODE_FIELDS:
        items = _list_cells(table, name, one_line=name != "sources", urls=name == "sources")
        if items is None:
            return None
        found[name] = items
    for name in _NODE_TEXTS:
        cells = table.column(name)
        if not _clean_texts([cell for cell in cells if cell], MAX_TEXT, False):
            return None
        found[name] = list(cells) if name in ("description", "as_of") else [cell or None for cell in cells]
    for name in NUMERIC_NODE_FIELDS:
        number_of = _column_values(table, name, _number)
        if number_of is None:
            return None
        found[name] = list(map(number_of.__getitem__, table.column(name)))
    flag_of = _column_values(table, "experience", lambda field, cell, checker: checker.flag(field, cell))
    if flag_of is None:
        return None
    found["experience"] = list(map(flag_of.__getitem__, table.column("experience")))
    return found


def _add_node_table(
    table: Table, dataset: Dataset, folded_ids: dict, problems: list[Problem], sources_optional: bool = False
) -> bool:
    """Add every row of a CSV nodes table at once when each passes the checks ``_node``
    makes (a row without sources is then a warning in ``problems``, where sources are
    optional); False, adding nothing, when one may not: the rows are then checked one by
    one, which says where and what. 100,000 rows in a fraction of a second, not 100,000
    calls."""
    found = _node_columns(table, folded_ids, sources_optional)
    if found is None:
        return False
    rows = zip(found["experience"], found["counts_as"], found["kind"], strict=True)
    for experience, counts_as, kind in rows:
        if (experience and kind != "Skill") or (counts_as and kind != "Role" and not experience):
            return False
    found["months"] = [value or 0 for value in found["months"]]
    found["cost_usd"] = [value or 0 for value in found["cost_usd"]]
    found["counts_as"] = [value or None for value in found["counts_as"]]
    nodes = list(map(Node, *(found[name] for name in NODE_FIELDS)))
    locations = list(map(tuple.__new__, repeat(Location), zip(repeat(table.file), table.lines, strict=False)))
    dataset.nodes.update(zip(found["id"], nodes, strict=True))
    dataset.node_locations.update(zip(found["id"], locations, strict=True))
    folded_ids.update(zip(map(str.casefold, found["id"]), found["id"], strict=True))
    for line in compress(table.lines, map(operator.not_, found["sources"])):
        problems.append(Problem(table.file, line, NO_SOURCES_WARNING, warning=True))
    return True


# One check a field, used by ``_edge`` on a record and by ``_add_edge_table`` on each distinct
# cell of a column: a table is added at once only when the same checks pass.


def _required_identifier(name: str, value: object, checker: _Checker):
    return checker.text(name, value, required=True, limit=MAX_ID)


def _identifier(name: str, value: object, checker: _Checker):
    return checker.text(name, value, limit=MAX_ID)


def _text(name: str, value: object, checker: _Checker):
    return checker.text(name, value)


def _number(name: str, value: object, checker: _Checker):
    return checker.number(name, value)


def _edge_type(name: str, value: object, checker: _Checker):
    text = checker.text(name, value, required=True)
    edge_type = _TYPE_BY_FOLD.get(text.casefold()) if text else None
    if text and edge_type is None:
        checker.fail(f"unknown edge type {_shown(text)} (expected one of {', '.join(EDGE_TYPES)})")
    return edge_type


def _basis(name: str, value: object, checker: _Checker):
    basis = checker.text(name, value)
    if basis is not None and basis not in BASES:
        checker.fail(f"unknown basis {_shown(basis)} (expected one of {', '.join(BASES)})")
    return basis


def _url(name: str, value: object, checker: _Checker):
    url = checker.text(name, value)
    if url and not url.startswith(WEB_SCHEMES):
        checker.fail(f"{name} {url[:60]!r} is not an http(s) URL")
    return url


def _edge(record: dict, checker: _Checker) -> Edge | None:
    checker.unknown_keys(record, EDGE_FIELDS)
    source = _required_identifier("source", record.get("source"), checker)
    target = _required_identifier("target", record.get("target"), checker)
    edge_type = _edge_type("type", record.get("type"), checker)
    numbers = {key: _number(key, record.get(key), checker) for key in NUMERIC_EDGE_FIELDS}
    group = _identifier("group", record.get("group"), checker)
    if group is not None and edge_type == RECOMMENDS:
        checker.fail("group is only allowed on PREREQUISITE edges (RECOMMENDS is advice)")
    note = _text("note", record.get("note"), checker)
    confidence = _text("confidence", record.get("confidence"), checker)
    basis = _basis("basis", record.get("basis"), checker)
    if basis is not None and edge_type == RECOMMENDS:
        checker.fail("basis is only allowed on PREREQUISITE edges (RECOMMENDS is advice)")
    source_url = _url("source_url", record.get("source_url"), checker)
    if source is not None and source == target:
        checker.fail(f"edge from {source!r} to itself")
    if not checker.ok:
        return None
    return Edge(
        source=source,
        target=target,
        type=edge_type,
        months=numbers["months"] or 0,
        cost_usd=numbers["cost_usd"] or 0,
        group=group,
        note=note,
        source_url=source_url,
        basis=basis,
        window_months=numbers["window_months"],
        confidence=confidence,
    )


def _column_values(table: Table, name: str, check) -> dict[str, object] | None:
    """Each distinct cell of a column through ``check(field, cell, checker)`` once, with ""
    as None; None when a cell fails (the rows are then checked one by one)."""
    values: dict[str, object] = {"": None}
    if name not in table.header:
        return values
    distinct = set(table.column(name)) - {""}
    limit = _PLAIN_TEXT.get(check)
    if (
        limit is not None
        and _clean_texts(distinct, limit, False)
        and (check is not _url or all(map(str.startswith, distinct, repeat(WEB_SCHEMES))))
    ):
        values.update((cell, cell) for cell in distinct)  # every cell passes as it is: checked in C
        return values
    probe = _Checker([], Location(table.file))
    for cell in distinct:
        value = check(name, cell, probe)
        if not probe.ok:
            return None
        values[cell] = value
    return values


# The checks that pass a cell through unchanged when ``_clean_texts`` holds, with its limit.
_PLAIN_TEXT = {_required_identifier: MAX_ID, _identifier: MAX_ID, _text: MAX_TEXT, _url: MAX_TEXT}
_COLUMN_CHECKS = {
    "source": _required_identifier,
    "target": _required_identifier,
    "type": _edge_type,
    "months": _number,
    "cost_usd": _number,
    "group": _identifier,
    "note": _text,
    "source_url": _url,
    "basis": _basis,
    "window_months": _number,
    "confidence": _text,
}


def _add_edge_table(table: Table, dataset: Dataset, pairs: dict) -> bool:
    """Add every row of a CSV edges table at once when each column passes the checks
    ``_edge`` makes (each distinct cell checked once) and no row breaks a rule across
    columns or the graph (a missing end, a loop, an unknown node, a pair seen before).
    False, adding nothing, when one does: the rows are then checked one by one, which
    says where and what. A million rows are checked in seconds, not a million calls."""
    values = {name: _column_values(table, name, check) for name, check in _COLUMN_CHECKS.items()}
    if any(found is None for found in values.values()):
        return False
    source, target = table.column("source"), table.column("target")
    if "" in source or "" in target or "" in table.column("type"):
        return False  # a required cell is empty
    types = list(map(values["type"].__getitem__, table.column("type")))
    for advice_only in ("group", "basis"):  # PREREQUISITE only
        if advice_only in table.header and RECOMMENDS in set(compress(types, table.column(advice_only))):
            return False
    # Each pair once, with its position among the dataset's edges: what the row-by-row
    # checks keep too.
    seen = dict(zip(zip(source, target, strict=True), itertools.count(len(dataset.edges)), strict=False))
    if (
        any(map(operator.eq, source, target))
        or not dataset.nodes.keys() >= values["source"].keys() - {""}
        or not dataset.nodes.keys() >= values["target"].keys() - {""}
        or len(seen) != len(source)
        or (pairs and not pairs.keys().isdisjoint(seen))
    ):
        return False
    locations = list(map(tuple.__new__, repeat(Location), zip(repeat(table.file), table.lines, strict=False)))

    def cells(name: str, unset: object = None) -> list:
        if len(values[name]) == 1:  # only "": the column is absent or empty
            return [unset] * len(source)
        found = {cell: unset if value is None else value for cell, value in values[name].items()}
        return list(map(found.__getitem__, table.column(name)))

    edges = list(
        map(
            Edge,
            source,
            target,
            types,
            cells("months", 0),
            cells("cost_usd", 0),
            cells("group"),
            cells("note"),
            cells("source_url"),
            cells("basis"),
            cells("window_months"),
            cells("confidence"),
        )
    )
    dataset.add_edges(edges, locations)
    pairs.update(seen)
    return True


def _add_edge(
    record: dict, location: Location, dataset: Dataset, pairs: dict, folded_ids: dict, problems
) -> None:
    """Check one edge record and add it, or record what is wrong with it."""
    checker = _Checker(problems, location)
    edge = _edge(record, checker)
    if edge is None:
        return
    for end in (edge.source, edge.target):
        if end not in dataset.nodes:
            hint = folded_ids.get(end.casefold())
            checker.fail(
                f"edge refers to unknown node {end!r}" + (f" (did you mean {hint!r}?)" if hint else "")
            )
    pair = (edge.source, edge.target)
    if pair in pairs:
        other_type, first = dataset.edges[pairs[pair]].type, dataset.edge_locations[pairs[pair]]
        what = "duplicate edge" if other_type == edge.type else "both PREREQUISITE and RECOMMENDS on"
        checker.fail(f"{what} {edge.source!r} -> {edge.target!r} (first at {where(first.file, first.line)})")
    if checker.ok:
        pairs[pair] = len(dataset.edges)
        dataset.add_edge(edge, location)


def _acyclic(pairs: list[tuple[str, str]]) -> bool:
    """Whether the edges form no cycle: every node can be taken once all its sources are
    (Kahn), in plain loops, without building a graph."""
    waiting = Counter(target for _, target in pairs)
    after: dict[str, list[str]] = defaultdict(list)
    for source, target in pairs:
        after[source].append(target)
    ready = [node for node in after if node not in waiting]
    taken = 0
    while ready:
        for target in after.get(ready.pop(), ()):
            taken += 1
            waiting[target] -= 1
            if not waiting[target]:
                ready.append(target)
    return taken == len(pairs)


def _prerequisite_cycles(dataset: Dataset) -> list[tuple[list[str], Location]]:
    """Each cycle of PREREQUISITE edges (one per strongly connected component)."""
    pairs = [(edge.source, edge.target) for edge in dataset.edges if edge.type == PREREQUISITE]
    if _acyclic(pairs):
        return []
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(pairs)
    found = []
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            cycle = nx.find_cycle(graph.subgraph(component))
            found.append([u for u, _ in cycle] + [cycle[0][0]])
    if not found:
        return []
    where = {(e.source, e.target): at for e, at in dataset.located_edges() if e.type == PREREQUISITE}
    return [(nodes, where[nodes[0], nodes[1]]) for nodes in found]


def build_dataset(raw: RawData, sources_optional_in: Collection[str] = ()) -> tuple[Dataset, list[Problem]]:
    """Validate raw records and build the dataset.

    A node without sources is an error, except in the files named in
    ``sources_optional_in`` (a user's own graph, say an in-house competency framework with
    no public page to cite), where it is a warning.

    Returns the dataset and the warnings (a node without sources in those files; an alias
    shared by two nodes: resolving it is then reported as ambiguous). Raises InvalidData
    listing every error, each with its file and line, row or record.
    """
    problems = list(raw.problems)
    dataset = Dataset()
    folded_ids: dict[str, str] = {}
    for records, table in in_order(raw.nodes, raw.node_tables):
        for record, location in records:
            _add_node(record, location, dataset, folded_ids, problems, location.file in sources_optional_in)
        lenient = table is not None and table.file in sources_optional_in
        if table is not None and not _add_node_table(table, dataset, folded_ids, problems, lenient):
            for record, location in table.records():
                _add_node(record, location, dataset, folded_ids, problems, lenient)

    pairs: dict[tuple[str, str], int] = {}  # each edge's ends: its position in dataset.edges
    for records, table in in_order(raw.edges, raw.edge_tables):
        for record, location in records:
            _add_edge(record, location, dataset, pairs, folded_ids, problems)
        if table is not None and not _add_edge_table(table, dataset, pairs):
            for record, location in table.records():
                _add_edge(record, location, dataset, pairs, folded_ids, problems)

    problems.extend(_counts_as_problems(dataset))
    for cycle, location in _prerequisite_cycles(dataset):
        problems.append(Problem(location.file, location.line, "PREREQUISITE cycle: " + " -> ".join(cycle)))
    problems.extend(_shared_aliases(dataset))
    errors = [p for p in problems if not p.warning]
    if errors:
        raise InvalidData(problems)
    return dataset, problems


def _counts_as_problems(dataset: Dataset) -> list[Problem]:
    """Each ``counts_as`` names an experience skill of the dataset, they form no cycle (two
    kinds that count as each other are one kind), and no experience skill has requirements
    of its own: experience is gained by doing the work, so requirements belong on the
    roles that give it."""
    found = []
    pairs: list[tuple[str, str]] = []

    def problem(node_id: str, message: str) -> None:
        location = dataset.node_locations.get(node_id, Location("<data>"))
        found.append(Problem(location.file, location.line, message))

    for node in dataset.nodes.values():
        for other in node.counts_as or ():
            target = dataset.nodes.get(other)
            if target is None or not target.experience or other == node.id:
                what = "is not a node" if target is None else "is not a different experience skill"
                problem(node.id, f"counts_as {other!r} {what}")
            else:
                pairs.append((node.id, other))
    if not _acyclic(pairs):
        import networkx as nx

        for component in nx.strongly_connected_components(nx.DiGraph(pairs)):
            if len(component) > 1:
                first = sorted(component)[0]
                problem(
                    first,
                    f"counts_as cycle among {', '.join(sorted(component))}: they are one kind of experience",
                )
    experience = {node.id for node in dataset.nodes.values() if node.experience}
    targets = map(attrgetter("target"), dataset.edges)
    for i in compress(range(len(dataset.edges)), map(experience.__contains__, targets)):
        edge, location = dataset.edges[i], dataset.edge_locations[i]
        if edge.type == PREREQUISITE:
            found.append(
                Problem(
                    location.file,
                    location.line,
                    f"experience {edge.target!r} cannot have requirements (it is gained by doing the work): "
                    "put them on the roles that give it",
                )
            )
    return found


def _shared_aliases(dataset: Dataset) -> list[Problem]:
    """Warn about names that mean two nodes; name resolution reports them as ambiguous."""
    owners: dict[str, set[str]] = defaultdict(set)
    for node in dataset.nodes.values():
        for alias in node.aliases:
            owners[alias.casefold()].add(node.id)
    warnings = []
    for alias, ids in owners.items():
        if len(ids) > 1:
            first = sorted(ids)[0]
            location = dataset.node_locations.get(first, Location("<data>"))
            warnings.append(
                Problem(
                    location.file,
                    location.line,
                    f"alias {alias!r} is shared by {', '.join(sorted(ids))}: it resolves as ambiguous",
                    warning=True,
                )
            )
    return warnings
