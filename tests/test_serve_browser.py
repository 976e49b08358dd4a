"""The explorer as a person uses it: a real uvicorn server on 127.0.0.1 and a real headless
Chromium (Playwright) typing, picking suggestions, clicking nodes and going back; and the
readability measurement at a 1366×768 window."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset
from careergraph.serve.app import MAX_QUERY_BYTES, create_app

from .browser import READABILITY, chromium
from .conftest import MINI

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "img" / "serve.png"
MIN_LABEL_PX = 11


@contextmanager
def running(backend) -> Iterator[str]:
    """The explorer served by uvicorn on a free port of 127.0.0.1, in a thread."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(backend), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = time.monotonic()
    while not server.started:
        assert time.monotonic() - started < 30, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def mini_server() -> Iterator[str]:
    with running(NetworkxBackend(load_dataset([MINI]))) as url:
        yield url


@pytest.fixture(scope="module")
def curated_server(curated) -> Iterator[str]:
    with running(curated) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Explorer:
    """One tab on the explorer, with everything it tried to reach beyond the server."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1366, "height": 768})
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog {d.message}"), d.dismiss()))

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, argument: object = None):
        return self.page.evaluate(expression, argument)

    def renders(self) -> int:
        return self.js("() => window.careergraph ? window.careergraph.renders : 0")

    def settle(self, after: int, timeout_s: float = 60) -> None:
        """Wait until the page has finished a render beyond ``after``."""
        started = time.monotonic()
        while self.renders() <= after:
            assert time.monotonic() - started < timeout_s, f"no render after {after}: {self.errors}"
            self.page.wait_for_timeout(25)

    def open(self, query: str) -> None:
        before = 0
        self.page.goto(self.base + query)
        self.settle(before)

    def pick(self, selector: str, text: str, node_id: str) -> None:
        """Type into a field like a person and click the suggestion for ``node_id``."""
        self.page.click(selector)
        self.page.keyboard.type(text, delay=30)
        suggestion = self.page.locator(f".suggestions li[data-id='{node_id}']")
        suggestion.wait_for(state="visible", timeout=10_000)
        suggestion.click()

    def click_node(self, node_id: str) -> None:
        point = self.js(
            "(id) => { const n = window.careergraph.network; "
            "return n.canvasToDOM(n.getPositions([id])[id]); }",
            node_id,
        )
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def readability(self) -> dict:
        return self.js(READABILITY)

    def assert_clean(self) -> None:
        assert self.blocked == [], "requests beyond the local server"
        assert self.errors == [], "console errors, page errors or dialogs"


@pytest.fixture
def explorer(browser, mini_server):
    tab = Explorer(browser, mini_server)
    yield tab
    tab.context.close()


def test_search_pathway_plan_hold_and_back(explorer) -> None:
    explorer.open("?view=path")
    explorer.pick("#path-from", "Develo", "dev")
    explorer.pick("#path-to", "program man", "pgm")
    before = explorer.renders()
    explorer.page.click("#form-path button[type=submit]")
    explorer.settle(before)
    path = explorer.js("() => window.careergraph.path")
    assert path["from"]["id"] == "dev" and path["to"]["id"] == "pgm"
    assert "view=path&from=dev&to=pgm" in explorer.page.url
    assert explorer.js("() => window.careergraph.nodes.length") == len(
        {n["id"] for p in path["paths"] for n in p["nodes"]}
    )

    explorer.page.click("#views a[data-view=plan]")
    explorer.page.fill("#plan-goal", "")
    explorer.pick("#plan-goal", "Professional c", "pmp")
    before = explorer.renders()
    explorer.page.click("#form-plan button[type=submit]")
    explorer.settle(before)
    plan = explorer.js("() => window.careergraph.plan")
    steps = [s["id"] for s in plan["steps"]]
    assert "diploma" in steps and steps[-1] == "pmp"

    before = explorer.renders()
    explorer.click_node("diploma")
    explorer.settle(before)
    held = explorer.js("() => window.careergraph.plan")
    assert "have=diploma" in explorer.page.url
    assert [n["id"] for n in held["have"]] == ["diploma"]
    assert len(held["steps"]) < len(steps) and "diploma" not in [s["id"] for s in held["steps"]]
    assert explorer.page.locator("#plan-totals").inner_text().startswith(f"{len(held['steps'])} steps")

    before = explorer.renders()
    explorer.page.go_back()
    explorer.settle(before)
    assert [s["id"] for s in explorer.js("() => window.careergraph.plan")["steps"]] == steps
    assert "have=" not in explorer.page.url
    explorer.assert_clean()


def test_a_pathway_not_proven_best_says_how_far_from_the_best_it_can_be(explorer, monkeypatch) -> None:
    from careergraph.queries import journeys

    monkeypatch.setattr(journeys, "MAX_LABELS", 1)  # the server runs in this process
    explorer.open("?view=path&from=dev&to=pgm&by=months")
    path = explorer.js("() => window.careergraph.path")
    assert path["exact"] is False and path["lower_bound"] <= path["paths"][0]["elapsed_months"]
    least = f"{path['lower_bound']:g} months"
    assert (
        explorer.page.locator("#path-proof")
        .inner_text()
        .endswith(f"(best found; none can take less than {least})")
    )
    explorer.assert_clean()


def test_a_months_holding_is_entered_on_a_click(explorer) -> None:
    explorer.open("?view=plan&goal=pmp&have=degree")
    elapsed = explorer.js("() => window.careergraph.plan.elapsed_months")
    explorer.click_node("experience")
    explorer.page.locator("#hold-months").wait_for(state="visible")
    explorer.page.fill("#hold-months", "30")
    before = explorer.renders()
    explorer.page.click("#hold-months-add")
    explorer.settle(before)
    assert "have=experience%3D30" in explorer.page.url
    assert explorer.js("() => window.careergraph.plan.elapsed_months") < elapsed
    explorer.assert_clean()


def test_a_typo_offers_did_you_mean_and_fixes_the_url(explorer) -> None:
    explorer.open("?view=node&node=Professionl%20crt")
    button = explorer.page.locator("#status button.did-you-mean").first
    assert "(pmp)" in button.inner_text()
    before = explorer.renders()
    button.click()
    explorer.settle(before)
    assert "node=pmp" in explorer.page.url
    assert explorer.page.locator("#pane > ul.tree").count() == 1


def test_the_requirement_tree_dims_what_is_held_and_marks_the_choice(explorer) -> None:
    explorer.open("?view=node&node=pmp&have=degree")
    tree = explorer.page.locator("#pane .tree").first
    assert tree.locator("li.satisfied[data-id=degree]").count() == 1
    assert tree.locator("li.chosen[data-id=route-degree]").count() == 1
    assert tree.locator("li.unchosen[data-id=route-diploma]").count() == 1
    explorer.assert_clean()


def test_hostile_text_in_the_url_stays_text(explorer) -> None:
    payload = "<img src=x onerror=window.__pwned=1>"
    explorer.open(f"?view=search&q={payload}")
    explorer.open(f"?view=node&node={payload}")
    assert explorer.js("() => window.__pwned === undefined")
    assert explorer.page.locator("#status img, #pane img").count() == 0
    assert payload in explorer.page.locator("#status").inner_text()


def test_a_profile_from_disk_stays_in_the_page(explorer, tmp_path) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("as_of: 2026-01-01\neducation:\n  - {name: Four-year degree, earned: 2015-06}\n")
    explorer.open("?view=plan&goal=pmp")
    before = explorer.renders()
    explorer.page.set_input_files("#profile-file", str(profile))
    explorer.settle(before)
    assert "degree" in [n["id"] for n in explorer.js("() => window.careergraph.plan.have")]
    assert "degree" not in explorer.page.url  # in memory, not in the address or history


@pytest.mark.parametrize(
    ("server", "query"),
    [
        ("mini_server", "?view=path&from=dev&to=pgm&k=3&by=months"),
        ("curated_server", "?view=path&from=software-engineer&to=program-manager&k=3&by=months"),
        ("curated_server", "?view=path&from=software-engineer&to=program-manager&k=3"),
        ("curated_server", "?view=path&from=software-engineer&to=program-manager&k=3&by=cost"),
        ("curated_server", "?view=path&from=software-engineer&to=program-manager&k=5&by=months"),
        ("curated_server", "?view=path&from=software-engineer&to=program-manager&k=10&by=cost"),
        ("curated_server", "?view=plan&goal=pgmp"),
        ("curated_server", "?view=plan&goal=cissp"),
    ],
)
def test_the_pathway_fits_the_window_with_readable_labels(browser, request, server, query) -> None:
    tab = Explorer(browser, request.getfixturevalue(server))
    try:
        tab.open(query)
        assert tab.js("() => window.careergraph.error") is None
        seen = tab.readability()
        print(
            f"{query}: labels {seen['label']:.1f} px, {len(seen['boxes'])} nodes "
            f"in {seen['width']}x{seen['height']}"
        )
        assert seen["label"] >= MIN_LABEL_PX
        if "view=path" in query:  # the pathways drawn, best first; the list names them all
            drawn, listed = tab.js("() => [careergraph.drawnPaths, careergraph.path.paths.length]")
            note = tab.page.locator("#pathways-drawn").text_content()
            assert 1 <= drawn <= listed and (f"first {drawn} of {listed}" in note) == (drawn < listed)
            if "k=10" in query:
                assert drawn < listed  # ten lanes never fit: the note is shown
        for box in seen["boxes"]:
            assert box["left"] >= 0 and box["top"] >= 0, box
            assert box["right"] <= seen["width"] and box["bottom"] <= seen["height"], box
        if (
            "program-manager&k=3&by=months" in query
            and os.environ.get("CAREERGRAPH_UPDATE_SCREENSHOTS") == "1"
        ):
            tab.page.screenshot(path=str(SCREENSHOT))  # the README's picture
        tab.assert_clean()
    finally:
        tab.context.close()


def raw_request(base: str, target: str, host: str | None = None) -> tuple[int, dict]:
    address = base.removeprefix("http://").rstrip("/")
    connection = http.client.HTTPConnection(address, timeout=10)
    connection.putrequest("GET", target, skip_host=True)
    connection.putheader("Host", host or address)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, json.loads(body) if response.getheader(
        "content-type"
    ) == "application/json" else {}


def test_the_real_server_refuses_a_long_query_and_a_foreign_host_and_keeps_serving(mini_server) -> None:
    status, body = raw_request(mini_server, "/api/search?q=" + "a" * (MAX_QUERY_BYTES + 10))
    assert status == 414 and "query string" in body["error"]
    assert raw_request(mini_server, "/api/stats", host="rebind.attacker.example")[0] == 400
    assert raw_request(mini_server, "/api/stats")[0] == 200
