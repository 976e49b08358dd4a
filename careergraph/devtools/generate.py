"""Synthetic career graphs of any size, for benchmarks and tests: layered, valid, seeded.

A generated graph is a set of *tracks* (Cloud, Security, Agile 2, ...) of about 100 nodes
each, built like the curated dataset:

- courses, experience skills, certifications at three levels, roles in three tiers
  (entry, senior, management) in each track;
- education shared as it is in life: diplomas by every track, degrees and master's
  (which require a diploma, and a degree) by the tracks of one field (Cloud, Cloud 2,
  ...). A person who moves to another track keeps their education, so a pathway pays for
  a diploma or a degree once, not once a track it crosses;
- PREREQUISITE edges as the curated rules state them: AND across groups, OR within a
  group, and *route* nodes for "(degree and 36 months) or (diploma and 60 months)"
  rules, as for PMP, PgMP and CISSP (see docs/data-model.md);
- RECOMMENDS edges mostly upward (entry -> senior -> management) but also sideways and
  back, so they cycle; about one in ten crosses to another track.

Every node class has a *layer*, and a PREREQUISITE edge only ever goes from a lower layer
to a higher one, so the prerequisites form a DAG by construction. Months and costs are
drawn from the ranges the curated data uses for the same kind of node or step. There
are ten edges per node, and exactly ``edges`` edges. The same seed gives the same graph
(only ``random.Random.random`` is used, whose sequence Python keeps stable).
"""

from __future__ import annotations

import re
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from random import Random

from careergraph.errors import UsageError
from careergraph.graph.collector import paused
from careergraph.graph.model import PREREQUISITE, RECOMMENDS, Dataset, Edge, Location, Node

EDGES_PER_NODE = 10
NODES_PER_TRACK = 100
MIN_EDGES = 1_000  # below this a track is too small for its rules
CROSS_TRACK = 0.1  # share of alternatives and recommendations taken from another track
AS_OF = "2026-11-01"  # the curated data's as_of
SOURCE_ROOT = "https://careergraph.example/generated"  # a reserved domain: plainly synthetic
MAX_ATTEMPTS = 1_000  # failed draws in a row before the graph is declared too dense

DOMAINS = (
    "Project Management", "Agile", "Cloud", "Security", "Data", "DevOps", "IT Service",
    "Networking", "Quality", "Product", "Architecture", "Program Management", "Software",
    "Infrastructure", "Analytics", "Portfolio",
)  # fmt: skip
ISSUERS = ("PMI", "Scrum Alliance", "Scrum.org", "AXELOS/PeopleCert", "CompTIA", "ISC2", "ISACA", "AWS")
RENEWALS = ("60 PDUs every 3 years.", "Re-exam every 3 years.", "Annual fee; no expiry.", "Does not expire.")


@dataclass(frozen=True)
class NodeClass:
    """One kind of generated node: its kind, DAG layer, share of a track and value ranges."""

    name: str
    kind: str
    layer: int  # PREREQUISITE edges only go from a lower layer to a higher one
    share: float  # of a track's nodes (route nodes come on top, two or three per certification)
    titles: tuple[str, ...]
    months: tuple[float, ...] = (0,)
    cost: tuple[float, ...] = (0,)
    # Made once for every track ("world") or once a field, for the tracks of one domain
    # ("field"), in the first track that has it; None: each track has its own.
    shared: str | None = None


