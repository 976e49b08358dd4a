"""A real headless Chromium for the page tests: Debian's /usr/bin/chromium driven by
Playwright, with every network request blocked and recorded.

Playwright's own browser download is not used (scripts/install-chromium installs the
Debian package). Without Chromium or playwright the tests skip, or fail when CI=true.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import require

CHROMIUM = Path("/usr/bin/chromium")
LOCAL_SCHEMES = ("file:", "data:", "about:")


@contextmanager
def chromium() -> Iterator[object]:
    """A launched headless Chromium (a Playwright Browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright (pip install playwright)")
    require(CHROMIUM.exists(), f"{CHROMIUM} (run scripts/install-chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """One page opened from disk, and everything it tried to do."""

    page: object
    url: str
    seconds_to_ready: float = 0.0
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, argument: object = None):
        return self.page.evaluate(expression, argument)

    def assert_clean(self) -> None:
        """Only the file itself was requested, nothing blocked, no error, no dialog."""
        assert self.requests == [self.url], "requests beyond the page itself"
        assert self.blocked == [], "network requests attempted"
        assert self.console_errors == [], "console errors"
        assert self.page_errors == [], "uncaught page errors"
        assert self.dialogs == [], "dialogs opened"

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        point = self.js(
            """(id) => {
                const network = window.careergraph.network;
                return network.canvasToDOM(network.getPositions([id])[id]);
            }""",
            node_id,
        )
        box = self.page.locator("#network").bounding_box()
        return box["x"] + point["x"], box["y"] + point["y"]

    def click_node(self, node_id: str) -> None:
        """A real mouse click on the node."""
        self.page.mouse.click(*self.node_point(node_id))

    def hover_node(self, node_id: str) -> None:
        x, y = self.node_point(node_id)
        self.page.mouse.move(x - 3, y - 3)
        self.page.mouse.move(x, y)


def visit(browser, path: Path, timeout_s: float = 60, window: tuple[int, int] = (1400, 900)) -> Visit:
    """Open ``path`` from file:// in a ``window`` (width, height) with the network
    blocked; wait for the page to be ready."""
    context = browser.new_context(viewport={"width": window[0], "height": window[1]})
    page = context.new_page()
    result = Visit(page=page, url=path.resolve().as_uri())

    def route(route_):
        if route_.request.url.startswith(LOCAL_SCHEMES):
            route_.continue_()
        else:
            result.blocked.append(route_.request.url)
            route_.abort()

    def dialog(dialog_):
        result.dialogs.append(dialog_.message)
        dialog_.dismiss()

    context.route("**/*", route)
    page.on("request", lambda request: result.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and result.console_errors.append(message.text))
    page.on("pageerror", lambda error: result.page_errors.append(str(error)))
    page.on("dialog", dialog)
    started = time.monotonic()
    page.goto(result.url)
    # Polled from Python: page.wait_for_function evaluates its predicate with eval(),
    # which the pages' Content-Security-Policy (rightly) refuses.
    while not page.evaluate("() => Boolean(window.careergraph && window.careergraph.ready)"):
        if result.page_errors:
            raise AssertionError(f"{path.name} failed before it was ready: {result.page_errors}")
        if time.monotonic() - started > timeout_s:
            raise AssertionError(f"{path.name} not ready after {timeout_s} s: {result}")
        page.wait_for_timeout(20)
    result.seconds_to_ready = time.monotonic() - started
    return result


# Each framed node's drawn box in the network's CSS pixels, the network's size and the
# smallest label at the current scale (font size × scale): what "readable at first sight"
# is measured by on the static pages and in careergraph serve alike. A node's own font
# size where it has one (the static pages), else the page's (serve).
READABILITY = """() => {
    const c = window.careergraph, n = c.network;
    const frame = document.getElementById("network").getBoundingClientRect();
    const boxes = c.pathNodeIds.map((id) => {
        const b = n.getBoundingBox(id);
        const a = n.canvasToDOM({ x: b.left, y: b.top });
        const z = n.canvasToDOM({ x: b.right, y: b.bottom });
        return { id, left: a.x, top: a.y, right: z.x, bottom: z.y };
    });
    const sizes = c.pathNodeIds.map((id) => (c.nodes.get(id).font || {}).size || c.fontSize);
    const label = n.getScale() * Math.min(...sizes);
    return { width: frame.width, height: frame.height, label, boxes };
}"""
