"""Neo4j Browser, for real: the `careergraph browser` link in headless Chromium connects,
the named query is in the editor, it runs, and careergraph's style colours the result.

Needs the Neo4j server (scripts/neo4j start, which sets Browser's post-connect command from
careergraph/queries/neo4j-browser.conf) and /usr/bin/chromium with playwright.
"""

from __future__ import annotations

import os

import pytest

from careergraph.present.vis import KIND_COLOURS
from careergraph.queries.cypher import default_params, run_named, style_command

from .browser import chromium
from .conftest import require
from .neo4j_fixtures import neo4j_env, neo4j_fixture, neo4j_settings  # noqa: F401

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

KEY = "browser.post_connect_cmd"
ROLE_COLOUR = "#4e79a7"  # present/vis.py KIND_COLOURS["Role"], as in careergraph.grass


def post_connect_command(backend) -> str:
    rows = backend.run("CALL dbms.clientConfig() YIELD name, value WHERE name = $key RETURN value", key=KEY)
    return rows[0]["value"] if rows else ""


def open_connected(browser, url: str, password: str):
    """A page on ``url``, logged in with the Browser's connect form; only local requests."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    page.goto(url)
    page.locator("input[data-testid=password]").fill(password)
    page.locator("button[data-testid=connect]").click()
    page.get_by_text("Connected to Neo4j").wait_for(timeout=30_000)
    return page


def test_the_pathway_link_connects_runs_and_draws_styled_nodes(neo4j, run):
    settings = neo4j_settings()
    command = post_connect_command(neo4j)
    require(
        style_command() in command,
        "a Neo4j started with careergraph's Browser settings (scripts/neo4j restart)",
    )
    http_url = os.environ.get("NEO4J_HTTP_URL", "http://127.0.0.1:7474")
    code, out, err = run("browser", "pathway-between-roles", "--http-url", http_url, env=neo4j_env(settings))
    assert code == 0, err
    url = out.strip()
    assert settings.password not in url and "preselectAuthMethod=NATIVE" in url
    with chromium() as browser:
        page = open_connected(browser, url, settings.password)
        # The post-connect command styled Browser and set the default parameters.
        for command_start in (":style {", ":param {"):
            frame = page.locator("[data-testid=frameCommand]", has_text=command_start).first
            frame.wait_for(timeout=30_000)
            assert frame.inner_text().startswith(command_start)
        editor = page.locator("[data-testid=activeEditor]").inner_text().replace("\xa0", " ")
        assert "MATCH pathway = shortestPath" in editor
        page.locator("[data-testid=editor-Run]").click()
        result = page.locator("[data-testid=frame]").first
        result.get_by_text("Software Engineer").first.wait_for(timeout=30_000)
        assert "pathway-between-roles" in result.locator("[data-testid=frameCommand]").inner_text()
        names = result.locator("svg g.node").evaluate_all("nodes => nodes.map(n => n.textContent)")
        assert any("Software Engineer" in n for n in names) and any("Program Manager" in n for n in names)
        fills = result.locator("svg g.node circle").evaluate_all(
            "circles => circles.map(c => c.getAttribute('fill')).filter(f => f && f !== 'none')"
        )
        # Each node in careergraph's colour for its kind (the pathway's kinds, from Neo4j).
        [row] = run_named(neo4j, "pathway-between-roles", {}).rows
        kinds = {node["kind"] for node in row[0]}
        assert fills and {f.lower() for f in fills} == {KIND_COLOURS[kind].lower() for kind in kinds}
        assert ROLE_COLOUR in {f.lower() for f in fills}


def test_default_parameters_agree_across_queries():
    params = default_params()
    assert params["from"] == "software-engineer" and params["cert"] == "pmp"
