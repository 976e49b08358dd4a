"""What every HTML page shares: colours, vis-network records, the legend, the template.

Each page is one self-contained UTF-8 file: pyvis builds the vis-network node and edge
records, vis-network 9.1.2's JS and CSS are inlined from the installed pyvis package, and
our own template and scripts own the page (pyvis's template loads Bootstrap from a CDN,
copies ``lib/`` into the working directory and puts titles into ``innerHTML``). Text from
data reaches the page only as escaped HTML (Jinja autoescape) or as JSON that the page's
scripts turn into DOM text nodes; see docs/html.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from careergraph.files import write_atomically
from careergraph.graph.model import KINDS, PREREQUISITE, RECOMMENDS, Node, months, usd

# One colour per kind on every page (and in the legend).
KIND_COLOURS: dict[str, str] = {
    "Role": "#4e79a7",
    "Certification": "#e15759",
    "Skill": "#59a14f",
    "Education": "#b07aa1",
}
EDGE_DASHES: dict[str, bool | list[int]] = {PREREQUISITE: False, RECOMMENDS: [8, 6]}
EDGE_COLOUR = "#7f8c8d"
DIM_EDGE_COLOUR = "#d5d8dc"
BEST_COLOUR = "#f28e2b"
ALTERNATIVE_COLOURS = ("#17becf", "#9467bd", "#8c564b", "#bcbd22", "#7f7f7f", "#1f77b4")
DONE_COLOUR = "#2e7d32"
VIS_ASSETS = "templates/lib/vis-9.1.2"

# Layout spacing in vis-network pixels.
COLUMN = 260
LANE = 110
ROW = 56
CONTEXT_SLOT = 140  # width of one dimmed neighbour's place around a pathway
BAND_GAP = 70  # between two bands of a wrapped pathway or plan
NODE_BOX = (190, 50)  # a framed node's box at most (widthConstraint), and a two-line box's height
# The network's area in CSS pixels at a 1366x768 window, with the header and side panel
# (and the plan's timeline) taken: drawings are wrapped so that vis-network's fit shows
# them whole with labels of 11 px or more there (issue 15; tests/test_html_browser.py).
PATHWAY_VIEW = (1030, 600)
PLAN_VIEW = (1030, 420)
MIN_LABEL_PX = 11


def columns_per_band(
    columns: int, size: Callable[[int], tuple[float, float]], view: tuple[float, float]
) -> int:
    """How many columns one band holds: the count whose drawing, ``size(per_band)`` wide
    and high in vis-network units, fits ``view`` at the largest scale (vis-network's fit
    leaves a tenth around; it never zooms past 1). Ties keep fewer bands."""
    best = (-1.0, max(columns, 1))
    for per_band in range(max(columns, 1), 0, -1):
        scale = fit_scale(size(per_band), view)
        if scale > best[0] + 0.01:
            best = (scale, per_band)
    return best[1]


def fit_scale(size: tuple[float, float], view: tuple[float, float]) -> float:
    """The scale vis-network's fit draws a drawing of ``size`` at in ``view``: a tenth
    left around, never zoomed past 1."""
    return min(1.0, view[0] / (1.1 * size[0]), view[1] / (1.1 * size[1]))


def bands(columns: int, per_band: int) -> int:
    return math.ceil(columns / per_band) if columns else 1


def script_json(data: object) -> Markup:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` become
    ``\\u`` escapes (so ``</script>`` or ``<!--`` in data cannot end or change the
    element), as do U+2028/U+2029."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


def blend(colour: str, towards: str = "#ffffff", amount: float = 0.7) -> str:
    """``colour`` moved ``amount`` of the way towards ``towards`` (a dimmed tint)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(towards[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def pathway_colour(rank: int) -> str:
    """The best pathway's colour (rank 0), then one per alternative."""
    return BEST_COLOUR if rank == 0 else ALTERNATIVE_COLOURS[(rank - 1) % len(ALTERNATIVE_COLOURS)]


def node_colour(kind: str, dimmed: bool = False, border: str | None = None) -> dict:
    base = KIND_COLOURS[kind]
    fill = blend(base) if dimmed else base
    edge = border or (blend(base, amount=0.5) if dimmed else blend(base, "#000000", 0.3))
    return {
        "background": fill,
        "border": edge,
        "highlight": {"background": fill, "border": "#222222"},
        "hover": {"background": fill, "border": "#222222"},
    }


def kind_styles() -> dict:
    """Normal and dimmed colours per kind, for the explorer's highlighting in JS."""
    return {kind: {"normal": node_colour(kind), "dim": node_colour(kind, dimmed=True)} for kind in KINDS}


def edge_label(months_: float, cost_usd: float) -> str:
    return f"{months(months_, short=True)} · {usd(cost_usd)}"


def network() -> Network:
    # "remote" only chooses how pyvis's own template would load scripts; its template is
    # never rendered here, so nothing is fetched and no lib/ folder is copied.
    return Network(directed=True, cdn_resources="remote")


def add_node(net: Network, node: Node, **options) -> None:
    # No ``title``: tooltips are DOM elements built by the page's script from plain facts.
    label = options.pop("label", node.name)
    shape = options.pop("shape", "box")
    if shape == "box":
        options.setdefault("widthConstraint", {"maximum": 190})
    net.add_node(node.id, label=label, shape=shape, **options)


def add_dimmed_node(net: Network, node: Node, x: float, y: float, role: str, **options) -> None:
    """A node drawn in the background: a neighbour of a pathway, or an alternative a plan
    did not choose."""
    add_node(
        net,
        node,
        x=x,
        y=y,
        color=node_colour(node.kind, dimmed=True),
        borderWidth=1,
        font={"color": "#6b6b6b", "size": 12},
        cgRole=role,
        cgKind=node.kind,
        **options,
    )


def facts(nodes: Iterable[Node]) -> dict[str, dict]:
    """Every node's facts by id, for the details panel."""
    return {node.id: node.to_dict() for node in nodes}


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    style: str  # a CSS class of the legend swatch: kind, line, dashed, dotted, done


def kind_legend() -> list[LegendItem]:
    return [LegendItem(kind, KIND_COLOURS[kind], "kind") for kind in KINDS]


def edge_type_legend() -> list[LegendItem]:
    return [
        LegendItem("PREREQUISITE (required before)", EDGE_COLOUR, "line"),
        LegendItem("RECOMMENDS (a good next step)", EDGE_COLOUR, "dashed"),
    ]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("careergraph.present", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> str:
    return resources.files("careergraph.present").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _vis_assets() -> tuple[Markup, Markup]:
    """vis-network's JS and CSS from the installed pyvis package, checked to be safe to
    inline (nothing in them can close their element)."""
    lib = resources.files("pyvis").joinpath(VIS_ASSETS)
    script = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    style = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in style.lower():
        raise RuntimeError("vis-network assets contain a closing tag and cannot be inlined")
    return Markup(script), Markup(style)


def render_page(page: str, title: str, data: dict, **context) -> str:
    """The whole page: the template with the inlined assets, ``data`` as the page's JSON
    and a Content-Security-Policy that allows only these scripts."""
    vis_js, vis_css = _vis_assets()
    scripts = "\n".join(_asset(name) for name in ("common.js", f"{page}.js"))
    for text in (scripts, _asset("page.css")):
        if "</script" in text.lower() or "</style" in text.lower():
            raise RuntimeError("a page asset contains a closing tag")
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()}'"
        for text in (vis_js, scripts)
    )
    context.setdefault("legend_kinds", kind_legend())
    context.setdefault("legend_lines", edge_type_legend())
    return (
        _environment()
        .get_template("page.html")
        .render(
            page=page,
            title=title,
            vis_js=vis_js,
            vis_css=vis_css,
            page_css=Markup(_asset("page.css")),
            page_js=Markup(scripts),
            script_hashes=hashes,
            data_json=script_json({"page": page, "kindColours": KIND_COLOURS, **data}),
            **context,
        )
    )


def write_page(html: str, path: Path, open_page: bool) -> Path:
    """Write the page whole or not at all; open it in a browser only when asked."""
    path = write_atomically(path, html)
    if open_page:
        webbrowser.open(path.resolve().as_uri())
    return path
