"""The explorer's HTML page: a shell whose scripts ask the JSON API for every view; the
colours are the static pages' own (present/vis.py)."""

from __future__ import annotations

from functools import cache

import jinja2

from careergraph.graph.model import KINDS
from careergraph.present.vis import ALTERNATIVE_COLOURS, BEST_COLOUR, DONE_COLOUR, KIND_COLOURS, script_json
from careergraph.serve.params import MAX_AVOID, MAX_HAVE, MAX_K, MAX_VIA


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("careergraph.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def index_page(backend: str, neo4j_browser: bool) -> str:
    """The page; its settings travel as JSON in a non-executable script element."""
    settings = {
        "page": "serve",
        "backend": backend,
        "neo4jBrowser": neo4j_browser,
        "kinds": list(KINDS),
        "kindColours": KIND_COLOURS,
        "bestColour": BEST_COLOUR,
        "alternativeColours": list(ALTERNATIVE_COLOURS),
        "doneColour": DONE_COLOUR,
        "limits": {"k": MAX_K, "via": MAX_VIA, "avoid": MAX_AVOID, "have": MAX_HAVE},
    }
    return (
        _environment().get_template("index.html").render(settings_json=script_json(settings), backend=backend)
    )