# Months and costs from the curated data: diplomas 48 months; degrees 24-48 months,
# $8,000-$40,000; master's 24 months, $30,000-$60,000; courses 0.5-3 months, $300-$1,500;
# certifications 0-6 months, $0-$1,000 exam fees; roles and skills cost nothing themselves.
CLASSES = (
    NodeClass(
        "diploma", "Education", 0, 0.03, ("Secondary Diploma", "Vocational Diploma"), (48,), shared="world"
    ),
    NodeClass(
        "course", "Education", 0, 0.04,
        ("Foundations Course", "35-Hour Course", "Bootcamp", "Practitioner Workshop", "Online Course"),
        (0.5, 1, 1, 2, 3), (300, 400, 800, 1000, 1300, 1500),
    ),
    NodeClass(
        "degree", "Education", 1, 0.06,
        ("Associate Degree", "Bachelor's Degree", "Bachelor of Engineering", "Bachelor of Science"),
        (24, 48, 48), (8000, 20000, 40000), shared="field",
    ),
    NodeClass(
        "master", "Education", 2, 0.02, ("Master's Degree", "MBA"), (24,), (30000, 60000), shared="field"
    ),
    NodeClass(
        "experience", "Skill", 3, 0.14,
        ("Hands-on Experience", "Delivery Experience", "Team Experience", "Operations Experience",
         "Project Experience"),
    ),
    NodeClass(
        "senior-experience", "Skill", 4, 0.08,
        ("Leadership Experience", "Program Experience", "Management Experience"),
    ),
    NodeClass(
        "associate", "Certification", 5, 0.08,
        ("Associate Certificate", "Foundation Certificate", "Fundamentals Certificate"),
        (0, 0.5, 1, 1.5, 2), (0, 100, 200, 300, 369, 395, 400),
    ),
    NodeClass("route", "Skill", 6, 0.0, ()),
    NodeClass(
        "professional", "Certification", 7, 0.10,
        ("Professional Certificate", "Practitioner Certificate", "Specialist Certificate"),
        (1, 2, 3, 4), (150, 300, 404, 495, 565, 575, 749),
    ),
    NodeClass("expert-route", "Skill", 8, 0.0, ()),
    NodeClass(
        "expert", "Certification", 9, 0.05,
        ("Expert Certificate", "Master Certificate", "Strategist Certificate"),
        (4, 6), (300, 749, 760, 1000),
    ),
    NodeClass(
        "entry", "Role", 10, 0.08,
        ("Engineer", "Analyst", "Specialist", "Coordinator", "Administrator", "Developer"),
    ),
    NodeClass(
        "senior", "Role", 10, 0.07,
        ("Senior Engineer", "Technical Lead", "Architect", "Senior Analyst", "Project Manager"),
    ),
    NodeClass(
        "management", "Role", 10, 0.05,
        ("Engineering Manager", "Program Manager", "Director", "Portfolio Manager", "Head of Delivery"),
    ),
)  # fmt: skip
CLASS = {c.name: c for c in CLASSES}

ROLE_MONTHS = (12, 18, 24, 36, 48, 60, 84)  # the curated Role -> Role range
# RECOMMENDS edges: (from class, to class, weight, months). The weights follow the curated
# mix (Role -> Role most often, Certification -> Education rarely). As in the curated data,
# experience is not walked into or out of: it accrues in the roles that count as it
# (counts_as), and rules and employers demand it with PREREQUISITE edges.
RECOMMENDATIONS = (
    ("entry", "senior", 20, ROLE_MONTHS),
    ("senior", "management", 12, ROLE_MONTHS),
    ("entry", "management", 2, (48, 60, 84)),
    ("entry", "entry", 4, (12, 24)),
    ("senior", "senior", 4, (12, 24, 36)),
    ("management", "management", 2, (12, 24, 36)),
    ("management", "senior", 2, (12, 24)),
    ("senior", "entry", 1, (12,)),
    ("associate", "entry", 10, (0, 6, 12)),
    ("professional", "senior", 12, (6, 12, 24, 36)),
    ("expert", "management", 7, (12, 24, 36)),
    ("associate", "professional", 3, (0, 12, 24)),
    ("professional", "expert", 3, (24, 36, 48)),
    ("entry", "associate", 5, (0, 6, 12)),
    ("senior", "professional", 4, (6, 12)),
    ("entry", "degree", 6, (0, 12, 24)),
    ("senior", "master", 6, (12, 24)),
    ("entry", "course", 4, (0,)),
    ("degree", "entry", 8, (0,)),
    ("master", "senior", 4, (12, 24)),
    ("professional", "course", 1, (12,)),
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _level(cls: NodeClass) -> str:
    """How a description names the class: "entry role", "senior experience skill"."""
    return f"{cls.name.replace('-', ' ')} {cls.kind.lower()}"


def track_name(track: int) -> str:
    """Cloud, Security, ..., then Cloud 2, Security 2, ..."""
    name = DOMAINS[track % len(DOMAINS)]
    return name if track < len(DOMAINS) else f"{name} {track // len(DOMAINS) + 1}"


def owner(cls: NodeClass, track: int) -> int:
    """The track whose nodes of ``cls`` this track uses: its own, its field's first track
    (Cloud for Cloud 2), or the first track for what every track shares."""
    if cls.shared == "world":
        return 0
    if cls.shared == "field":
        return track % len(DOMAINS)
    return track


class _Builder:
    """The graph under construction: nodes as parallel lists, edges as Edge objects."""

    def __init__(self, rng: Random, tracks: int):
        self.random = rng.random
        self.tracks = tracks
        self.nodes: list[Node] = []
        self.track_of: list[int] = []
        # A shared class's pool of a track is the very list of the track that owns it.
        self.pools: dict[str, list[list[int]]] = {}
        for c in CLASSES:
            lists = [[] for _ in range(tracks)]
            self.pools[c.name] = [lists[owner(c, t)] for t in range(tracks)]
        self.edges: list[Edge] = []
        self.pairs: set[int] = set()
        self.aliases: set[str] = set()

    def choice(self, options: Sequence):
        return options[int(self.random() * len(options))]

    def chance(self, probability: float) -> bool:
        return self.random() < probability

    # -- nodes -----------------------------------------------------------------------

    def add_node(self, cls: NodeClass, track: int, name: str, description: str) -> int:
        index = len(self.nodes)
        node_id = _slug(name)
        where = "shared" if cls.shared == "world" else _slug(track_name(track))
        node = Node(
            id=node_id,
            kind=cls.kind,
            name=name,
            description=description,
            sources=(f"{SOURCE_ROOT}/{where}/{node_id}",),
            as_of=AS_OF,
            months=self.choice(cls.months),
            cost_usd=self.choice(cls.cost),
            experience=True if cls.name in ("experience", "senior-experience") else None,
        )
        if cls.kind == "Certification":
            node.issuer = self.choice(ISSUERS)
            node.exam_fee_usd = node.cost_usd
            node.renewal = self.choice(RENEWALS)
            alias = "".join(word[0] for word in name.split()).upper()
            if alias not in self.aliases:  # a shared alias would only resolve as ambiguous
                self.aliases.add(alias)
                node.aliases = (alias,)
        self.nodes.append(node)
        self.track_of.append(track)
        self.pools[cls.name][track].append(index)
        return index

    def add_track(self, track: int, size: int) -> None:
        """A track's nodes: its own classes, and the shared ones it is the first to have.
        A track that makes fewer classes makes more of each, so that it still has ``size``."""
        name = track_name(track)
        made = [c for c in CLASSES if c.titles and owner(c, track) == track]
        scale = sum(c.share for c in CLASSES if c.titles) / sum(c.share for c in made)
        for cls in made:
            for k in range(max(1, round(cls.share * size * scale))):
                title = cls.titles[k % len(cls.titles)]
                if k >= len(cls.titles):
                    title += f" {k // len(cls.titles) + 1}"
                if cls.shared == "world":
                    full, description = title, f"A generated {_level(cls)} shared by every track."
                elif cls.shared == "field":
                    full = f"{name} {title}"
                    description = f"A generated {_level(cls)} of the {name} field, shared by its tracks."
                else:
                    full, description = f"{name} {title}", f"A generated {_level(cls)} of the {name} track."
                self.add_node(cls, track, full, description)

    def add_route(self, cls_name: str, certification: int, label: str, what: str) -> int:
        cert = self.nodes[certification]
        track = self.track_of[certification]
        return self.add_node(CLASS[cls_name], track, f"{cert.name} {label} Route", f"{what} for {cert.name}.")

    # -- edges -----------------------------------------------------------------------

    def pool(self, cls_name: str, track: int) -> list[int]:
        """A class's nodes in this track, or now and then in another (never empty when the
        class has any node: small tracks borrow)."""
        if self.tracks > 1 and self.chance(CROSS_TRACK):
            track = int(self.random() * self.tracks)
        found = self.pools[cls_name][track]
        t = track
        while not found:
            t = (t + 1) % self.tracks
            found = self.pools[cls_name][t]
        return found

    def some(self, classes: Sequence[str], track: int, low: int, high: int) -> list[int]:
        """Between low and high distinct nodes of the classes (fewer if there are fewer)."""
        wanted = low + int(self.random() * (high - low + 1))
        picked: list[int] = []
        for _ in range(wanted * 4):
            if len(picked) == wanted:
                break
            candidate = self.choice(self.pool(self.choice(classes), track))
            if candidate not in picked:
                picked.append(candidate)
        return picked

    def link(
        self, source: int, target: int, edge_type: str, months: float = 0, group: str | None = None
    ) -> bool:
        key = source << 32 | target
        if source == target or key in self.pairs:
            return False
        self.pairs.add(key)
        url = self.nodes[target].sources[0] if edge_type == PREREQUISITE else None
        self.edges.append(
            Edge(self.nodes[source].id, self.nodes[target].id, edge_type, months, 0, group, None, url)
        )
        return True

    def require(
        self, target: int, sources: list[int], group: str | None, months: float = 0, basis: str | None = None
    ) -> None:
        for source in sources:
            if self.link(source, target, PREREQUISITE, months, group):
                self.edges[-1].basis = basis

    def give(self, role: int, kinds: list[int]) -> None:
        """Months in ``role`` count as months of each of ``kinds`` (experience skills)."""
        self.nodes[role].counts_as = tuple(dict.fromkeys(self.nodes[k].id for k in kinds))


def _add_rules(b: _Builder, track: int) -> None:
    """The PREREQUISITE edges of the nodes one track made, from lower layers only (a
    shared class's rules once, by the track that owns it)."""
    pools = {c.name: b.pools[c.name][track] if owner(c, track) == track else [] for c in CLASSES}
    for degree in pools["degree"]:
        b.require(degree, b.some(["diploma"], track, 1, 2), "education")
    for master in pools["master"]:
        b.require(master, b.some(["degree"], track, 1, 3), "degree")
    # Experience has no requirements of its own: it is gained in the roles that give it
    # (counts_as), and roles say what their employers expect before someone enters.
    # A track's roles share its first kinds of experience, as a field's roles do (a
    # developer's months are software development whatever the employer).
    core = pools["experience"][:2] or b.some(["experience"], track, 1, 1)
    senior_core = pools["senior-experience"][:2] or b.some(["senior-experience"], track, 1, 1)
    for role in pools["entry"]:
        b.give(role, core + b.some(["experience"], track, 0, 1))
        b.require(role, b.some(["degree", "diploma"], track, 1, 2), "education", basis="employers")
    for role in pools["senior"]:
        b.give(role, core[:1] + senior_core + b.some(["senior-experience"], track, 0, 1))
        months = b.choice((24, 36, 48, 60))
        b.require(role, core, "experience", months, basis="employers")
    for role in pools["management"]:
        b.give(role, senior_core)
        months = b.choice((36, 48, 60))
        b.require(role, senior_core, "leadership", months, basis="employers")
    for cert in pools["associate"]:
        b.require(cert, b.some(["diploma", "degree"], track, 1, 3), "education")
        if b.chance(0.6):
            b.require(cert, b.some(["course"], track, 1, 2), "training")
    for number, cert in enumerate(list(pools["professional"])):
        if number % 2 == 0:
            # PMP-like: (degree and N months) or (diploma and N + 24 months), and
            # (a course or an associate certification).
            experience = b.some(["experience"], track, 1, 1)
            months = b.choice((24, 36, 48))
            by_degree = b.add_route("route", cert, "Degree", "A degree and experience")
            b.require(by_degree, b.some(["degree", "master"], track, 2, 4), "education")
            b.require(by_degree, experience, "experience", months)
            by_diploma = b.add_route("route", cert, "Diploma", "A diploma and longer experience")
            b.require(by_diploma, b.some(["diploma"], track, 1, 2), "education")
            b.require(by_diploma, experience, "experience", months + 24)
            b.require(cert, [by_degree, by_diploma], "eligibility")
            b.require(cert, b.some(["course"], track, 1, 1) + b.some(["associate"], track, 0, 1), "training")
        else:
            b.require(cert, b.some(["experience"], track, 1, 2), "experience", b.choice((12, 24, 36, 48, 60)))
            if b.chance(0.3):
                b.require(cert, b.some(["associate"], track, 1, 1), None)
    for cert in list(pools["expert"]):
        # PgMP-like: per route, its education, (project experience or a professional
        # certification) and senior experience of the route's length.
        routes = [("Degree", ["degree"], 0), ("Secondary", ["diploma"], 24)]
        if b.chance(0.3):
            routes.append(("Accredited", ["master"], -12))
        made = []
        for label, education, extra in routes:
            route = b.add_route(
                "expert-route", cert, label, "Education, a credential or experience, and leadership"
            )
            b.require(route, b.some(education, track, 1, 3), "education")
            b.require(route, b.some(["professional"], track, 1, 1), "credential")
            b.require(route, b.some(["experience"], track, 1, 1), "credential", 48)
            b.require(route, b.some(["senior-experience"], track, 1, 1), "experience", 48 + extra)
            made.append(route)
        b.require(cert, made, "eligibility")


def _add_recommendations(b: _Builder, wanted: int) -> None:
    """RECOMMENDS edges until the graph has ``wanted`` edges, drawn by the weighted mix."""
    rows = [(b.pools[source], b.pools[target], months) for source, target, _, months in RECOMMENDATIONS]
    # each node once: the tracks of a field share its list of degrees
    sources = [list(dict.fromkeys(i for track in pools for i in track)) for pools, _, _ in rows]
    cumulative: list[float] = []
    total = 0.0
    for _, _, weight, _ in RECOMMENDATIONS:
        total += weight
        cumulative.append(total)
    random, track_of, tracks = b.random, b.track_of, b.tracks
    failures = 0
    while len(b.edges) < wanted:
        row = bisect(cumulative, random() * total)
        _, targets, months = rows[row]
        candidates = sources[row]
        source = candidates[int(random() * len(candidates))]
        track = track_of[source] if random() >= CROSS_TRACK else int(random() * tracks)
        pool = targets[track] or targets[track_of[source]]
        step = months[int(random() * len(months))]
        if pool and b.link(source, pool[int(random() * len(pool))], RECOMMENDS, step):
            failures = 0
            continue
        failures += 1
        if failures > MAX_ATTEMPTS:
            raise UsageError(f"cannot place {wanted} edges among {len(b.nodes)} nodes")


def generate(edges: int, seed: int = 0) -> Dataset:
    """A valid synthetic career graph with exactly ``edges`` edges and about a tenth as
    many nodes.

    Parameters
    ----------
    edges : how many edges (at least MIN_EDGES).
    seed : the same seed gives the same graph.

    Raises
    ------
    UsageError when ``edges`` is below MIN_EDGES.

    Example
    -------
    >>> len(generate(1_000, seed=1).edges)
    1000
    """
    if edges < MIN_EDGES:
        raise UsageError(f"--edges must be at least {MIN_EDGES}")
    nodes = edges // EDGES_PER_NODE
    tracks = max(1, round(nodes / NODES_PER_TRACK))
    builder = _Builder(Random(seed), tracks)
    with paused():  # a million new objects, none in a cycle: collecting would only rescan them
        for track in range(tracks):
            builder.add_track(track, nodes // tracks + (1 if track < nodes % tracks else 0))
        for track in range(tracks):
            _add_rules(builder, track)
        del builder.edges[edges:]  # only tiny graphs have more rules than edges
        _add_recommendations(builder, edges)
    return Dataset(
        nodes={node.id: node for node in builder.nodes},
        edges=builder.edges,
        edge_locations=[Location("<generated>")] * len(builder.edges),
    )


def of_class(dataset: Dataset, class_name: str) -> list[Node]:
    """The generated nodes of one class ("entry", "senior", "expert", ...), in id order:
    their description names it."""
    cls = CLASS[class_name]
    prefix = f"A generated {_level(cls)} "
    return sorted((n for n in dataset.nodes.values() if n.description.startswith(prefix)), key=lambda n: n.id)
